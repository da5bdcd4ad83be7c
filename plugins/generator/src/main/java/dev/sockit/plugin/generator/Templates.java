package dev.sockit.plugin.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emitters' template engine: resources with {@code {{NAME}}} placeholders, every one of which must have a value.
 * Values are inserted as they are; an emitter escapes what it puts into a string literal before.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_0-9]+)}}");

    private Templates() {
    }

    /**
     * Replaces every {@code {{NAME}}} of {@code template} with its value.
     *
     * @throws IllegalStateException when a placeholder has no value (a bug in the emitter, not in the request)
     */
    public static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template placeholder {{" + m.group(1) + "}} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Wraps {@code text} into comment lines of at most {@code width} characters, each starting with {@code prefix}
     * (a word longer than a line keeps a line of its own), joined by newlines with no newline at the end.
     */
    public static String wrap(String text, String prefix, int width) {
        if (text.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int lineStart = 0;
        for (String word : text.trim().split("\\s+")) {
            boolean first = out.length() == lineStart;
            if (!first && out.length() - lineStart + 1 + word.length() > width) {
                out.append('\n');
                lineStart = out.length();
                first = true;
            }
            if (first) {
                out.append(prefix);
            } else {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /** The longest line a generated file should have. */
    public static final int WIDTH = 120;

    /**
     * {@code code} with each line over {@link #WIDTH} that is a whole comment wrapped at the same indent: a
     * {@code // text} line into several {@code //} lines, a {@code /* text *}{@code /} line into a block comment.
     * Other lines are kept as they are.
     */
    public static String fitComments(String code) {
        if (code.lines().noneMatch(line -> line.length() > WIDTH)) {
            return code;
        }
        StringBuilder out = new StringBuilder(code.length() + 64);
        for (String line : code.split("\n", -1)) {
            String text = line.strip();
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            boolean block = text.startsWith("/* ") && text.endsWith(" */") && text.indexOf("*/") == text.length() - 2;
            if (line.length() <= WIDTH || !(block || text.startsWith("// "))) {
                out.append(line).append('\n');
            } else if (block) {
                out.append(indent).append("/*\n")
                        .append(wrap(text.substring(3, text.length() - 3), indent + " * ", WIDTH)).append('\n')
                        .append(indent).append(" */\n");
            } else {
                int start = 2;
                while (start < text.length() && text.charAt(start) == ' ') {
                    start++; // "//   kernel: ..." keeps its hanging indent on every line
                }
                out.append(wrap(text.substring(start), indent + text.substring(0, start), WIDTH)).append('\n');
            }
        }
        out.setLength(out.length() - 1); // the newline after the last piece, which split kept as an empty line
        return out.toString();
    }

    /**
     * Reads the template resource {@code name}, relative to {@code owner}'s package.
     *
     * @throws IllegalStateException when the resource is missing from the plugin jar
     */
    public static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("template resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading template " + name, e);
        }
    }
}
