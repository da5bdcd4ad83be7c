package dev.sockit.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each check passes its value through or names the field, the value and what was expected. */
class ChecksTest {

    @Test
    void processId_passes_an_id_and_names_what_is_not_one() {
        assertEquals("echo-1", Checks.processId("echo-1", "forwardTo"));
        assertEquals("a".repeat(64), Checks.processId("a".repeat(64), "forwardTo"));
        ConfigException upper = assertThrows(ConfigException.class, () -> Checks.processId("Echo", "forwardTo"));
        assertEquals("forwardTo", upper.path());
        assertEquals("forwardTo: " + Checks.quote("Echo") + " is not a process id (expected: lower-case letters,"
                + " digits, '-' and '_', starting with a letter or digit, at most 64)", upper.getMessage());
        assertThrows(ConfigException.class, () -> Checks.processId("a".repeat(65), "forwardTo"));
        assertThrows(ConfigException.class, () -> Checks.processId("-echo", "forwardTo"));
    }

    @Test
    void isProcessId_is_the_one_rule_for_process_and_node_ids() {
        for (String good : new String[] {"echo", "e", "0", "node_1", "relay-2", "a".repeat(64)}) {
            assertTrue(Checks.isProcessId(good), good);
        }
        for (String bad : new String[] {null, "", "Echo", "-echo", "_echo", "a.b", "a b", "a".repeat(65)}) {
            assertFalse(Checks.isProcessId(bad), String.valueOf(bad));
        }
    }

    @Test
    void inRange_passes_both_bounds_and_names_what_is_outside() {
        assertEquals(0, Checks.inRange(0, 0, 65535, "port"));
        assertEquals(65535, Checks.inRange(65535, 0, 65535, "port"));
        ConfigException above = assertThrows(ConfigException.class, () -> Checks.inRange(70000, 0, 65535, "port"));
        assertEquals("port", above.path());
        assertEquals("port: 70000 (expected: 0-65535)", above.getMessage());
        ConfigException below = assertThrows(ConfigException.class, () -> Checks.inRange(-1, 0, 65535, "port"));
        assertEquals("port: -1 (expected: 0-65535)", below.getMessage());
    }

    @Test
    void inRangeOrNull_lets_null_through_and_checks_the_rest() {
        assertNull(Checks.inRangeOrNull((Integer) null, 1, 10, "instances"));
        assertEquals(10, Checks.inRangeOrNull(10, 1, 10, "instances"));
        assertEquals("instances: 11 (expected: 1-10)",
                assertThrows(ConfigException.class, () -> Checks.inRangeOrNull(11, 1, 10, "instances"))
                        .getMessage());
    }

    @Test
    void atLeast_names_the_minimum() {
        assertEquals(1, Checks.atLeast(1, 1, "maxConnections"));
        assertEquals("maxConnections: 0 (expected: >= 1)",
                assertThrows(ConfigException.class, () -> Checks.atLeast(0, 1, "maxConnections")).getMessage());
    }

    @Test
    void a_duration_range_is_written_in_config_units() {
        Duration min = Duration.ofMillis(100);
        Duration max = Duration.ofHours(1);
        assertNull(Checks.inRangeOrNull((Duration) null, min, max, "idleTimeout"));
        assertEquals(min, Checks.inRangeOrNull(min, min, max, "idleTimeout"));
        assertEquals(max, Checks.inRangeOrNull(max, min, max, "idleTimeout"));
        assertEquals("idleTimeout: 2h (expected: 100ms-1h)", assertThrows(ConfigException.class,
                () -> Checks.inRangeOrNull(Duration.ofHours(2), min, max, "idleTimeout")).getMessage());
        assertEquals("idleTimeout: 99ms (expected: 100ms-1h)", assertThrows(ConfigException.class,
                () -> Checks.inRangeOrNull(Duration.ofMillis(99), min, max, "idleTimeout")).getMessage());
    }

    @Test
    void notBlank_and_notNull_say_the_value_is_missing() {
        assertEquals("echo", Checks.notBlank("echo", "handler"));
        Object value = new Object();
        assertSame(value, Checks.notNull(value, "kind"));
        assertEquals("handler: is missing (expected: a non-empty value)",
                assertThrows(ConfigException.class, () -> Checks.notBlank(" \t", "handler")).getMessage());
        assertEquals("handler: is missing (expected: a non-empty value)",
                assertThrows(ConfigException.class, () -> Checks.notBlank(null, "handler")).getMessage());
        assertEquals("kind: is missing",
                assertThrows(ConfigException.class, () -> Checks.notNull(null, "kind")).getMessage());
    }

    @Test
    void a_check_placed_under_a_parent_and_at_a_file_line_says_where() {
        ConfigException e = assertThrows(ConfigException.class, () -> Checks.inRange(70000, 0, 65535, "port"));
        ConfigException located = e.under("processes.echo.config").at("my.yaml", 9);
        assertEquals("processes.echo.config.port", located.path());
        assertEquals("processes.echo.config.port: 70000 (expected: 0-65535)  [my.yaml line 9]",
                located.getMessage());
    }
}
