package dev.sockit.plugin.pool;

import dev.sockit.api.frame.CodecSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the kind tells the runtime before a pool is created: its name, its codec, the analyzer it names. */
class ConnectionPoolKindTest {

    private final ConnectionPoolKind kind = new ConnectionPoolKind();

    @Test
    void the_kind_is_connection_pool_and_hands_its_codec_to_the_runtime_to_check_at_load() {
        assertEquals("connection-pool", kind.name());
        ConnectionPoolConfig c = new ConnectionPoolConfig(List.of("127.0.0.1:7100"), null, null, null, null, null,
                null, null, null, null, null, null, null, CodecSpec.of("line"), null, null, null, null, "why", null);
        assertEquals(Map.of("codec", CodecSpec.of("line")), kind.codecs(c));
        assertEquals(Map.of("explainWith", "why"), kind.processReferences(c));
        assertEquals(Map.of("codec", CodecSpec.of("raw")), kind.codecs(ConnectionPoolConfig.of("127.0.0.1:7100")));
        assertEquals(Map.of(), kind.processReferences(ConnectionPoolConfig.of("127.0.0.1:7100")));
    }
}
