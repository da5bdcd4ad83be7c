package dev.sockit.plugin.analyzer.explain;

import dev.sockit.api.Quote;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /** The order a bare number is read in: Linux first, then the BSDs, then the Windows C runtime. */
    private static final Platform[] ERRNO_ORDER = {Platform.LINUX, Platform.MACOS, Platform.FREEBSD,
            Platform.WINDOWS};

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

    private ErrorCatalog(List<ErrorEntry> entries) {
        this.entries = List.copyOf(entries);
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
        String raw = input == null ? "" : input;
        String in = (raw.length() > MAX_INPUT_CHARS ? raw.substring(0, MAX_INPUT_CHARS) : raw).strip();
        if (in.isEmpty()) {
            return Explanation.unknown(raw, List.of("Nothing to explain: give an error name, number, message "
                    + "or exception."), List.of());
        }
        Explanation e;
        if (in.indexOf('\n') >= 0 || in.indexOf('\r') >= 0) {
            e = explainTrace(raw, in);
        } else {
            e = explainToken(raw, in);
            if (e == null) {
                e = explainLine(raw, in);
            }
        }
        return e != null ? e : unknown(raw, in);
    }

    private Explanation explainToken(String raw, String in) {
        int colon = in.indexOf(':');
        Platform platform = null;
        String rest = in;
        if (colon > 0 && colon < in.length() - 1) {
            platform = Platform.ofPrefix(in.substring(0, colon));
            if (platform != null) {
                rest = in.substring(colon + 1).strip();
            }
        }
        Integer number = parseNumber(rest);
        if (number != null) {
            return explainNumber(raw, platform, number);
        }
        if (!isName(rest)) {
            return null;
        }
        ErrorEntry e = byName(rest);
        if (e == null) {
            return null;
        }
        String as = rest.toUpperCase(Locale.ROOT);
        List<String> notes = new ArrayList<>();
        if (!as.equals(e.name().toUpperCase(Locale.ROOT))) {
            notes.add(as + " is another name for " + e.name() + ".");
        }
        if (platform != null) {
            Integer n = e.number(platform == Platform.WINDOWS && as.startsWith("WSA") ? Platform.WINSOCK : platform);
            notes.add(n == null ? e.name() + " has no number on " + platform.label() + "."
                    : as + " is " + n + " on " + platform.label() + ".");
        }
        return new Explanation(raw, Explanation.Match.NAME, as, e, errnoOf(e), notes, List.of());
    }

    private Explanation explainNumber(String raw, Platform platform, int number) {
        Platform[] order;
        if (platform == Platform.WINDOWS && number >= 10000 || platform == null && number >= 10000) {
            order = new Platform[] {Platform.WINSOCK};
        } else if (platform == Platform.WINDOWS) {
            order = new Platform[] {Platform.WINDOWS, Platform.WINSOCK};
        } else if (platform != null) {
            order = new Platform[] {platform};
        } else {
            order = ERRNO_ORDER;
        }
        ErrorEntry best = null;
        Platform bestPlatform = null;
        List<String> notes = new ArrayList<>();
        Set<ErrorEntry> others = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (Platform p : order) {
            List<ErrorEntry> hits = byNumber(p, number);
            if (hits.isEmpty()) {
                missing.add(p.label());
                continue;
            }
            List<String> names = new ArrayList<>();
            for (ErrorEntry h : hits) {
                names.add(nameOn(h, p) + (h.kind() == ErrorEntry.Kind.GAI ? " (a getaddrinfo result)" : ""));
                if (best == null) {
                    best = h;
                    bestPlatform = p;
                } else if (h != best) {
                    others.add(h);
                }
            }
            notes.add(number + " is " + String.join(" or ", names) + " on " + p.label() + ".");
        }
        if (!missing.isEmpty()) {
            notes.add(number + " is not a socket error in the catalogue on " + String.join(" or ", missing) + ".");
        }
        if (best == null) {
            if (platform == null && number >= 0 && number < 10000) {
                List<ErrorEntry> wsa = byNumber(Platform.WINSOCK, number);
                if (!wsa.isEmpty()) {
                    best = wsa.get(0);
                    bestPlatform = Platform.WINSOCK;
                    notes.add(number + " is " + nameOn(best, Platform.WINSOCK) + " on Winsock.");
                }
            }
            if (best == null) {
                return Explanation.unknown(raw, notes, List.of());
            }
        }
        if (order.length == 1) {
            notes.clear();
            notes.add(number + " is " + nameOn(best, bestPlatform) + " on " + bestPlatform.label() + ".");
            for (ErrorEntry o : others) {
                notes.add(number + " is also " + nameOn(o, bestPlatform) + " on " + bestPlatform.label() + ".");
            }
            if (platform == null && bestPlatform == Platform.WINSOCK) {
                for (Platform p : ERRNO_ORDER) {
                    for (ErrorEntry h : byNumber(p, number)) {
                        notes.add(number + " is " + nameOn(h, p) + " on " + p.label() + ".");
                        others.add(h);
                    }
                }
            }
        }
        List<String> elsewhere = new ArrayList<>();
        for (Map.Entry<Platform, Integer> n : best.numbers().entrySet()) {
            if (n.getKey() != bestPlatform && n.getValue() != number) {
                String other = nameOn(best, n.getKey());
                elsewhere.add(n.getValue() + (other.equals(best.name()) ? "" : " (" + other + ")") + " on "
                        + n.getKey().label());
            }
        }
        if (!elsewhere.isEmpty()) {
            String last = elsewhere.remove(elsewhere.size() - 1);
            notes.add(best.name() + " is " + (elsewhere.isEmpty() ? last : String.join(", ", elsewhere) + " and "
                    + last) + ".");
        }
        others.remove(best);
        return new Explanation(raw, Explanation.Match.NUMBER, nameOn(best, bestPlatform), best, errnoOf(best),
                notes, List.copyOf(others));
    }

    /** {@code WSAECONNRESET} for the Winsock number of ECONNRESET, the entry's name otherwise. */
    private static String nameOn(ErrorEntry e, Platform p) {
        String wsa = p == Platform.WINSOCK ? e.winsockName() : null;
        return wsa != null ? wsa : e.name();
    }

    private Explanation explainTrace(String raw, String in) {
        List<String> throwables = new ArrayList<>();
        boolean first = true;
        for (String line : in.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (first) {
                throwables.add(t);
                first = false;
            } else if (t.startsWith("Caused by:")) {
                throwables.add(t);
            }
        }
        for (int i = throwables.size() - 1; i >= 0; i--) {
            Explanation e = explainLine(raw, throwables.get(i));
            if (e != null) {
                List<String> notes = new ArrayList<>();
                notes.add((throwables.size() > 1
                        ? "Innermost known cause (" + (i + 1) + " of " + throwables.size() + " throwables): "
                        : "Exception: ") + Quote.bare(throwables.get(i)));
                notes.addAll(e.notes());
                return new Explanation(raw, e.match(), e.as(), e.entry(), e.errno(), notes, e.candidates());
            }
        }
        return null;
    }

    private Explanation explainLine(String raw, String in) {
        String line = stripPrefixes(in);
        int sep = line.indexOf(": ");
        String head = sep < 0 ? line : line.substring(0, sep);
        if (isClassName(head)) {
            String msg = sep < 0 ? "" : line.substring(sep + 2);
            Explanation e = explainException(raw, head, msg);
            if (e != null) {
                return e;
            }
        }
        return explainText(raw, line);
    }

    private Explanation explainException(String raw, String className, String msg) {
        List<ErrorEntry> forClass = byClass.getOrDefault(simpleName(className), List.of());
        boolean qualified = className.indexOf('.') >= 0;
        String lower = msg.toLowerCase(Locale.ROOT);
        ErrorEntry withText = null;
        ErrorEntry classOnly = null;
        for (ErrorEntry e : forClass) {
            if (qualified && !e.javaClass().equals(className)) {
                continue;
            }
            if (e.javaText() == null) {
                classOnly = e;
            } else if (lower.contains(e.javaText().toLowerCase(Locale.ROOT))
                    && (withText == null || e.javaText().length() > withText.javaText().length())) {
                withText = e;
            }
        }
        ErrorEntry fromMessage = msg.isEmpty() ? null : containedText(lower, false);
        if (withText != null) {
            return new Explanation(raw, Explanation.Match.EXCEPTION, withText.name(), withText, errnoOf(withText),
                    List.of(), List.of());
        }
        if (classOnly != null) {
            ErrorEntry errno = fromMessage != null ? fromMessage : errnoOf(classOnly);
            List<String> notes = fromMessage != null && fromMessage != errnoOf(classOnly)
                    ? List.of("The message carries the text of " + fromMessage.name() + ".") : List.of();
            return new Explanation(raw, Explanation.Match.EXCEPTION, classOnly.name(), classOnly, errno, notes,
                    List.of());
        }
        if (fromMessage != null) {
            return new Explanation(raw, Explanation.Match.EXCEPTION, fromMessage.name(), fromMessage,
                    errnoOf(fromMessage), List.of(className + " is not in the catalogue; its message is the text of "
                    + fromMessage.name() + "."), List.of());
        }
        return null;
    }

    private Explanation explainText(String raw, String text) {
        String lower = trimPeriod(text).toLowerCase(Locale.ROOT);
        List<ErrorEntry> exact = byText.get(lower);
        ErrorEntry e = null;
        List<ErrorEntry> others = List.of();
        if (exact != null) {
            List<ErrorEntry> sorted = new ArrayList<>(exact);
            sorted.sort(Comparator.comparing(ErrorEntry::kind));
            e = sorted.get(0);
            others = sorted.subList(1, sorted.size());
        } else {
            e = containedText(lower, true);
        }
        if (e == null) {
            return null;
        }
        return new Explanation(raw, Explanation.Match.TEXT, e.name(), e, errnoOf(e), List.of(), List.copyOf(others));
    }

    /** The entry whose text {@code lower} contains, the longest text first; Java texts only if {@code java}. */
    private ErrorEntry containedText(String lower, boolean java) {
        for (Map.Entry<String, List<ErrorEntry>> t : byText.entrySet()) {
            if (t.getKey().length() < MIN_CONTAINED_TEXT) {
                break;
            }
            if (lower.contains(t.getKey())) {
                for (ErrorEntry e : t.getValue()) {
                    if (java || e.kind() != ErrorEntry.Kind.JAVA) {
                        return e;
                    }
                }
            }
        }
        return null;
    }

    private ErrorEntry errnoOf(ErrorEntry e) {
        return e.errno() == null ? null : byName(e.errno());
    }

    private Explanation unknown(String raw, String in) {
        String key = in.length() > 80 ? in.substring(0, 80) : in;
        String upper = key.toUpperCase(Locale.ROOT);
        Map<String, Integer> scored = new LinkedHashMap<>();
        for (String name : byName.keySet()) {
            int d = distance(upper, name);
            if (d <= Math.max(2, upper.length() / 3) || name.contains(upper) && upper.length() >= 3) {
                scored.merge(byName.get(name).name(), d, Math::min);
            }
        }
        for (Map.Entry<String, List<ErrorEntry>> c : byClass.entrySet()) {
            int d = distance(upper, c.getKey().toUpperCase(Locale.ROOT));
            if (d <= Math.max(2, upper.length() / 4)) {
                for (ErrorEntry e : c.getValue()) {
                    scored.merge(e.name(), d, Math::min);
                }
            }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(scored.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        List<ErrorEntry> candidates = new ArrayList<>();
        for (int i = 0; i < sorted.size() && i < MAX_CANDIDATES; i++) {
            candidates.add(byName(sorted.get(i).getKey()));
        }
        List<String> notes = new ArrayList<>();
        notes.add(Quote.of(in) + " is not known as an error name, number, message or exception.");
        return Explanation.unknown(raw, notes, candidates);
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Integer parseNumber(String s) {
        String t = s;
        String lower = t.toLowerCase(Locale.ROOT);
        for (String p : new String[] {"errno", "error", "code"}) {
            if (lower.startsWith(p)) {
                t = t.substring(p.length()).strip();
                if (t.startsWith("=") || t.startsWith(":")) {
                    t = t.substring(1).strip();
                }
                break;
            }
        }
        if (t.isEmpty() || t.length() > 11) {
            return null;
        }
        int start = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        if (start == t.length()) {
            return null;
        }
        for (int i = start; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        long v = Long.parseLong(t);
        return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v;
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A Java class name: identifier parts, dots and dollars, with a dot or a dollar, or ending in Exception/Error. */
    static boolean isClassName(String s) {
        if (s.isEmpty() || s.length() > 200 || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.')) {
                return false;
            }
        }
        return s.indexOf('.') >= 0 || s.indexOf('$') >= 0 || s.endsWith("Exception") || s.endsWith("Error");
    }

    private static String stripPrefixes(String line) {
        String t = line.strip();
        if (t.startsWith("Caused by:")) {
            t = t.substring("Caused by:".length()).strip();
        }
        if (t.startsWith("Exception in thread \"")) {
            int close = t.indexOf("\" ", "Exception in thread \"".length());
            if (close > 0) {
                t = t.substring(close + 2).strip();
            }
        }
        return t;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String trimPeriod(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
