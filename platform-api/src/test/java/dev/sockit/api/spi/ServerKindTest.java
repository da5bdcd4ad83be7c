package dev.sockit.api.spi;

import dev.sockit.api.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerKindTest {

    record RelayConfig(String host, int port, String forwardTo) implements ServerConfig {
        @Override
        public Endpoint endpoint() {
            return Endpoint.tcp(host, port);
        }
    }

    static final class RelayKind extends ServerKind<RelayConfig> {
        RelayKind() {
            super("relay", RelayConfig.class, "relays", context -> null);
        }
    }

    @Test
    void the_endpoint_is_the_one_the_config_names() {
        assertEquals(List.of(Endpoint.tcp("127.0.0.1", 7007)),
                new RelayKind().endpoints(new RelayConfig(ServerConfig.DEFAULT_HOST, 7007, null)));
    }

    @Test
    void forward_to_is_a_reference_only_when_the_config_names_a_process() {
        RelayKind kind = new RelayKind();
        assertEquals(Map.of("forwardTo", "sink"), kind.processReferences(new RelayConfig("::1", 7, "sink")));
        assertEquals(Map.of(), kind.processReferences(new RelayConfig("::1", 7, null)));
    }

    @Test
    void states_its_name_config_type_and_description() {
        RelayKind kind = new RelayKind();
        assertEquals("relay", kind.name());
        assertEquals(RelayConfig.class, kind.configType());
        assertEquals("relays", kind.description());
    }
}
