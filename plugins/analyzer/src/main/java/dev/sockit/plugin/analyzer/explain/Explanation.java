package dev.sockit.plugin.analyzer.explain;

import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link ErrorCatalog#explain(String)} made of an input: the entry found and how, the errno it stands for
 * (for a Java or getaddrinfo entry), notes on ambiguity, and other candidates; or, when nothing matched, only
 * notes and the closest candidates.
 *
 * @param input      the input as given
 * @param match      how the entry was found
 * @param as         the name the input found it under ({@code WSAECONNRESET} for {@code 10054}), or {@code null}
 * @param entry      the entry found, or {@code null} when the input is not known
 * @param errno      the errno (or getaddrinfo) entry a Java entry stands for, or {@code null}
 * @param notes      sentences on how the input was read: what a number is on each platform, aliases, the cause
 *                   picked from a stack trace
 * @param candidates other entries the input may mean, or the closest names to an unknown input
 */
public record Explanation(String input, Match match, String as, ErrorEntry entry, ErrorEntry errno,
                          List<String> notes, List<ErrorEntry> candidates) {

    /** How an input was matched. */
    public enum Match {
        /** By an error name or alias. */
        NAME,
        /** By a number, with or without a platform prefix. */
        NUMBER,
        /** By a message text. */
        TEXT,
        /** By an exception line or a stack trace. */
        EXCEPTION,
        /** Not at all. */
        UNKNOWN;

        /** The lower-case JSON form. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Freezes the lists. */
    public Explanation {
        notes = List.copyOf(notes);
        candidates = List.copyOf(candidates);
    }

    /** An explanation of an input that matched nothing. */
    static Explanation unknown(String input, List<String> notes, List<ErrorEntry> candidates) {
        return new Explanation(input, Match.UNKNOWN, null, null, null, notes, candidates);
    }

    /** True when an entry was found. */
    public boolean known() {
        return entry != null;
    }

    /**
     * The {@code explain} Result: findings say what the error is and means, recommendations list the
     * troubleshooting steps per platform, {@code data} holds the entry (and the errno it stands for) as maps and
     * lists. An unknown input gives a {@code warning} with the closest names.
     */
    public Result toResult() {
        Result.Builder b = Result.builder("explain", input == null ? "" : Quote.bare(input.strip()));
        if (entry == null) {
            b.status(Status.WARNING);
            notes.forEach(b::finding);
            if (!candidates.isEmpty()) {
                b.finding("Closest known: " + String.join(", ", names(candidates)) + ".");
            }
            b.recommendation("Give an errno name (ECONNRESET), a number with a platform (linux:104, macos:54, "
                    + "windows:10054), a message (Connection reset by peer) or the exception line of a stack trace.");
            b.data("match", match.json());
            b.data("known", false);
            b.data("notes", new ArrayList<>(notes));
            b.data("candidates", names(candidates));
            return b.build();
        }
        b.finding(headline(entry, as));
        if (!entry.meaning().isEmpty()) {
            b.finding(entry.meaning());
        }
        if (errno != null && errno != entry) {
            b.finding(entry.name() + " stands for " + headline(errno, errno.name()));
            if (!errno.meaning().isEmpty()) {
                b.finding(errno.meaning());
            }
        }
        notes.forEach(b::finding);
        for (String c : entry.causes()) {
            b.finding("Typical cause: " + c);
        }
        if (errno != null && errno != entry) {
            for (String c : errno.causes()) {
                b.finding("Typical cause (" + errno.name() + "): " + c);
            }
        }
        if (!candidates.isEmpty()) {
            b.finding("It may also be: " + String.join(", ", names(candidates)) + ".");
        }
        steps(b, entry);
        if (errno != null && errno != entry) {
            steps(b, errno);
        }
        b.data("match", match.json());
        b.data("known", true);
        b.data("as", as);
        b.data("entry", entry.toData());
        if (errno != null && errno != entry) {
            b.data("errno", errno.toData());
        }
        b.data("notes", new ArrayList<>(notes));
        b.data("candidates", names(candidates));
        return b.build();
    }

    private static void steps(Result.Builder b, ErrorEntry e) {
        for (Map.Entry<String, List<String>> s : e.steps().entrySet()) {
            String label = label(s.getKey());
            for (String step : s.getValue()) {
                b.recommendation(label.isEmpty() ? step : label + ": " + step);
            }
        }
        if (!e.options().isEmpty()) {
            b.recommendation("Related socket options: " + String.join(", ", e.options()) + ".");
        }
        if (!e.sysctls().isEmpty()) {
            b.recommendation("Related sysctls and limits: " + String.join(", ", e.sysctls()) + ".");
        }
    }

    private static String label(String key) {
        Platform p = Platform.ofKey(key);
        if (p != null) {
            return p == Platform.WINDOWS ? "Windows" : p.label();
        }
        return "java".equals(key) ? "Java" : "";
    }

    private static String headline(ErrorEntry e, String as) {
        StringBuilder s = new StringBuilder(as == null ? e.name() : as);
        if (as != null && !as.equalsIgnoreCase(e.name())) {
            s.append(" (").append(e.name()).append(')');
        }
        String numbers = e.numbersText();
        if (!numbers.isEmpty()) {
            s.append(" [").append(numbers).append(']');
        }
        String m = e.kind() == ErrorEntry.Kind.JAVA ? "" : e.message();
        if (!m.isEmpty()) {
            s.append(": ").append(m);
        }
        if (s.charAt(s.length() - 1) != '.') {
            s.append('.');
        }
        return s.toString();
    }

    private static List<String> names(List<ErrorEntry> entries) {
        List<String> n = new ArrayList<>(entries.size());
        for (ErrorEntry e : entries) {
            n.add(e.name());
        }
        return n;
    }
}
