package dev.sockit.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.sockit.api.SocketOptionTable.BACKLOG;
import static dev.sockit.api.SocketOptionTable.KEEP_ALIVE_IDLE;
import static dev.sockit.api.SocketOptionTable.RECEIVE_BUFFER_SIZE;
import static dev.sockit.api.SocketOptionTable.TCP_NO_DELAY;
import static dev.sockit.api.SocketOptionTable.TCP_USER_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SocketOptions}: the builder, and binding a config's {@code options} through the table. */
class SocketOptionsTest {

    /** Binds the way the runtime's config tree does: unknown keys fail, no text for numbers or booleans. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String,
                    CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String,
                    CoercionAction.Fail))
            .build();

    /** A config that sets every option, in config form. */
    private static final String EVERY_OPTION = """
            {"reuseAddress": true, "reusePort": true, "tcpNoDelay": false, "keepAlive": true,
             "keepAliveIdle": "30s", "keepAliveInterval": "5s", "keepAliveCount": 4, "soLinger": "0s",
             "sendBufferSize": "32KiB", "receiveBufferSize": 65536, "backlog": 1024, "trafficClass": 16,
             "tcpFastOpen": true, "tcpQuickAck": true, "tcpCork": false, "tcpUserTimeout": "1500ms",
             "tcpNotSentLowat": "16KiB", "ipv6Only": false, "broadcast": true}""";

    @Test
    void builds_options_and_reads_them_back_by_key_and_by_accessor() {
        SocketOptions o = SocketOptions.builder().set(RECEIVE_BUFFER_SIZE, 65536).set(TCP_NO_DELAY, true)
                .set(KEEP_ALIVE_IDLE, Duration.ofSeconds(30)).build();

        assertEquals(65536, o.get(RECEIVE_BUFFER_SIZE));
        assertEquals(65536, o.receiveBufferSize());
        assertEquals(true, o.tcpNoDelay());
        assertNull(o.get(BACKLOG));
        assertFalse(o.isSet(BACKLOG));
        assertEquals(List.of(TCP_NO_DELAY, KEEP_ALIVE_IDLE, RECEIVE_BUFFER_SIZE), List.copyOf(o.keys()));
        assertEquals(Map.of("tcpNoDelay", true, "keepAliveIdle", "30s", "receiveBufferSize", 65536), o.asMap());
        assertEquals(List.of("tcpNoDelay", "keepAliveIdle", "receiveBufferSize"), List.copyOf(o.asMap().keySet()));
        assertEquals("30s", o.toJson().getString("keepAliveIdle"));
    }

    @Test
    void an_empty_builder_and_a_null_value_give_none() {
        assertSame(SocketOptions.NONE, SocketOptions.builder().build());
        assertSame(SocketOptions.NONE, SocketOptions.builder().set(BACKLOG, 5).set(BACKLOG, null).build());
        assertTrue(SocketOptions.NONE.isEmpty());
        assertEquals(Map.of(), SocketOptions.NONE.asMap());
    }

    @Test
    void equal_values_make_equal_options_and_to_builder_copies_them() {
        SocketOptions a = SocketOptions.builder().set(BACKLOG, 128).set(TCP_NO_DELAY, true).build();
        SocketOptions b = SocketOptions.builder().set(TCP_NO_DELAY, true).set(BACKLOG, 128).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        SocketOptions c = a.toBuilder().set(BACKLOG, 256).build();
        assertEquals(256, c.backlog());
        assertEquals(128, a.backlog());
    }

    @Test
    void the_builder_checks_every_range_with_the_config_message() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SocketOptions.builder().set(BACKLOG, 0).build());
        assertEquals("backlog", e.path());
        assertEquals("0 (expected: 1-65535)", e.problem());
        e = assertThrows(ConfigException.class,
                () -> SocketOptions.builder().set(KEEP_ALIVE_IDLE, Duration.ofSeconds(40000)).build());
        assertEquals("40000s (expected: 1s-32767s)", e.problem());
        e = assertThrows(ConfigException.class,
                () -> SocketOptions.builder().set(TCP_USER_TIMEOUT, Duration.ofMillis(-1)).build());
        assertEquals("tcpUserTimeout", e.path());
    }

    @Test
    void every_ranged_option_takes_its_bounds_and_refuses_one_beyond_them_naming_the_range() throws Exception {
        int checked = 0;
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (key.isBoolean()) {
                continue;
            }
            assertEquals(key.min(), kernel(key, STRICT.readValue(json(key, key.min()), SocketOptions.class)));
            assertEquals(key.max(), kernel(key, STRICT.readValue(json(key, key.max()), SocketOptions.class)));
            for (long beyond : new long[] {key.min() - 1, key.max() + 1}) {
                if (beyond < 0 || beyond > Integer.MAX_VALUE) {
                    continue; // not a value a config can state for this type: the deserializer refuses it first
                }
                ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                        () -> STRICT.readValue(json(key, beyond), SocketOptions.class), key.name() + " " + beyond);
                ConfigException c = assertInstanceOf(ConfigException.class, e.getCause());
                assertEquals(key.name(), c.path());
                assertTrue(c.problem().endsWith("(expected: " + range(key) + ")"), c.problem());
            }
            checked++;
        }
        assertEquals(10, checked);
    }

    /** {@code {"name": value}} with the value in {@code key}'s config form. */
    private static String json(OptionKey<?> key, long value) {
        return "{\"" + key.name() + "\": " + (key.type() == OptionKey.Type.DURATION
                ? "\"" + Units.format(Duration.of(value, key.unit())) + "\"" : String.valueOf(value)) + "}";
    }

    @SuppressWarnings("unchecked")
    private static <T> long kernel(OptionKey<T> key, SocketOptions o) {
        T value = o.get(key);
        return key.type() == OptionKey.Type.DURATION && key.unit() == ChronoUnit.MILLIS
                ? ((Duration) value).toMillis() : key.toKernel(value);
    }

    private static String range(OptionKey<?> key) {
        return key.type() == OptionKey.Type.DURATION
                ? Units.format(Duration.of(key.min(), key.unit())) + "-"
                        + Units.format(Duration.of(key.max(), key.unit()))
                : key.min() + "-" + key.max();
    }

    @Test
    void binds_every_option_of_the_table_with_its_units() throws Exception {
        SocketOptions o = STRICT.readValue(EVERY_OPTION, SocketOptions.class);

        assertEquals(SocketOptionTable.names(), List.copyOf(o.asMap().keySet()));
        assertEquals(32768, o.sendBufferSize());
        assertEquals(65536, o.receiveBufferSize());
        assertEquals(16384, o.tcpNotSentLowat());
        assertEquals(Duration.ofSeconds(30), o.keepAliveIdle());
        assertEquals(Duration.ZERO, o.soLinger());
        assertEquals(Duration.ofMillis(1500), o.tcpUserTimeout());
        assertEquals(4, o.keepAliveCount());
        assertEquals(true, o.broadcast());
        assertEquals(false, o.tcpCork());
        assertEquals(o, STRICT.readValue(STRICT.writeValueAsString(o), SocketOptions.class), "round trip");
    }

    @Test
    void binds_an_empty_mapping_as_none_and_a_null_value_as_unset() throws Exception {
        assertEquals(SocketOptions.NONE, STRICT.readValue("{}", SocketOptions.class));
        assertEquals(SocketOptions.NONE, STRICT.readValue("{\"backlog\": null}", SocketOptions.class));
    }

    @Test
    void refuses_an_unknown_name_as_an_unknown_key_listing_the_table() {
        UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class,
                () -> STRICT.readValue("{\"backlog\": 1, \"receiveBufer\": 1}", SocketOptions.class));
        assertEquals("receiveBufer", e.getPropertyName());
        assertEquals(SocketOptionTable.names(), e.getKnownPropertyIds().stream().map(String::valueOf).toList());
    }

    @Test
    void ignores_an_unknown_name_when_the_mapper_allows_it() throws Exception {
        ObjectMapper lenient = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        assertEquals(7, lenient.readValue("{\"nope\": {\"a\": 1}, \"backlog\": 7}", SocketOptions.class).backlog());
    }

    @Test
    void a_range_problem_is_a_config_exception_inside_jackson_naming_the_option() {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> STRICT.readValue("{\"tcpNoDelay\": true, \"backlog\": 0}", SocketOptions.class));
        ConfigException c = assertInstanceOf(ConfigException.class, e.getCause());
        assertEquals("backlog", c.path());
        assertEquals("0 (expected: 1-65535)", c.problem());
        for (String bad : List.of("{\"trafficClass\": 256}", "{\"keepAliveCount\": 0}", "{\"soLinger\": \"65536s\"}",
                "{\"receiveBufferSize\": 0}", "{\"keepAliveInterval\": \"0s\"}")) {
            assertThrows(ValueInstantiationException.class, () -> STRICT.readValue(bad, SocketOptions.class), bad);
        }
    }

    @Test
    void a_bad_value_fails_at_the_path_of_its_option_with_the_units_message() {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> STRICT.readValue("{\"receiveBufferSize\": \"64XB\"}", SocketOptions.class));
        assertEquals("receiveBufferSize", e.getPath().get(0).getFieldName());
        assertEquals("'64XB' has an unknown unit 'XB' (expected: bytes or a number with a unit: 65536, 64KiB, 1MiB,"
                + " 1GiB)", e.getOriginalMessage());
        e = assertThrows(JsonMappingException.class,
                () -> STRICT.readValue("{\"keepAliveIdle\": 30}", SocketOptions.class));
        assertEquals("keepAliveIdle", e.getPath().get(0).getFieldName());
        assertEquals("'30' is not a duration (expected: a number with a unit: 250ms, 10s, 5m, 1h)",
                e.getOriginalMessage());
    }

    @Test
    void text_for_a_boolean_or_an_integer_fails_with_the_target_type_under_strict_coercion() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> STRICT.readValue("{\"tcpNoDelay\": \"yes\"}", SocketOptions.class));
        assertEquals(Boolean.class, e.getTargetType());
        assertEquals("tcpNoDelay", e.getPath().get(0).getFieldName());
        e = assertThrows(MismatchedInputException.class,
                () -> STRICT.readValue("{\"backlog\": \"lots\"}", SocketOptions.class));
        assertEquals(Integer.class, e.getTargetType());
    }

    @Test
    void a_list_is_not_a_mapping() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> STRICT.readValue("[1, 2]", SocketOptions.class));
        assertEquals(SocketOptions.class, e.getTargetType());
    }
}
