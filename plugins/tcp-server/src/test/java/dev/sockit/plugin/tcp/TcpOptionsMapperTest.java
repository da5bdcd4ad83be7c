package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import io.vertx.core.net.NetServerOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpOptionsMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String LINUX_ONLY = "{\"reusePort\": true, \"keepAliveIdle\": \"30s\","
            + " \"keepAliveInterval\": \"5s\", \"keepAliveCount\": 4, \"tcpFastOpen\": true, \"tcpQuickAck\": true,"
            + " \"tcpCork\": true, \"tcpUserTimeout\": \"1500ms\", \"receiveBufferSize\": \"64KiB\"}";

    @Test
    void sets_the_portable_options_on_every_transport() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options("{\"reuseAddress\": false,"
                + " \"tcpNoDelay\": false, \"keepAlive\": true, \"soLinger\": \"2s\", \"sendBufferSize\": 32768,"
                + " \"receiveBufferSize\": \"64KiB\", \"backlog\": 1024, \"trafficClass\": 16}"),
                Transport.NIO);
        NetServerOptions server = mapping.server();
        assertFalse(server.isReuseAddress());
        assertFalse(server.isTcpNoDelay());
        assertTrue(server.isTcpKeepAlive());
        assertEquals(2, server.getSoLinger());
        assertEquals(32768, server.getSendBufferSize());
        assertEquals(65536, server.getReceiveBufferSize());
        assertEquals(1024, server.getAcceptBacklog());
        assertEquals(16, server.getTrafficClass());
        assertEquals(Map.of("reuseAddress", "false", "tcpNoDelay", "false", "keepAlive", "true", "soLinger", "2s",
                "sendBufferSize", "32768", "receiveBufferSize", "65536", "backlog", "1024", "trafficClass", "16"),
                mapping.report().applied());
        assertTrue(mapping.report().ignored().isEmpty());
        assertTrue(mapping.report().warnings().isEmpty());
    }

    @Test
    void warns_about_native_only_options_without_a_native_transport() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options(LINUX_ONLY), Transport.NIO);
        assertEquals(Set.of("reusePort", "keepAliveIdle", "keepAliveInterval", "keepAliveCount", "tcpFastOpen",
                "tcpQuickAck", "tcpCork", "tcpUserTimeout"), mapping.report().ignored().keySet());
        assertEquals(Map.of("receiveBufferSize", "65536"), mapping.report().applied());
        List<String> warnings = mapping.report().warnings();
        assertEquals(8, warnings.size());
        assertTrue(warnings.contains("option tcpQuickAck ignored: needs a Linux native transport (epoll or io_uring);"
                + " nio is in use"), warnings.toString());
        assertTrue(warnings.contains("option reusePort ignored: needs a native transport (epoll, io_uring or"
                + " kqueue); nio is in use"), warnings.toString());
        NetServerOptions server = mapping.server();
        assertFalse(server.isTcpQuickAck());
        assertFalse(server.isTcpCork());
        assertFalse(server.isReusePort());
        assertEquals(65536, server.getReceiveBufferSize());
    }

    @Test
    void sets_the_Linux_options_on_epoll() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options(LINUX_ONLY), Transport.EPOLL);
        NetServerOptions server = mapping.server();
        assertTrue(server.isReusePort());
        assertEquals(30, server.getTcpKeepAliveIdleSeconds());
        assertEquals(5, server.getTcpKeepAliveIntervalSeconds());
        assertEquals(4, server.getTcpKeepAliveCount());
        assertTrue(server.isTcpFastOpen());
        assertTrue(server.isTcpQuickAck());
        assertTrue(server.isTcpCork());
        assertEquals(1500, server.getTcpUserTimeout());
        assertEquals("1500ms", mapping.report().applied().get("tcpUserTimeout"));
        assertTrue(mapping.report().ignored().isEmpty());
    }

    @Test
    void kqueue_sets_reusePort_but_not_the_Linux_options() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options(LINUX_ONLY), Transport.KQUEUE);
        assertTrue(mapping.server().isReusePort());
        assertFalse(mapping.report().ignored().containsKey("reusePort"));
        assertTrue(mapping.report().ignored().containsKey("tcpCork"));
    }

    @Test
    void ignores_options_no_Vert_x_server_can_set_on_any_transport() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(
                options("{\"tcpNotSentLowat\": 16384, \"ipv6Only\": true, \"broadcast\": true}"),
                Transport.EPOLL);
        assertEquals(Set.of("tcpNotSentLowat", "ipv6Only", "broadcast"), mapping.report().ignored().keySet());
        assertTrue(mapping.report().applied().isEmpty());
    }

    @Test
    void rounds_a_fraction_of_a_second_of_linger_up_so_that_it_never_becomes_a_reset() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options("{\"soLinger\": \"500ms\"}"),
                Transport.NIO);
        assertEquals(1, mapping.server().getSoLinger());
        assertEquals("1s", mapping.report().applied().get("soLinger"));
        assertEquals(0, TcpOptionsMapper.map(options("{\"soLinger\": \"0s\"}"), Transport.NIO)
                .server().getSoLinger());
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_option_of_the_table_is_applied_or_ignored_with_a_reason_on_every_transport() {
        SocketOptions.Builder every = SocketOptions.builder();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            switch (key.type()) {
                case BOOLEAN -> every.set((OptionKey<Boolean>) key, true);
                case DURATION -> every.set((OptionKey<Duration>) key, Duration.of(Math.max(1, key.min()), key.unit()));
                default -> every.set((OptionKey<Integer>) key, (int) Math.max(1, key.min()));
            }
        }
        for (Transport transport : Transport.values()) {
            for (boolean unix : new boolean[] {false, true}) {
                TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(every.build(), transport, unix);
                for (OptionKey<?> key : SocketOptionTable.all()) {
                    assertTrue(mapping.report().applied().containsKey(key.name()) ^ mapping.report().ignored().containsKey(key.name()),
                            key + " on " + transport + (unix ? " (unix)" : "") + ": " + mapping);
                }
            }
        }
        TcpOptionsMapper.Mapping epoll = TcpOptionsMapper.map(every.build(), Transport.EPOLL);
        assertEquals(Set.of("tcpNotSentLowat", "ipv6Only", "broadcast"), epoll.report().ignored().keySet());
    }

    @Test
    void sets_nothing_for_no_options_so_the_Vert_x_defaults_stay() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(SocketOptions.NONE, Transport.EPOLL);
        assertEquals(new NetServerOptions().toJson(), mapping.server().toJson());
        assertTrue(mapping.report().applied().isEmpty());
        assertTrue(mapping.report().ignored().isEmpty());
    }

    @Test
    void hands_out_a_fresh_copy_of_the_server_options_each_time() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(SocketOptions.NONE, Transport.NIO);
        mapping.server().setPort(7007);
        assertEquals(new NetServerOptions().getPort(), mapping.server().getPort());
    }

    @Test
    void on_a_unix_socket_only_the_buffer_sizes_and_the_backlog_apply() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options("{\"tcpNoDelay\": true, \"soLinger\": \"1s\","
                + " \"receiveBufferSize\": \"64KiB\", \"backlog\": 100}"), Transport.EPOLL, true);
        assertEquals(Map.of("receiveBufferSize", "65536", "backlog", "100"), mapping.report().applied());
        assertEquals(Map.of("tcpNoDelay", "applies to TCP sockets, not to a unix domain socket",
                "soLinger", "applies to TCP sockets, not to a unix domain socket"), mapping.report().ignored());
        assertEquals(new NetServerOptions().getSoLinger(), mapping.server().getSoLinger());
    }

    private static SocketOptions options(String json) {
        try {
            return JSON.readValue(json, SocketOptions.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
