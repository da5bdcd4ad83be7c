package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigPathDeserializer;
import dev.sockit.api.SocketOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void the_unix_path_and_the_tls_files_resolve_against_the_config_files_folder() throws Exception {
        Path folder = Path.of("/srv/site");
        TcpServerConfig unix = RUNTIME_LIKE.reader().withAttribute(ConfigPathDeserializer.CONFIG_FOLDER, folder)
                .forType(TcpServerConfig.class).readValue("{\"path\": \"run/echo.sock\"}");
        TcpServerConfig tls = RUNTIME_LIKE.reader().withAttribute(ConfigPathDeserializer.CONFIG_FOLDER, folder)
                .forType(TcpServerConfig.class).readValue("{\"port\": 0, \"tls\": {\"cert\": \"tls/s.pem\","
                        + " \"key\": \"/etc/s.key\"}}");

        assertEquals("/srv/site/run/echo.sock", unix.path());
        assertEquals("/srv/site/tls/s.pem", tls.tls().cert());
        assertEquals("/etc/s.key", tls.tls().key());
        assertEquals("run/echo.sock", bind("{\"path\": \"run/echo.sock\"}").path());
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
        assertEquals("port: is missing (expected: a port, or a path for a unix socket)", e.getMessage());
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

    @Test
    void binds_the_keys_of_handlers_limits_tls_and_unix_sockets() {
        TcpServerConfig config = bind("{\"path\": \"/run/sockit/echo.sock\", \"handler\": \"forward\","
                + " \"forwardTo\": \"events\", \"readTimeout\": \"30s\","
                + " \"trafficShaping\": {\"inboundBytesPerSecond\": \"1MiB\", \"outboundBytesPerSecond\": 4096},"
                + " \"tls\": {\"cert\": \"server.pem\", \"key\": \"server.key\"}}");
        assertEquals("/run/sockit/echo.sock", config.path());
        assertTrue(config.isUnixSocket());
        assertEquals(0, config.port());
        assertEquals(TcpServerConfig.Handler.FORWARD, config.handler());
        assertEquals("events", config.forwardTo());
        assertEquals(Duration.ofSeconds(30), config.readTimeout());
        assertEquals(1 << 20, config.trafficShaping().inboundBytesPerSecond());
        assertEquals(4096, config.trafficShaping().outboundBytesPerSecond());
        assertEquals(new TlsConfig("server.pem", "server.key", null), config.tls());
        assertTrue(bind("{\"port\": 1, \"tls\": {\"selfSigned\": true}}").tls().isSelfSigned());
    }

    @Test
    void the_new_keys_default_to_off() {
        TcpServerConfig config = bind("{\"port\": 7007}");
        assertNull(config.path());
        assertNull(config.readTimeout());
        assertNull(config.forwardTo());
        assertNull(config.trafficShaping());
        assertNull(config.tls());
        assertFalse(config.isUnixSocket());
    }

    @Test
    void rejects_both_port_and_path_and_a_host_with_a_path() {
        assertEquals("path: is set with port 7007 (expected: exactly one of port and path)",
                configProblem("{\"port\": 7007, \"path\": \"/tmp/x.sock\"}").getMessage());
        assertEquals("host", configProblem("{\"host\": \"::1\", \"path\": \"/tmp/x.sock\"}").path());
    }

    @Test
    void rejects_a_unix_socket_path_longer_than_107_bytes() {
        String path = "/tmp/" + "d".repeat(100) + ".sock";
        ConfigException e = configProblem("{\"path\": \"" + path + "\"}");
        assertEquals("path", e.path());
        assertTrue(e.problem().startsWith("is 110 bytes long (expected: at most 107 bytes"), e.problem());
    }

    @Test
    void forward_needs_a_process_id_in_forwardTo_and_other_handlers_refuse_one() {
        assertEquals("forwardTo", configProblem("{\"port\": 1, \"handler\": \"forward\"}").path());
        assertEquals("forwardTo: is set but handler is echo (expected: handler forward, or no forwardTo)",
                configProblem("{\"port\": 1, \"forwardTo\": \"events\"}").getMessage());
        assertTrue(configProblem("{\"port\": 1, \"handler\": \"forward\", \"forwardTo\": \"Events!\"}")
                .problem().contains("is not a process id"));
    }

    @Test
    void rejects_a_readTimeout_of_0_and_traffic_shaping_without_a_limit() {
        assertEquals("readTimeout", configProblem("{\"port\": 1, \"readTimeout\": \"0s\"}").path());
        assertEquals("trafficShaping: sets no limit (expected: inboundBytesPerSecond, outboundBytesPerSecond"
                + " or both)", configProblem("{\"port\": 1, \"trafficShaping\": {}}").getMessage());
        assertEquals("trafficShaping.outboundBytesPerSecond: 0 (expected: 1-2147483647)",
                configProblem("{\"port\": 1, \"trafficShaping\": {\"outboundBytesPerSecond\": 0}}")
                        .getMessage());
    }

    @Test
    void tls_takes_cert_and_key_or_selfSigned_but_not_both_or_half() {
        assertEquals("tls.key: is missing (expected: a non-empty value)",
                configProblem("{\"port\": 1, \"tls\": {\"cert\": \"a.pem\"}}").getMessage());
        assertEquals("tls.cert", configProblem("{\"port\": 1, \"tls\": {\"cert\": \"a.pem\","
                + " \"key\": \"a.key\", \"selfSigned\": true}}").path());
        assertEquals("tls", configProblem("{\"port\": 1, \"tls\": {\"selfSigned\": false}}").path());
    }

    @Test
    void reads_the_new_handlers_by_name() {
        assertEquals(TcpServerConfig.Handler.CHARGEN, bind("{\"port\": 1, \"handler\": \"chargen\"}").handler());
        assertEquals(TcpServerConfig.Handler.DAYTIME, bind("{\"port\": 1, \"handler\": \"daytime\"}").handler());
        assertEquals("forward", TcpServerConfig.Handler.FORWARD.json());
    }

    @Test
    void rejects_idle_and_read_timeouts_above_24_hours_however_long() {
        assertEquals("idleTimeout: 25h (expected: 1ms-24h)",
                configProblem("{\"port\": 1, \"idleTimeout\": \"25h\"}").getMessage());
        assertEquals("readTimeout: 239999999999976h (expected: 1ms-24h)",
                configProblem("{\"port\": 1, \"readTimeout\": \"9999999999999d\"}").getMessage());
        assertEquals(Duration.ofHours(24), bind("{\"port\": 1, \"idleTimeout\": \"24h\"}").idleTimeout());
        assertEquals(Duration.ofMillis(1), bind("{\"port\": 1, \"readTimeout\": \"1ms\"}").readTimeout());
    }

    @Test
    void rejects_a_host_that_is_neither_an_address_nor_a_name_without_looking_it_up() {
        assertEquals("host: 'not a host!!' is not a host (expected: an IP address such as 127.0.0.1 or ::1, or a"
                + " host name such as localhost)", configProblem("{\"port\": 1, \"host\": \"not a host!!\"}")
                .getMessage());
        for (String bad : new String[] {"256.1.1.1", "1.2.3", "-a.example", "a..b", "::g", "a b", "x".repeat(64)}) {
            assertEquals("host", configProblem("{\"port\": 1, \"host\": \"" + bad + "\"}").path(), bad);
        }
        for (String good : new String[] {"127.0.0.1", "0.0.0.0", "::", "::1", "fe80::1%lo", "localhost",
                "no-such-host.invalid", "a.example.", "my_host"}) {
            assertEquals(good, bind("{\"port\": 1, \"host\": \"" + good + "\"}").host());
        }
    }

    @Test
    void quotes_at_most_80_characters_of_a_bad_forwardTo() {
        String problem = configProblem("{\"port\": 1, \"handler\": \"forward\", \"forwardTo\": \""
                + "X".repeat(4000) + "\"}").problem();

        assertTrue(problem.startsWith("'" + "X".repeat(80) + "...' (4000 characters) is not a process id"), problem);
    }

    @Test
    void names_the_forwardTo_process_as_a_reference_the_runtime_checks() {
        TcpServerKind kind = new TcpServerKind();

        assertEquals(java.util.Map.of("forwardTo", "events"), kind.processReferences(
                bind("{\"port\": 1, \"handler\": \"forward\", \"forwardTo\": \"events\"}")));
        assertEquals(java.util.Map.of(), kind.processReferences(bind("{\"port\": 1}")));
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
        ConfigException problem = assertInstanceOf(ConfigException.class, e.getCause());
        // As the runtime does: Jackson's path to the nested value goes in front of the problem's own path.
        String at = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(Objects::nonNull).collect(Collectors.joining("."));
        return problem.under(at);
    }
}
