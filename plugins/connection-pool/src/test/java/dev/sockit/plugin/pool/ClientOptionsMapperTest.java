package dev.sockit.plugin.pool;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import io.vertx.core.net.NetClientOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the pool's mapper adds to platform-net's {@code VertxOptionSetters}: its refusal and its coverage. */
class ClientOptionsMapperTest {

    @Test
    void refuses_TCP_NOTSENT_LOWAT_with_its_own_reason_even_where_the_transport_would_refuse_it_too() {
        SocketOptions lowat = SocketOptions.builder().set(SocketOptionTable.TCP_NOT_SENT_LOWAT, 16384).build();
        for (Transport transport : Transport.values()) {
            ClientOptionsMapper.Mapping mapping = ClientOptionsMapper.map(lowat, transport);
            assertEquals(Map.of("tcpNotSentLowat", "Vert.x cannot set TCP_NOTSENT_LOWAT on a client connection"),
                    mapping.report().ignored(), transport.json());
            assertEquals(new NetClientOptions().toJson(), mapping.client().toJson(), transport.json());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_option_the_config_admits_is_applied_or_ignored_with_a_reason_on_every_transport() {
        SocketOptions.Builder every = SocketOptions.builder();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (!key.appliesTo(OptionKey.Role.CONNECTION)) {
                continue; // ConnectionPoolConfig refuses it
            }
            switch (key.type()) {
                case BOOLEAN -> every.set((OptionKey<Boolean>) key, true);
                case DURATION -> every.set((OptionKey<Duration>) key, Duration.of(Math.max(1, key.min()), key.unit()));
                default -> every.set((OptionKey<Integer>) key, (int) Math.max(1, key.min()));
            }
        }
        SocketOptions options = every.build();
        for (Transport transport : Transport.values()) {
            ClientOptionsMapper.Mapping mapping = ClientOptionsMapper.map(options, transport);
            for (OptionKey<?> key : options.keys()) {
                assertTrue(mapping.report().isApplied(key.name()) ^ mapping.report().isIgnored(key.name()),
                        key + " on " + transport + ": " + mapping);
            }
        }
        assertEquals(Map.of("tcpNotSentLowat", "Vert.x cannot set TCP_NOTSENT_LOWAT on a client connection"),
                ClientOptionsMapper.map(options, Transport.EPOLL).report().ignored());
    }

    @Test
    void hands_out_a_fresh_copy_of_the_client_options_each_time() {
        ClientOptionsMapper.Mapping mapping = ClientOptionsMapper.map(SocketOptions.NONE, Transport.NIO);
        mapping.client().setConnectTimeout(1);
        assertEquals(new NetClientOptions().getConnectTimeout(), mapping.client().getConnectTimeout());
    }
}
