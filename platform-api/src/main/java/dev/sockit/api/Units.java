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
            throw new IllegalArgumentException(Checks.quote(text) + " is not a duration (expected: " + DURATION_FORMS
                    + ")");
        }
        long amount = parseAmount(t.substring(0, split), text, DURATION_FORMS);
        String unit = t.substring(split).trim().toLowerCase(Locale.ROOT);
        refuseFraction(text, unit, "250ms for 0.25s", DURATION_FORMS);
        try {
            switch (unit) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                case "d": return Duration.ofDays(amount);
                default:
                    throw new IllegalArgumentException(Checks.quote(text) + " has an unknown unit "
                            + Checks.quote(unit) + " (expected: " + DURATION_FORMS + ")");
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(Checks.quote(text) + " is too long a duration", e);
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
            throw new IllegalArgumentException(Checks.quote(text) + " is not a size (expected: " + SIZE_FORMS + ")");
        }
        long amount = parseAmount(t.substring(0, split), text, SIZE_FORMS);
        String unit = t.substring(split).trim();
        refuseFraction(text, unit, "1536KiB for 1.5MiB", SIZE_FORMS);
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
                throw new IllegalArgumentException(Checks.quote(text) + " has an unknown unit " + Checks.quote(unit)
                        + " (expected: " + SIZE_FORMS + ")");
        }
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(Checks.quote(text) + " is too large a size", e);
        }
    }

    /** A decimal point where the unit should start: a fraction, which the config does not take. */
    private static void refuseFraction(String text, String unit, String example, String forms) {
        if (unit.startsWith(".") || unit.startsWith(",")) {
            throw new IllegalArgumentException(Checks.quote(text) + " has a fraction (expected: a whole number with a"
                    + " unit, such as " + example + "; " + forms + ")");
        }
    }

    /**
     * Formats a duration the way the config writes it: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h};
     * any duration, however long, and never a unit smaller than a millisecond (the rest is dropped).
     */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        int millis = d.getNano() / 1_000_000;
        if (millis != 0) {
            return seconds == 0 ? millis + "ms" : seconds + String.format(Locale.ROOT, "%03d", millis) + "ms";
        }
        if (seconds % 3600 == 0 && seconds != 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds != 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** The current value of a parser as messages show it: a scalar quoted, a container by its shape. */
    private static String describe(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return "a mapping";
        }
        if (token == JsonToken.START_ARRAY) {
            return "a list";
        }
        return Checks.quote(p.getText());
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
            throw new IllegalArgumentException(Checks.quote(text) + " has too many digits (expected: " + forms + ")",
                    e);
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
            throw JsonMappingException.from(p, describe(p) + " is not a duration (expected: " + DURATION_FORMS
                    + ")");
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
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw JsonMappingException.from(p, describe(p) + " is too large a size (expected: at most"
                            + " 2GiB - 1)");
                }
                bytes = p.getLongValue();
            } else if (token == JsonToken.VALUE_STRING) {
                try {
                    bytes = parseSize(p.getText());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            } else {
                throw JsonMappingException.from(p, describe(p) + " is not a size (expected: " + SIZE_FORMS + ")");
            }
            if (bytes > Integer.MAX_VALUE) {
                throw JsonMappingException.from(p, bytes + " bytes is too large (expected: at most 2GiB - 1)");
            }
            return (int) bytes;
        }
    }
}
