package dev.sockit.plugin.analyzer.explain;

import dev.sockit.api.Quote;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.sockit.plugin.analyzer.explain.ErrorTexts.distance;
import static dev.sockit.plugin.analyzer.explain.ErrorTexts.isClassName;
import static dev.sockit.plugin.analyzer.explain.ErrorTexts.isName;
import static dev.sockit.plugin.analyzer.explain.ErrorTexts.parseNumber;
import static dev.sockit.plugin.analyzer.explain.ErrorTexts.simpleName;
import static dev.sockit.plugin.analyzer.explain.ErrorTexts.stripPrefixes;
import static dev.sockit.plugin.analyzer.explain.ErrorTexts.trimPeriod;

/**
 * How {@link ErrorCatalog#explain(String)} reads what a person pastes: a name, a number with or without a platform,
 * an exception line, a stack trace or a message text, each matched against the catalogue's indexes; what matches
 * nothing gets the closest names as candidates.
 */
final class ErrorExplainer {

    /** The order a bare number is read in: Linux first, then the BSDs, then the Windows C runtime. */
    private static final Platform[] ERRNO_ORDER = {Platform.LINUX, Platform.MACOS, Platform.FREEBSD,
            Platform.WINDOWS};

    private final ErrorCatalog catalog;

    ErrorExplainer(ErrorCatalog catalog) {
        this.catalog = catalog;
    }

    /** See {@link ErrorCatalog#explain(String)}. */
    Explanation explain(String input) {
        String raw = input == null ? "" : input;
        int max = ErrorCatalog.MAX_INPUT_CHARS;
        String in = (raw.length() > max ? raw.substring(0, max) : raw).strip();
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
        ErrorEntry e = catalog.byName(rest);
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
            List<ErrorEntry> hits = catalog.byNumber(p, number);
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
                List<ErrorEntry> wsa = catalog.byNumber(Platform.WINSOCK, number);
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
                    for (ErrorEntry h : catalog.byNumber(p, number)) {
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
        List<ErrorEntry> forClass = catalog.byClass().getOrDefault(simpleName(className), List.of());
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
        List<ErrorEntry> exact = catalog.byText().get(lower);
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
        for (Map.Entry<String, List<ErrorEntry>> t : catalog.byText().entrySet()) {
            if (t.getKey().length() < ErrorCatalog.MIN_CONTAINED_TEXT) {
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
        return e.errno() == null ? null : catalog.byName(e.errno());
    }

    private Explanation unknown(String raw, String in) {
        String key = in.length() > 80 ? in.substring(0, 80) : in;
        String upper = key.toUpperCase(Locale.ROOT);
        Map<String, Integer> scored = new LinkedHashMap<>();
        for (String name : catalog.names().keySet()) {
            int d = distance(upper, name);
            if (d <= Math.max(2, upper.length() / 3) || name.contains(upper) && upper.length() >= 3) {
                scored.merge(catalog.names().get(name).name(), d, Math::min);
            }
        }
        for (Map.Entry<String, List<ErrorEntry>> c : catalog.byClass().entrySet()) {
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
        for (int i = 0; i < sorted.size() && i < ErrorCatalog.MAX_CANDIDATES; i++) {
            candidates.add(catalog.byName(sorted.get(i).getKey()));
        }
        List<String> notes = new ArrayList<>();
        notes.add(Quote.of(in) + " is not known as an error name, number, message or exception.");
        return Explanation.unknown(raw, notes, candidates);
    }
}
