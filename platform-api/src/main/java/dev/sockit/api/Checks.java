package dev.sockit.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Argument checks for config records and options. Each rejection is a {@link ConfigException} that names the
 * field, the value and what was expected: {@code port: 70000 (expected: 0-65535)}.
 */
public final class Checks {

    /** The most characters of a value that {@link #quote(String)} shows. */
    public static final int QUOTE_LIMIT = 80;

    /** A host name: dot-separated labels of letters, digits, '-' and '_', at most 253 characters. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    /** A name made of digits and dots only, which must then be an IPv4 literal. */
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    /** Something that can only be an IPv6 literal: hex digits, ':' and '.', with a ':', maybe a scope. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");
    /** What a process id looks like, as the runtime accepts it in {@code processes}. */
    private static final Pattern PROCESS_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private Checks() {
    }

    /**
     * Returns {@code value}, trimmed, if it can be a host: an IPv4 or IPv6 literal, or a host name. Checks the
     * syntax only; a name is looked up when the server starts, never here.
     */
    public static String host(String value, String name) {
        String h = notBlank(value, name).trim();
        boolean ok;
        if (h.indexOf(':') >= 0) {
            ok = IPV6_LITERAL.matcher(h).matches() && isIpv6Literal(h);
        } else if (NUMERIC.matcher(h).matches()) {
            ok = isIpv4Literal(h);
        } else {
            ok = HOST_NAME.matcher(h).matches();
        }
        if (!ok) {
            throw new ConfigException(name, quote(h) + " is not a host (expected: an IP address such as 127.0.0.1"
                    + " or ::1, or a host name such as localhost)");
        }
        return h;
    }

    private static boolean isIpv4Literal(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Literal(String h) {
        int scope = h.indexOf('%');
        try {
            // A string with ':' is parsed as an IPv6 literal and never looked up; the scope (an interface) is
            // checked when the server binds, on the machine it runs on.
            InetAddress.getByName(scope < 0 ? h : h.substring(0, scope));
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * A value as a message shows it: in single quotes, control characters escaped ({@code \\u001b}), and cut
     * after {@value #QUOTE_LIMIT} characters with the full length said: {@code 'aaaa...' (2097152 characters)}.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < value.length() && shown < QUOTE_LIMIT; shown++) {
            int c = value.codePointAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        b.append('\'');
        int total = value.codePointCount(0, value.length());
        if (total > shown) {
            b.insert(b.length() - 1, "...").append(" (").append(total).append(" characters)");
        }
        return b.toString();
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

    /**
     * Returns {@code value} if it can be a process id, such as a config's {@code forwardTo}: lower-case letters,
     * digits, '-' and '_', starting with a letter or digit, at most 64 characters.
     */
    public static String processId(String value, String name) {
        if (!isProcessId(value)) {
            throw new ConfigException(name, quote(value) + " is not a process id (expected: lower-case letters,"
                    + " digits, '-' and '_', starting with a letter or digit, at most 64)");
        }
        return value;
    }

    /**
     * Whether {@code value} can be a process id: lower-case letters, digits, '-' and '_', starting with a letter
     * or digit, at most 64 characters. Node ids are spelled the same way, since both are parts of event-bus
     * addresses ({@code sockit.@<node>.<process>.<verb>}).
     */
    public static boolean isProcessId(String value) {
        return value != null && PROCESS_ID.matcher(value).matches();
    }

    /** Returns {@code value} if it is not {@code null}. */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new ConfigException(name, "is missing");
        }
        return value;
    }
}
