package dev.sockit.api;

/**
 * Text that came from input (a file, standard input, the network, a command-line argument) as a message may show
 * it: control characters escaped so that it cannot move the cursor, recolour the terminal or break the line, and
 * at most {@link #MAX_CHARS} characters of it, then {@code …(N more)}.
 *
 * <p>ESC is {@code \e}, NUL {@code \0}, tab, line feed and carriage return {@code \t}, {@code \n}, {@code \r},
 * other C0 controls and DEL {@code \xNN}, C1 controls, line and paragraph separators, bidirectional overrides and
 * lone surrogates <code>&#92;uNNNN</code>. A backslash stays as it is: the escaping keeps a terminal safe and a message on
 * one line; it is not meant to be read back.
 */
public final class Quote {

    /** How many characters (code points) of an input a message quotes. */
    public static final int MAX_CHARS = 80;

    private Quote() {
    }

    /** {@code 'text'}: escaped, and cut after {@link #MAX_CHARS} characters. {@code null} is {@code null}. */
    public static String of(CharSequence text) {
        return text == null ? "null" : "'" + bare(text) + "'";
    }

    /** Like {@link #of}, without the quotes: for a Result's target or a value after a colon. */
    public static String bare(CharSequence text) {
        return text == null ? "null" : append(new StringBuilder(), text, MAX_CHARS).toString();
    }

    /** Like {@link #bare(CharSequence)}, cut after {@code max} characters: for a message that quotes input itself. */
    public static String bare(CharSequence text, int max) {
        return text == null ? "null" : append(new StringBuilder(), text, max).toString();
    }

    /** All of {@code text}, escaped: for a line that is already bounded but may hold input. */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text.charAt(i))) {
                return append(new StringBuilder(text.length() + 16), text, Integer.MAX_VALUE).toString();
            }
        }
        return text.toString();
    }

    private static StringBuilder append(StringBuilder b, CharSequence text, int max) {
        int kept = 0;
        int i = 0;
        int n = text.length();
        while (i < n && kept < max) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                b.append(c).append(text.charAt(i + 1));
                i += 2;
            } else {
                escape(b, c);
                i++;
            }
            kept++;
        }
        if (i < n) {
            b.append("…(").append(Character.codePointCount(text, i, n)).append(" more)");
        }
        return b;
    }

    private static void escape(StringBuilder b, char c) {
        if (!needsEscape(c)) {
            b.append(c);
            return;
        }
        switch (c) {
            case 0x1b -> b.append("\\e");
            case 0 -> b.append("\\0");
            case '\t' -> b.append("\\t");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    b.append(String.format("\\x%02x", (int) c));
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            }
        }
    }

    /**
     * True for what a terminal acts on or a reader cannot see: C0 and C1 controls, DEL, line and paragraph
     * separators, bidirectional embeddings, overrides and isolates, and surrogates (a paired one is kept by the
     * caller).
     */
    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029 || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f || Character.isSurrogate(c);
    }
}
