package dev.sockit.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Durations ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}) and sizes ({@code 512}, {@code 64KiB},
 * {@code 1MiB}, {@code 1GiB}; {@code KB}, {@code MB}, {@code GB} are powers of 1000) as config values.
 */
public final class Units {

    /** What a valid duration looks like, for error messages. */
    public static final String DURATION_FORMS = "a number with a unit: 250ms, 10s, 5m, 1h";
    /** What a valid size looks like, for error messages. */
    public static final String SIZE_FORMS = "bytes or a number with a unit: 65536, 64KiB, 1MiB, 1GiB";

    private Units() {
    }

    /**
     * Parses a duration such as {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        int split = unitStart(t);
        if (split <= 0 || split == t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected: " + DURATION_FORMS + ")");
        }
        long amount = parseAmount(t.substring(0, split), text, DURATION_FORMS);
        String unit = t.substring(split).trim().toLowerCase(Locale.ROOT);
        try {
            switch (unit) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                case "d": return Duration.ofDays(amount);
                default:
                    throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit
                            + "' (expected: " + DURATION_FORMS + ")");
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
    }

    /**
     * Parses a size in bytes: a plain number, or one with {@code B}, {@code KiB}, {@code MiB}, {@code GiB},
     * {@code KB}, {@code MB}, {@code GB}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static long parseSize(String text) {
        String t = text.trim();
        int split = unitStart(t);
        if (split == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size (expected: " + SIZE_FORMS + ")");
        }
        long amount = parseAmount(t.substring(0, split), text, SIZE_FORMS);
        String unit = t.substring(split).trim();
        long factor;
        switch (unit) {
            case "": case "B": factor = 1; break;
            case "KiB": factor = 1L << 10; break;
            case "MiB": factor = 1L << 20; break;
            case "GiB": factor = 1L << 30; break;
            case "KB": case "kB": factor = 1_000; break;
            case "MB": factor = 1_000_000; break;
            case "GB": factor = 1_000_000_000; break;
            default:
                throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit
                        + "' (expected: " + SIZE_FORMS + ")");
        }
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size", e);
        }
    }

    /** Formats a duration the way the config writes it: {@code 250ms}, {@code 10s}, {@code 5m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static int unitStart(String t) {
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static long parseAmount(String digits, String text, String forms) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is out of range (expected: " + forms + ")", e);
        }
    }

    /** Reads a {@link Duration} from a config string such as {@code 10s}; a bare number is refused. */
    public static final class DurationDeserializer extends StdScalarDeserializer<Duration> {

        private static final long serialVersionUID = 1L;

        /** Creates the deserializer; registered by the runtime for every {@link Duration} in a config. */
        public DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                try {
                    return parseDuration(p.getText());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            }
            throw JsonMappingException.from(p, "'" + p.getText() + "' is not a duration (expected: "
                    + DURATION_FORMS + ")");
        }
    }

    /** Reads an {@code int} byte size from a number or a string such as {@code 64KiB}. */
    public static final class IntSizeDeserializer extends StdScalarDeserializer<Integer> {

        private static final long serialVersionUID = 1L;

        /** Creates the deserializer; put it on a field with {@code @JsonDeserialize(using = ...)}. */
        public IntSizeDeserializer() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            long bytes;
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                bytes = p.getLongValue();
            } else if (token == JsonToken.VALUE_STRING) {
                try {
                    bytes = parseSize(p.getText());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            } else {
                throw JsonMappingException.from(p, "'" + p.getText() + "' is not a size (expected: "
                        + SIZE_FORMS + ")");
            }
            if (bytes > Integer.MAX_VALUE) {
                throw JsonMappingException.from(p, bytes + " bytes is too large (expected: at most 2GiB - 1)");
            }
            return (int) bytes;
        }
    }
}
