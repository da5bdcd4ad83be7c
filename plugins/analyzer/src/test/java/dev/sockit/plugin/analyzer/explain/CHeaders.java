package dev.sockit.plugin.analyzer.explain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code #define NAME VALUE} lines of C headers and resolves values to numbers: decimal literals (with an
 * {@code L} suffix), other names, parentheses, {@code (NAME + N)} sums and {@code __MSABI_LONG(N)}, as errno.h,
 * netdb.h, winerror.h and ws2tcpip.h write them.
 */
final class CHeaders {

    private final Map<String, String> raw = new HashMap<>();

    /** The defines of {@code headers}; a header that does not exist is skipped. */
    static CHeaders read(List<Path> headers) throws IOException {
        CHeaders h = new CHeaders();
        for (Path p : headers) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
                String t = line.strip();
                if (!t.startsWith("#")) {
                    continue;
                }
                t = t.substring(1).strip();
                if (!t.startsWith("define")) {
                    continue;
                }
                t = t.substring("define".length()).strip();
                int end = 0;
                while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) {
                    end++;
                }
                if (end == 0 || end < t.length() && t.charAt(end) == '(') {
                    continue;
                }
                String value = t.substring(end).strip();
                int comment = value.indexOf("/*");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
                if (!value.isEmpty()) {
                    h.raw.putIfAbsent(t.substring(0, end), value);
                }
            }
        }
        return h;
    }

    /** Every name defined. */
    Map<String, String> raw() {
        return raw;
    }

    /** The number {@code name} stands for, or {@code null} when it is not defined or not a number. */
    Integer value(String name) {
        return eval(raw.get(name), 0);
    }

    private Integer eval(String expr, int depth) {
        if (expr == null || depth > 10) {
            return null;
        }
        String e = expr.strip();
        while (e.startsWith("(") && e.endsWith(")")) {
            e = e.substring(1, e.length() - 1).strip();
        }
        int plus = e.indexOf('+');
        if (plus > 0) {
            Integer a = eval(e.substring(0, plus), depth + 1);
            Integer b = eval(e.substring(plus + 1), depth + 1);
            return a == null || b == null ? null : a + b;
        }
        if (e.startsWith("__MSABI_LONG(") && e.endsWith(")")) {
            e = e.substring("__MSABI_LONG(".length(), e.length() - 1).strip();
        }
        if (e.length() > 1 && e.endsWith("L") && Character.isDigit(e.charAt(0))) {
            e = e.substring(0, e.length() - 1);
        }
        try {
            return Integer.parseInt(e);
        } catch (NumberFormatException notNumber) {
            return raw.containsKey(e) ? eval(raw.get(e), depth + 1) : null;
        }
    }
}
