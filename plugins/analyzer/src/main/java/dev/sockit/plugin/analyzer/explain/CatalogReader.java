package dev.sockit.plugin.analyzer.explain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the catalogue's line format: an entry starts with {@code [NAME]}, then one {@code key: value} per line
 * ({@code kind}, {@code alias}, a platform key with the number, {@code message[.source]}, {@code class},
 * {@code text}, {@code errno}, {@code calls}, {@code meaning}, {@code cause}, {@code step[.platform]},
 * {@code option}, {@code sysctl}, {@code see}); {@code #} starts a comment line.
 */
final class CatalogReader {

    private final String source;
    private final List<ErrorEntry> entries = new ArrayList<>();

    private String name;
    private ErrorEntry.Kind kind;
    private final List<String> aliases = new ArrayList<>();
    private final Map<Platform, Integer> numbers = new EnumMap<>(Platform.class);
    private final Map<String, String> messages = new LinkedHashMap<>();
    private String javaClass;
    private String javaText;
    private String errno;
    private final List<String> calls = new ArrayList<>();
    private String meaning;
    private final List<String> causes = new ArrayList<>();
    private final Map<String, List<String>> steps = new LinkedHashMap<>();
    private final List<String> options = new ArrayList<>();
    private final List<String> sysctls = new ArrayList<>();
    private final List<String> related = new ArrayList<>();

    private CatalogReader(String source) {
        this.source = source;
    }

    /** The entries of {@code in}, in file order; {@code source} names the input in error messages. */
    static List<ErrorEntry> read(BufferedReader in, String source) {
        CatalogReader r = new CatalogReader(source);
        try {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                r.line(++n, line.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        r.finish();
        return r.entries;
    }

    private void line(int n, String line) {
        if (line.isEmpty() || line.charAt(0) == '#') {
            return;
        }
        if (line.charAt(0) == '[' && line.charAt(line.length() - 1) == ']') {
            finish();
            name = line.substring(1, line.length() - 1).strip();
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || name == null) {
            throw bad(n, line, "expected: [NAME] or key: value");
        }
        String key = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        int dot = key.indexOf('.');
        String base = dot < 0 ? key : key.substring(0, dot);
        String sub = dot < 0 ? null : key.substring(dot + 1);
        Platform platform = Platform.ofKey(key);
        if (platform != null) {
            try {
                numbers.put(platform, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw bad(n, line, "expected: a number");
            }
            return;
        }
        switch (base) {
            case "kind":
                kind = ErrorEntry.Kind.valueOf(value.toUpperCase(Locale.ROOT));
                break;
            case "alias":
                aliases.add(value);
                break;
            case "message":
                messages.put(sub == null ? "posix" : sub, value);
                break;
            case "class":
                javaClass = value;
                break;
            case "text":
                javaText = value;
                break;
            case "errno":
                errno = value;
                break;
            case "calls":
                calls.addAll(list(value));
                break;
            case "meaning":
                meaning = meaning == null ? value : meaning + " " + value;
                break;
            case "cause":
                causes.add(value);
                break;
            case "step":
                steps.computeIfAbsent(sub == null ? "any" : sub, k -> new ArrayList<>()).add(value);
                break;
            case "option":
                options.addAll(list(value));
                break;
            case "sysctl":
                sysctls.addAll(list(value));
                break;
            case "see":
                related.addAll(list(value));
                break;
            default:
                throw bad(n, line, "expected a key among: kind, alias, linux, macos, freebsd, windows, winsock, "
                        + "message, class, text, errno, calls, meaning, cause, step, option, sysctl, see");
        }
    }

    /** The comma-separated items of {@code value}; a comma inside parentheses does not separate. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                String item = value.substring(start, i).strip();
                if (!item.isEmpty()) {
                    out.add(item);
                }
                start = i + 1;
            }
        }
        return out;
    }

    private IllegalStateException bad(int n, String line, String expected) {
        return new IllegalStateException(source + " line " + n + ": '" + line + "' (" + expected + ")");
    }

    private void finish() {
        if (name == null) {
            return;
        }
        if (kind == null) {
            throw new IllegalStateException(source + ": entry [" + name + "] has no kind");
        }
        entries.add(new ErrorEntry(name, kind, aliases, numbers, messages, javaClass, javaText, errno, calls,
                meaning, causes, steps, options, sysctls, related));
        name = null;
        kind = null;
        aliases.clear();
        numbers.clear();
        messages.clear();
        javaClass = null;
        javaText = null;
        errno = null;
        calls.clear();
        meaning = null;
        causes.clear();
        steps.clear();
        options.clear();
        sysctls.clear();
        related.clear();
    }
}
