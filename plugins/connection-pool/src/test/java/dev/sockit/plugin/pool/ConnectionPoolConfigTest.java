package dev.sockit.plugin.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sockit.api.ConfigException;
import dev.sockit.api.HostPort;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.Transport;
import dev.sockit.api.frame.CodecSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's config as users write it (issue 11's contract), its defaults, and its refusals naming the key. */
class ConnectionPoolConfigTest {

    /** Binds the way the runtime does: unknown keys fail, enums in any case; no Duration module. */
    private static final ObjectMapper RUNTIME_LIKE = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    @Test
    void the_issue_s_example_binds_and_everything_else_takes_its_default() {
        ConnectionPoolConfig c = bind("{\"targets\": [\"127.0.0.1:7100\"], \"maxSize\": 8, \"acquireTimeout\":"
                + " \"2s\", \"codec\": {\"type\": \"length-field\", \"length\": 4}}");
        assertEquals(List.of(HostPort.of("127.0.0.1", 7100)), c.targetAddresses());
        assertEquals(8, c.maxSize());
        assertEquals(Duration.ofSeconds(2), c.acquireTimeout());
        assertEquals("length-field", c.codec().type());
        assertEquals(4, c.codec().settings().get("length").asInt());
        assertEquals(Balance.ROUND_ROBIN, c.balance());
        assertEquals(1, c.minIdle());
        assertEquals(1024, c.maxWaiters());
        assertEquals(Duration.ofSeconds(1), c.connectTimeout());
        assertEquals(Duration.ofMinutes(10), c.idleTimeout());
        assertEquals(Duration.ofMinutes(30), c.maxLifetime());
        assertEquals(Duration.ofMinutes(2), c.keepalive());
        assertEquals(Duration.ZERO, c.leakDetectionThreshold());
        assertEquals(Duration.ofSeconds(2), c.requestTimeout());
        assertNull(c.tls());
        assertNull(c.explainWith());
    }

    @Test
    void every_contract_key_binds() {
        ConnectionPoolConfig c = bind("{\"targets\": [\"127.0.0.1:7100\", \"[::1]:7101\"], \"balance\":"
                + " \"power-of-two\", \"maxSize\": 4, \"minIdle\": 0, \"maxWaiters\": 0, \"acquireTimeout\": \"1s\","
                + " \"connectTimeout\": \"500ms\", \"idleTimeout\": \"0s\", \"maxLifetime\": \"1h\", \"keepalive\":"
                + " \"30s\", \"leakDetectionThreshold\": \"2s\", \"options\": {\"tcpNoDelay\": true}, \"tls\":"
                + " {\"trustAll\": true}, \"codec\": \"line\", \"requestTimeout\": \"3s\"}");
        assertEquals("[::1]:7101", c.targets().get(1));
        assertEquals(Balance.POWER_OF_TWO, c.balance());
        assertEquals(Duration.ZERO, c.idleTimeout(), "0s turns idle eviction off");
        assertEquals(CodecSpec.of("line"), c.codec());
        assertEquals(Boolean.TRUE, c.options().get(SocketOptionTable.TCP_NO_DELAY));
        assertTrue(c.tls().trustAll());
        assertTrue(c.tls().verifyHost());
        assertEquals(0, c.settings().idleTimeout());
        assertEquals(2_000_000_000L, c.settings().leakThreshold());
    }

    @Test
    void bad_values_are_refused_naming_the_key_the_value_and_what_was_expected() {
        assertEquals("targets: is missing (expected: a list of host:port, such as [\"127.0.0.1:7100\"])",
                problem("{}").getMessage());
        assertEquals("targets[1]: 'localhost' is not host:port (expected: such as 127.0.0.1:7100 or [::1]:7100)",
                problem("{\"targets\": [\"127.0.0.1:1\", \"localhost\"]}").getMessage());
        assertEquals("targets[1]: 127.0.0.1:1 is listed twice (expected: each target once)",
                problem("{\"targets\": [\"127.0.0.1:1\", \"127.0.0.1:1\"]}").getMessage());
        assertEquals("maxSize: 0 (expected: 1-10000)", problem("{\"targets\": [\"h:1\"], \"maxSize\": 0}")
                .getMessage());
        assertEquals("minIdle: 5 (expected: 0-4, at most maxSize)",
                problem("{\"targets\": [\"h:1\"], \"maxSize\": 4, \"minIdle\": 5}").getMessage());
        assertEquals("acquireTimeout: 1ms (expected: 10ms-10m)",
                problem("{\"targets\": [\"h:1\"], \"acquireTimeout\": \"1ms\"}").getMessage());
        assertEquals("balance: 'random' (expected: round-robin, least-in-use or power-of-two)",
                problem("{\"targets\": [\"h:1\"], \"balance\": \"random\"}").getMessage());
        assertEquals("options.backlog: applies to a listening socket, not to a pool's connections (expected: an"
                + " option of a TCP connection, such as tcpNoDelay or keepAlive)",
                problem("{\"targets\": [\"h:1\"], \"options\": {\"backlog\": 10}}").getMessage());
        assertEquals("tls.trustAll: is set with trust (expected: one of them)",
                problem("{\"targets\": [\"h:1\"], \"tls\": {\"trustAll\": true, \"trust\": \"ca.pem\"}}")
                        .getMessage());
        assertEquals("explainWith: 'A B' is not a process id (expected: lower-case letters, digits, '-' and '_',"
                + " starting with a letter or digit, at most 64)",
                problem("{\"targets\": [\"h:1\"], \"explainWith\": \"A B\"}").getMessage());
    }

    @Test
    void options_a_transport_cannot_apply_are_reported_not_dropped() {
        ConnectionPoolConfig c = bind("{\"targets\": [\"h:1\"], \"options\": {\"tcpNoDelay\": true,"
                + " \"tcpQuickAck\": true, \"tcpNotSentLowat\": 16384}}");
        ClientOptionsMapper.Mapping nio = ClientOptionsMapper.map(c.options(), Transport.NIO);
        assertEquals("true", nio.report().applied().get("tcpNoDelay"));
        assertTrue(nio.client().isTcpNoDelay());
        assertTrue(nio.report().isIgnored("tcpQuickAck"), nio.report().toString());
        assertEquals("Vert.x cannot set TCP_NOTSENT_LOWAT on a client connection",
                nio.report().ignored().get("tcpNotSentLowat"));
    }

    private static ConnectionPoolConfig bind(String json) {
        try {
            return RUNTIME_LIKE.readValue(json, ConnectionPoolConfig.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static ConfigException problem(String json) {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> RUNTIME_LIKE.readValue(json, ConnectionPoolConfig.class));
        ConfigException problem = assertInstanceOf(ConfigException.class, e.getCause(), e.toString());
        String at = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(Objects::nonNull).collect(Collectors.joining("."));
        return at.equals(problem.path()) ? problem : problem.under(at);
    }
}
