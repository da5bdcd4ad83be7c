package dev.sockit.plugin.udp;

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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpServerConfigTest {

    /** Binds the way the runtime does: unknown keys fail, enums in any case, no text for numbers. */
    private static final ObjectMapper RUNTIME_LIKE = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    @Test
    void only_the_port_is_required_and_everything_else_has_a_default() {
        UdpServerConfig config = bind("{\"port\": 7007}");
        assertEquals(UdpServerConfig.DEFAULT_HOST, config.host());
        assertEquals(7007, config.port());
        assertEquals(UdpServerConfig.DEFAULT_HANDLER, config.handler());
        assertNull(config.forwardTo());
        assertEquals(SocketOptions.NONE, config.options());
        assertEquals(List.of(), config.multicast());
        assertNull(config.multicastTtl());
        assertNull(config.multicastLoopback());
        assertEquals(65_507, config.maxDatagramSize());
        assertEquals(config, UdpServerConfig.ofPort(7007));
    }

    @Test
    void binds_every_key_as_a_config_writes_it() {
        UdpServerConfig config = bind("{\"host\": \"0.0.0.0\", \"port\": 0, \"handler\": \"forward\","
                + " \"forwardTo\": \"sink\", \"maxDatagramSize\": \"8KiB\", \"multicastTtl\": 4,"
                + " \"multicastLoopback\": false,"
                + " \"multicast\": [{\"group\": \"239.1.2.3\", \"interface\": \"eth0\", \"source\": \"192.0.2.10\"},"
                + " {\"group\": \"239.1.2.4\"}],"
                + " \"options\": {\"reusePort\": true, \"receiveBufferSize\": \"4MiB\", \"broadcast\": true}}");
        assertEquals("0.0.0.0", config.host());
        assertEquals(UdpServerConfig.Handler.FORWARD, config.handler());
        assertEquals("sink", config.forwardTo());
        assertEquals(8192, config.maxDatagramSize());
        assertEquals(4, config.multicastTtl());
        assertEquals(Boolean.FALSE, config.multicastLoopback());
        assertEquals(new UdpServerConfig.MulticastGroup("239.1.2.3", "eth0", "192.0.2.10"), config.multicast().get(0));
        assertEquals(new UdpServerConfig.MulticastGroup("239.1.2.4", null, null), config.multicast().get(1));
        assertEquals("239.1.2.3 on eth0 from 192.0.2.10", config.multicast().get(0).toString());
        assertEquals(4 << 20, config.options().receiveBufferSize());
    }

    @Test
    void rejects_a_missing_port_naming_the_key() {
        ConfigException e = configProblem("{\"host\": \"127.0.0.1\"}");
        assertEquals("port", e.path());
        assertEquals("port: is missing", e.getMessage());
    }

    @Test
    void rejects_a_port_above_65535() {
        ConfigException e = assertThrows(ConfigException.class, () -> UdpServerConfig.ofPort(70000));
        assertEquals("port: 70000 (expected: 0-65535)", e.getMessage());
    }

    @Test
    void rejects_a_maxDatagramSize_of_0_or_above_65507() {
        assertEquals("maxDatagramSize: 0 (expected: 1-65507)",
                configProblem("{\"port\": 1, \"maxDatagramSize\": 0}").getMessage());
        assertEquals("maxDatagramSize: 65536 (expected: 1-65507)",
                configProblem("{\"port\": 1, \"maxDatagramSize\": \"64KiB\"}").getMessage());
    }

    @Test
    void maxInFlight_defaults_to_64_takes_1_to_1024_with_forward_only() {
        assertEquals(64, bind("{\"port\": 1, \"handler\": \"forward\", \"forwardTo\": \"sink\"}").maxInFlight());
        assertEquals(1024, bind("{\"port\": 1, \"handler\": \"forward\", \"forwardTo\": \"sink\","
                + " \"maxInFlight\": 1024}").maxInFlight());
        assertEquals("maxInFlight: 0 (expected: 1-1024)", configProblem("{\"port\": 1, \"handler\": \"forward\","
                + " \"forwardTo\": \"sink\", \"maxInFlight\": 0}").getMessage());
        assertEquals("maxInFlight: 8 is set but handler is echo (expected: maxInFlight only with handler: forward)",
                configProblem("{\"port\": 1, \"maxInFlight\": 8}").getMessage());
    }

    @Test
    void forward_needs_forwardTo_and_only_forward_takes_it() {
        assertEquals("forwardTo: is missing (expected: a non-empty value)",
                configProblem("{\"port\": 1, \"handler\": \"forward\"}").getMessage());
        assertEquals("forwardTo: 'sink' is set but handler is echo (expected: forwardTo only with handler: forward)",
                configProblem("{\"port\": 1, \"forwardTo\": \"sink\"}").getMessage());
        assertEquals("forwardTo", configProblem("{\"port\": 1, \"handler\": \"forward\", \"forwardTo\": \"Not Id\"}")
                .path());
    }

    @Test
    void rejects_a_multicastTtl_above_255() {
        assertEquals("multicastTtl: 256 (expected: 0-255)",
                configProblem("{\"port\": 1, \"multicastTtl\": 256}").getMessage());
    }

    @Test
    void rejects_a_group_that_is_not_a_multicast_literal() {
        ConfigException unicast = configProblem("{\"port\": 1, \"host\": \"0.0.0.0\","
                + " \"multicast\": [{\"group\": \"10.0.0.1\"}]}");
        assertEquals("group", unicast.path());
        assertTrue(unicast.getMessage().startsWith("group: '10.0.0.1' is not a multicast address"),
                unicast.getMessage());
        assertEquals("group", configProblem("{\"port\": 1, \"host\": \"0.0.0.0\","
                + " \"multicast\": [{\"group\": \"example.com\"}]}").path());
    }

    @Test
    void rejects_a_source_of_the_other_family_or_a_multicast_source() {
        assertEquals("source", configProblem("{\"port\": 1, \"host\": \"0.0.0.0\","
                + " \"multicast\": [{\"group\": \"239.1.1.1\", \"source\": \"2001:db8::1\"}]}").path());
        assertEquals("source", configProblem("{\"port\": 1, \"host\": \"0.0.0.0\","
                + " \"multicast\": [{\"group\": \"239.1.1.1\", \"source\": \"239.1.1.2\"}]}").path());
    }

    @Test
    void multicast_needs_a_wildcard_or_group_host_of_the_group_family() {
        assertEquals("host: 127.0.0.1 cannot receive datagrams sent to a group (expected: 0.0.0.0 or a group"
                + " address when multicast is set)", configProblem("{\"port\": 1,"
                + " \"multicast\": [{\"group\": \"239.1.1.1\"}]}").getMessage());
        assertEquals("multicast[0].group", configProblem("{\"port\": 1, \"host\": \"::\","
                + " \"multicast\": [{\"group\": \"239.1.1.1\"}]}").path());
        assertEquals(1, bind("{\"port\": 1, \"host\": \"239.1.1.1\", \"multicast\": [{\"group\": \"239.1.1.1\"}]}")
                .multicast().size());
        assertEquals(1, bind("{\"port\": 1, \"host\": \"::\", \"multicast\": [{\"group\": \"ff15::1234\"}]}")
                .multicast().size());
    }

    @Test
    void rejects_the_same_group_twice() {
        ConfigException e = configProblem("{\"port\": 1, \"host\": \"0.0.0.0\","
                + " \"multicast\": [{\"group\": \"239.1.1.1\"}, {\"group\": \"239.1.1.1\"}]}");
        assertEquals("multicast[1]", e.path());
    }

    @Test
    void rejects_an_unknown_key_in_the_config_and_in_a_group() {
        assertThrows(UnrecognizedPropertyException.class, () -> RUNTIME_LIKE.readValue(
                "{\"port\": 1, \"handlr\": \"echo\"}", UdpServerConfig.class));
        assertThrows(UnrecognizedPropertyException.class, () -> RUNTIME_LIKE.readValue("{\"port\": 1,"
                + " \"host\": \"0.0.0.0\", \"multicast\": [{\"group\": \"239.1.1.1\", \"networkInterface\": \"lo\"}]}",
                UdpServerConfig.class));
    }

    @Test
    void reads_the_handler_in_any_case() {
        assertEquals(UdpServerConfig.Handler.DISCARD, bind("{\"port\": 1, \"handler\": \"DISCARD\"}").handler());
        assertEquals("forward", UdpServerConfig.Handler.FORWARD.json());
    }

    @Test
    void parses_ip_literals_without_looking_names_up() {
        assertEquals("127.0.0.1", UdpServerConfig.literal("127.0.0.1").getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", UdpServerConfig.literal("::1").getHostAddress());
        assertNull(UdpServerConfig.literal("localhost"));
        assertNull(UdpServerConfig.literal("300.1.1.1"));
        assertNull(UdpServerConfig.literal("beef:cafe:zz"));
        assertNull(UdpServerConfig.literal(".:1"));
    }

    @Test
    void rejects_a_host_that_is_neither_an_address_nor_a_name() {
        assertEquals("host: 'not a host!!' is not a host (expected: an IP address such as 127.0.0.1 or ::1, or a"
                + " host name such as localhost)", configProblem("{\"port\": 1, \"host\": \"not a host!!\"}")
                .getMessage());
        assertEquals("localhost", bind("{\"port\": 1, \"host\": \"localhost\"}").host());
    }

    @Test
    void names_the_forwardTo_process_as_a_reference_the_runtime_checks() {
        assertEquals(java.util.Map.of("forwardTo", "sink"), new UdpServerKind().processReferences(
                bind("{\"port\": 1, \"handler\": \"forward\", \"forwardTo\": \"sink\"}")));
    }

    private static UdpServerConfig bind(String json) {
        try {
            return RUNTIME_LIKE.readValue(json, UdpServerConfig.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static ConfigException configProblem(String json) {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> RUNTIME_LIKE.readValue(json, UdpServerConfig.class));
        return assertInstanceOf(ConfigException.class, e.getCause());
    }
}
