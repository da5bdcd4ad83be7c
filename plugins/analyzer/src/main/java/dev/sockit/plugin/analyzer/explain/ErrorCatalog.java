package dev.sockit.plugin.analyzer.explain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.sockit.plugin.analyzer.explain.ErrorTexts.simpleName;
import static dev.sockit.plugin.analyzer.explain.ErrorTexts.trimPeriod;

/**
 * The catalogue of socket errors and its lookup: {@link #explain(String)} takes what a person pastes (an errno
 * or Winsock name, a number with or without a platform prefix, a {@code strerror} text, a Java or Netty exception
 * line or a whole stack trace) and answers an {@link Explanation}, never an exception.
 */
public final class ErrorCatalog {

    /** The bundled catalogue, on the class path beside this class. */
    public static final String RESOURCE = "errors.txt";
    /** How much of an input is read; a longer stack trace is cut here. */
    public static final int MAX_INPUT_CHARS = 256 * 1024;
    /** How many near names an unknown input lists. */
    public static final int MAX_CANDIDATES = 5;
    /** The shortest text matched inside a longer message, so that short words do not match by chance. */
    static final int MIN_CONTAINED_TEXT = 8;

    private final List<ErrorEntry> entries;
    private final Map<String, ErrorEntry> byName = new HashMap<>();
    private final Map<Platform, Map<Integer, List<ErrorEntry>>> byNumber = new EnumMap<>(Platform.class);
    /** Message texts, lower case, longest first, each with the entries that print it. */
    private final Map<String, List<ErrorEntry>> byText = new TreeMap<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    /**
     * Java entries by the class's simple name ({@code ConnectException}, {@code Errors$NativeIoException}) and, for
     * a nested class, also by its own name ({@code NativeIoException}).
     */
    private final Map<String, List<ErrorEntry>> byClass = new HashMap<>();
    private final ErrorExplainer explainer;

    private ErrorCatalog(List<ErrorEntry> entries) {
        this.entries = List.copyOf(entries);
        this.explainer = new ErrorExplainer(this);
        for (ErrorEntry e : entries) {
            index(e);
        }
        for (ErrorEntry e : entries) {
            if (e.errno() != null && !byName.containsKey(e.errno().toUpperCase(Locale.ROOT))) {
                throw new IllegalStateException("entry [" + e.name() + "] stands for unknown errno " + e.errno());
            }
        }
    }

    private void index(ErrorEntry e) {
        putName(e.name(), e);
        for (String a : e.aliases()) {
            putName(a, e);
        }
        e.numbers().forEach((p, n) -> byNumber.computeIfAbsent(p, k -> new HashMap<>())
                .computeIfAbsent(n, k -> new ArrayList<>()).add(e));
        if (e.kind() == ErrorEntry.Kind.JAVA) {
            if (e.javaClass() == null) {
                throw new IllegalStateException("Java entry [" + e.name() + "] has no class");
            }
            String simple = simpleName(e.javaClass());
            byClass.computeIfAbsent(simple, k -> new ArrayList<>()).add(e);
            int dollar = simple.lastIndexOf('$');
            if (dollar >= 0) {
                byClass.computeIfAbsent(simple.substring(dollar + 1), k -> new ArrayList<>()).add(e);
            }
            if (e.javaText() != null) {
                byText.computeIfAbsent(e.javaText().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
            }
        } else {
            for (String m : e.messages().values()) {
                byText.computeIfAbsent(trimPeriod(m).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
            }
        }
    }

    private void putName(String name, ErrorEntry e) {
        ErrorEntry old = byName.put(name.toUpperCase(Locale.ROOT), e);
        if (old != null && old != e) {
            throw new IllegalStateException("name " + name + " is used by [" + old.name() + "] and [" + e.name() + "]");
        }
    }

    /** The catalogue bundled with the plugin, read once. */
    public static ErrorCatalog defaults() {
        return Holder.DEFAULTS;
    }

    private static final class Holder {
        static final ErrorCatalog DEFAULTS = load();

        private static ErrorCatalog load() {
            InputStream in = ErrorCatalog.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing beside "
                        + ErrorCatalog.class.getName());
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return of(CatalogReader.read(r, RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /** A catalogue of {@code entries}; names and aliases must be unique. */
    public static ErrorCatalog of(List<ErrorEntry> entries) {
        return new ErrorCatalog(entries);
    }

    /** Every entry, in catalogue order. */
    public List<ErrorEntry> entries() {
        return entries;
    }

    /** The entry named or aliased {@code name} (case-insensitive), or {@code null}. */
    public ErrorEntry byName(String name) {
        return byName.get(name.strip().toUpperCase(Locale.ROOT));
    }

    /** The entries numbered {@code number} on {@code platform}, errno before getaddrinfo codes; maybe empty. */
    public List<ErrorEntry> byNumber(Platform platform, int number) {
        List<ErrorEntry> l = byNumber.getOrDefault(platform, Map.of()).get(number);
        if (l == null) {
            return List.of();
        }
        List<ErrorEntry> sorted = new ArrayList<>(l);
        sorted.sort(Comparator.comparing(ErrorEntry::kind));
        return sorted;
    }

    /**
     * Explains {@code input}: a name ({@code ECONNRESET}, {@code econnreset}, {@code WSAECONNRESET},
     * {@code EAI_NONAME}), a number ({@code 104}, {@code 10054}, {@code -2}) optionally with a platform prefix
     * ({@code linux:104}, {@code macos:54}, {@code windows:10054}), a message ({@code Connection reset by peer}),
     * an exception line or a stack trace (the innermost known {@code Caused by:} wins). Unknown input gives an
     * explanation that is not {@link Explanation#known() known}, with the closest names as candidates.
     */
    public Explanation explain(String input) {
        return explainer.explain(input);
    }

    /** The index by class name, for the explainer. */
    Map<String, List<ErrorEntry>> byClass() {
        return byClass;
    }

    /** The index by message text, longest first, for the explainer. */
    Map<String, List<ErrorEntry>> byText() {
        return byText;
    }

    /** The index by upper-case name and alias, for the explainer. */
    Map<String, ErrorEntry> names() {
        return byName;
    }
}
