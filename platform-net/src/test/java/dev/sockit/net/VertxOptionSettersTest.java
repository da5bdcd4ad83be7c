package dev.sockit.net;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.TCPSSLOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VertxOptionSettersTest {

    /** Every option of a TCP connection, as a server or a client has it, with values no default has. */
    private static final SocketOptions CONNECTION = SocketOptions.builder()
            .set(SocketOptionTable.TCP_NO_DELAY, false)
            .set(SocketOptionTable.KEEP_ALIVE, true)
            .set(SocketOptionTable.KEEP_ALIVE_IDLE, Duration.ofSeconds(30))
            .set(SocketOptionTable.KEEP_ALIVE_INTERVAL, Duration.ofSeconds(5))
            .set(SocketOptionTable.KEEP_ALIVE_COUNT, 4)
            .set(SocketOptionTable.SO_LINGER, Duration.ofSeconds(2))
            .set(SocketOptionTable.SEND_BUFFER_SIZE, 32768)
            .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 65536)
            .set(SocketOptionTable.TRAFFIC_CLASS, 16)
            .set(SocketOptionTable.TCP_QUICK_ACK, true)
            .set(SocketOptionTable.TCP_CORK, true)
            .set(SocketOptionTable.TCP_USER_TIMEOUT, Duration.ofMillis(1500))
            .build();

    private static final VertxOptionSetters.Refusal NO_OBJECTION = key -> null;

    @Test
    void sets_every_option_of_a_TCP_connection_on_server_and_client_options_alike() {
        for (TCPSSLOptions target : List.<TCPSSLOptions>of(new NetServerOptions(), new NetClientOptions())) {
            OptionReport report = VertxOptionSetters.map(CONNECTION, Transport.EPOLL, target, NO_OBJECTION);
            String on = target.getClass().getSimpleName();
            assertFalse(target.isTcpNoDelay(), on);
            assertTrue(target.isTcpKeepAlive(), on);
            assertEquals(30, target.getTcpKeepAliveIdleSeconds(), on);
            assertEquals(5, target.getTcpKeepAliveIntervalSeconds(), on);
            assertEquals(4, target.getTcpKeepAliveCount(), on);
            assertEquals(2, target.getSoLinger(), on);
            assertEquals(32768, target.getSendBufferSize(), on);
            assertEquals(65536, target.getReceiveBufferSize(), on);
            assertEquals(16, target.getTrafficClass(), on);
            assertTrue(target.isTcpQuickAck(), on);
            assertTrue(target.isTcpCork(), on);
            assertEquals(1500, target.getTcpUserTimeout(), on);
            assertEquals(Map.ofEntries(Map.entry("tcpNoDelay", "false"), Map.entry("keepAlive", "true"),
                    Map.entry("keepAliveIdle", "30s"), Map.entry("keepAliveInterval", "5s"),
                    Map.entry("keepAliveCount", "4"), Map.entry("soLinger", "2s"),
                    Map.entry("sendBufferSize", "32768"), Map.entry("receiveBufferSize", "65536"),
                    Map.entry("trafficClass", "16"), Map.entry("tcpQuickAck", "true"), Map.entry("tcpCork", "true"),
                    Map.entry("tcpUserTimeout", "1500ms")), report.applied(), on);
            assertTrue(report.ignored().isEmpty(), on);
        }
    }

    @Test
    void lists_the_options_in_table_order() {
        OptionReport report = VertxOptionSetters.map(CONNECTION, Transport.EPOLL, new NetClientOptions(),
                NO_OBJECTION);
        assertEquals(CONNECTION.keys().stream().map(OptionKey::name).toList(), List.copyOf(report.applied().keySet()));
    }

    @Test
    void leaves_an_option_the_transport_cannot_apply_unset_with_the_transports_reason() {
        NetClientOptions client = new NetClientOptions();
        OptionReport report = VertxOptionSetters.map(CONNECTION, Transport.NIO, client, NO_OBJECTION);
        assertEquals(Set.of("keepAliveIdle", "keepAliveInterval", "keepAliveCount", "tcpQuickAck", "tcpCork",
                "tcpUserTimeout"), report.ignored().keySet());
        assertEquals("needs a Linux native transport (epoll or io_uring); nio is in use",
                report.ignored().get("tcpCork"));
        assertFalse(client.isTcpCork());
        assertFalse(client.isTcpQuickAck());
        assertEquals(new NetClientOptions().getTcpUserTimeout(), client.getTcpUserTimeout());
        assertEquals("65536", report.applied().get("receiveBufferSize"));
        SocketOptions reusePort = SocketOptions.builder().set(SocketOptionTable.REUSE_PORT, true).build();
        assertEquals(Map.of("reusePort", "needs a native transport (epoll, io_uring or kqueue); nio is in use"),
                VertxOptionSetters.map(reusePort, Transport.NIO, new NetServerOptions(), NO_OBJECTION).ignored());
        assertEquals(Map.of("reusePort", "true"),
                VertxOptionSetters.map(reusePort, Transport.KQUEUE, new NetServerOptions(), NO_OBJECTION).applied());
    }

    @Test
    void asks_the_process_before_the_transport_and_sets_nothing_it_refuses() {
        NetServerOptions server = new NetServerOptions();
        OptionReport report = VertxOptionSetters.map(CONNECTION, Transport.NIO, server,
                key -> key == SocketOptionTable.TCP_CORK || key == SocketOptionTable.SO_LINGER ? "not here" : null);
        assertEquals("not here", report.ignored().get("tcpCork"));
        assertEquals("not here", report.ignored().get("soLinger"));
        assertEquals(new NetServerOptions().getSoLinger(), server.getSoLinger());
        assertTrue(report.ignored().get("tcpQuickAck").endsWith("nio is in use"), report.toString());
    }

    @Test
    void rounds_a_fraction_of_a_second_of_linger_up_so_that_it_never_becomes_a_reset() {
        NetServerOptions server = new NetServerOptions();
        OptionReport report = VertxOptionSetters.map(SocketOptions.builder()
                .set(SocketOptionTable.SO_LINGER, Duration.ofMillis(500)).build(), Transport.NIO, server, NO_OBJECTION);
        assertEquals(1, server.getSoLinger());
        assertEquals("1s", report.applied().get("soLinger"));
        NetServerOptions zero = new NetServerOptions();
        VertxOptionSetters.map(SocketOptions.builder().set(SocketOptionTable.SO_LINGER, Duration.ZERO).build(),
                Transport.NIO, zero, NO_OBJECTION);
        assertEquals(0, zero.getSoLinger());
    }

    @Test
    void the_process_sets_what_the_common_bases_have_no_setter_for() {
        NetServerOptions server = new NetServerOptions();
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.BACKLOG, 100)
                .set(SocketOptionTable.TCP_NO_DELAY, true).build();
        OptionReport report = VertxOptionSetters.map(options, Transport.NIO, server, NO_OBJECTION,
                (target, key, kernel) -> {
                    if (key != SocketOptionTable.BACKLOG) {
                        return false;
                    }
                    target.setAcceptBacklog((int) kernel);
                    return true;
                });
        assertEquals(100, server.getAcceptBacklog());
        assertTrue(server.isTcpNoDelay());
        assertEquals(Map.of("tcpNoDelay", "true", "backlog", "100"), report.applied());
    }

    @Test
    void an_option_neither_refused_nor_settable_is_a_gap_in_the_caller_and_named() {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.TCP_NOT_SENT_LOWAT, 16384).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> VertxOptionSetters.map(options, Transport.EPOLL, new NetClientOptions(), NO_OBJECTION));
        assertEquals("no NetClientOptions setter for tcpNotSentLowat (expected: the caller refuses it)",
                e.getMessage());
    }

    @Test
    void sets_nothing_for_no_options_so_the_Vert_x_defaults_stay() {
        NetServerOptions server = new NetServerOptions();
        OptionReport report = VertxOptionSetters.map(SocketOptions.NONE, Transport.EPOLL, server, NO_OBJECTION);
        assertEquals(new NetServerOptions().toJson(), server.toJson());
        assertTrue(report.applied().isEmpty());
        assertTrue(report.ignored().isEmpty());
    }

    @Test
    void sets_the_options_any_socket_has_on_datagram_options() {
        DatagramSocketOptions datagram = new DatagramSocketOptions();
        assertTrue(VertxOptionSetters.setSocketOption(datagram, SocketOptionTable.REUSE_ADDRESS, 1));
        assertTrue(VertxOptionSetters.setSocketOption(datagram, SocketOptionTable.REUSE_PORT, 1));
        assertTrue(VertxOptionSetters.setSocketOption(datagram, SocketOptionTable.TRAFFIC_CLASS, 46));
        assertTrue(VertxOptionSetters.setSocketOption(datagram, SocketOptionTable.SEND_BUFFER_SIZE, 32768));
        assertTrue(datagram.isReuseAddress());
        assertTrue(datagram.isReusePort());
        assertEquals(46, datagram.getTrafficClass());
        assertEquals(32768, datagram.getSendBufferSize());
        DatagramSocketOptions untouched = new DatagramSocketOptions();
        assertFalse(VertxOptionSetters.setSocketOption(untouched, SocketOptionTable.BROADCAST, 1));
        assertFalse(VertxOptionSetters.setSocketOption(untouched, SocketOptionTable.TCP_NO_DELAY, 1));
        assertEquals(new DatagramSocketOptions().toJson(), untouched.toJson());
    }

    @Test
    void sets_the_options_of_a_connection_and_of_any_socket_and_leaves_the_rest_to_the_process() {
        Set<String> socket = new TreeSet<>();
        Set<String> tcp = new TreeSet<>();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (VertxOptionSetters.setSocketOption(new DatagramSocketOptions(), key, 1)) {
                socket.add(key.name());
            }
            if (VertxOptionSetters.setTcpOption(new NetClientOptions(), key, 1)) {
                tcp.add(key.name());
            }
        }
        assertEquals(new TreeSet<>(Set.of("reuseAddress", "reusePort", "trafficClass", "sendBufferSize",
                "receiveBufferSize")), socket);
        assertTrue(tcp.containsAll(socket), tcp.toString());
        Set<String> leftToTheProcess = new TreeSet<>();
        SocketOptionTable.all().stream().map(OptionKey::name).filter(name -> !tcp.contains(name))
                .forEach(leftToTheProcess::add);
        // A listener's backlog and TCP_FASTOPEN, a datagram socket's SO_BROADCAST; no Vert.x options class sets
        // TCP_NOTSENT_LOWAT or IPV6_V6ONLY.
        assertEquals(new TreeSet<>(Set.of("backlog", "tcpFastOpen", "broadcast", "tcpNotSentLowat", "ipv6Only")),
                leftToTheProcess);
    }
}
