package dev.sockit.api;

import java.time.Duration;

/**
 * Argument checks for config records and options. Each rejection is a {@link ConfigException} that names the
 * field, the value and what was expected: {@code port: 70000 (expected: 0-65535)}.
 */
public final class Checks {

    private Checks() {
    }

    /** Returns {@code value} if it lies in {@code [min, max]}. */
    public static int inRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new ConfigException(name, value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    /** Returns {@code value} if it is {@code null} or lies in {@code [min, max]}. */
    public static Integer inRangeOrNull(Integer value, int min, int max, String name) {
        return value == null ? null : inRange(value, min, max, name);
    }

    /** Returns {@code value} if it is at least {@code min}. */
    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new ConfigException(name, value + " (expected: >= " + min + ")");
        }
        return value;
    }

    /** Returns {@code value} if it is {@code null} or lies in {@code [min, max]}. */
    public static Duration inRangeOrNull(Duration value, Duration min, Duration max, String name) {
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            throw new ConfigException(name, Units.format(value)
                    + " (expected: " + Units.format(min) + "-" + Units.format(max) + ")");
        }
        return value;
    }

    /** Returns {@code value} if it is not {@code null} and not blank. */
    public static String notBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(name, "is missing (expected: a non-empty value)");
        }
        return value;
    }

    /** Returns {@code value} if it is not {@code null}. */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new ConfigException(name, "is missing");
        }
        return value;
    }
}
