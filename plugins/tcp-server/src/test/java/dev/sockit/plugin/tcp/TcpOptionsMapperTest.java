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

    @Test
    void sets_the_listener_options_itself_and_the_others_through_the_shared_setters() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options("{\"reuseAddress\": false,"
                + " \"tcpNoDelay\": false, \"backlog\": 1024, \"tcpFastOpen\": true}"), Transport.EPOLL);
        NetServerOptions server = mapping.server();
        assertEquals(1024, server.getAcceptBacklog());
        assertTrue(server.isTcpFastOpen());
        assertFalse(server.isReuseAddress());
        assertFalse(server.isTcpNoDelay());
        assertEquals(Map.of("reuseAddress", "false", "tcpNoDelay", "false", "backlog", "1024", "tcpFastOpen", "true"),
                mapping.report().applied());
        assertTrue(mapping.report().ignored().isEmpty());
    }

    @Test
    void sets_the_backlog_on_any_transport_but_tcpFastOpen_only_on_a_Linux_native_one() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(options("{\"backlog\": 100, \"tcpFastOpen\": true}"),
                Transport.NIO);
        assertFalse(mapping.server().isTcpFastOpen());
        assertEquals(100, mapping.server().getAcceptBacklog());
        assertEquals(List.of("option tcpFastOpen ignored: needs a Linux native transport (epoll or io_uring); nio is"
                + " in use"), mapping.report().warnings());
    }

    @Test
    void ignores_options_no_Vert_x_server_can_set_on_any_transport() {
        TcpOptionsMapper.Mapping mapping = TcpOptionsMapper.map(
                options("{\"tcpNotSentLowat\": 16384, \"ipv6Only\": true, \"broadcast\": true}"),
                Transport.EPOLL);
        assertEquals(Set.of("tcpNotSentLowat", "ipv6Only", "broadcast"), mapping.report().ignored().keySet());
        assertEquals("Vert.x cannot set TCP_NOTSENT_LOWAT on a server", mapping.report().ignored().get("tcpNotSentLowat"));
        assertEquals("SO_BROADCAST applies to UDP sockets only", mapping.report().ignored().get("broadcast"));
        assertTrue(mapping.report().applied().isEmpty());
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
