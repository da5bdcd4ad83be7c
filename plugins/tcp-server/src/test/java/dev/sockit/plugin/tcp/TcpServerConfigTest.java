package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sockit.api.ConfigException;
import dev.sockit.api.SocketOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TcpServerConfigTest {

    /** Binds the way the runtime does: unknown keys fail, enums in any case; no Duration module. */
    private static final ObjectMapper RUNTIME_LIKE = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    @Test
    void only_the_port_is_required_and_everything_else_has_a_default() {
        TcpServerConfig config = bind("{\"port\": 7007}");
        assertEquals(TcpServerConfig.DEFAULT_HOST, config.host());
        assertEquals(7007, config.port());
        assertEquals(TcpServerConfig.DEFAULT_HANDLER, config.handler());
        assertEquals(SocketOptions.NONE, config.options());
        assertNull(config.idleTimeout());
        assertNull(config.maxConnections());
        assertEquals(config, TcpServerConfig.ofPort(7007));
    }

    @Test
    void binds_every_key_as_a_config_writes_it() {
        TcpServerConfig config = bind("{\"host\": \"::1\", \"port\": 0, \"handler\": \"discard\","
                + " \"idleTimeout\": \"60s\", \"maxConnections\": 10000,"
                + " \"options\": {\"tcpNoDelay\": true, \"receiveBufferSize\": \"64KiB\", \"backlog\": 1024}}");
        assertEquals("::1", config.host());
        assertEquals(0, config.port());
        assertEquals(TcpServerConfig.Handler.DISCARD, config.handler());
        assertEquals(Duration.ofSeconds(60), config.idleTimeout());
        assertEquals(10000, config.maxConnections());
        assertEquals(65536, config.options().receiveBufferSize());
        assertEquals(1024, config.options().backlog());
    }

    @Test
    void rejects_a_missing_port_naming_the_key() {
        ConfigException e = configProblem("{\"host\": \"127.0.0.1\"}");
        assertEquals("port", e.path());
        assertEquals("port: is missing", e.getMessage());
    }

    @Test
    void rejects_a_port_above_65535() {
        ConfigException e = assertThrows(ConfigException.class, () -> TcpServerConfig.ofPort(70000));
        assertEquals("port", e.path());
        assertEquals("port: 70000 (expected: 0-65535)", e.getMessage());
    }

    @Test
    void rejects_maxConnections_of_0_and_above_ten_million() {
        assertEquals("maxConnections: 0 (expected: 1-10000000)",
                configProblem("{\"port\": 1, \"maxConnections\": 0}").getMessage());
        assertEquals("maxConnections", configProblem("{\"port\": 1, \"maxConnections\": 10000001}").path());
    }

    @Test
    void rejects_a_blank_host_and_a_zero_idleTimeout() {
        assertEquals("host", configProblem("{\"port\": 1, \"host\": \" \"}").path());
        assertEquals("idleTimeout", configProblem("{\"port\": 1, \"idleTimeout\": \"0s\"}").path());
    }

    @Test
    void rejects_an_unknown_key() {
        assertThrows(UnrecognizedPropertyException.class, () -> RUNTIME_LIKE.readValue(
                "{\"port\": 1, \"handlr\": \"echo\"}", TcpServerConfig.class));
    }

    @Test
    void reads_the_handler_in_any_case() {
        assertEquals(TcpServerConfig.Handler.ECHO, bind("{\"port\": 1, \"handler\": \"ECHO\"}").handler());
        assertEquals("discard", TcpServerConfig.Handler.DISCARD.json());
    }

    private static TcpServerConfig bind(String json) {
        try {
            return RUNTIME_LIKE.readValue(json, TcpServerConfig.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static ConfigException configProblem(String json) {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> RUNTIME_LIKE.readValue(json, TcpServerConfig.class));
        return assertInstanceOf(ConfigException.class, e.getCause());
    }
}
