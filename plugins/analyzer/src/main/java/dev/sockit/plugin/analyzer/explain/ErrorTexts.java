package dev.sockit.plugin.analyzer.explain;

import java.util.Locale;

/** The text work of the error catalogue: names, numbers, class names and near matches in what a person pastes. */
final class ErrorTexts {

    private ErrorTexts() {
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

    static Integer parseNumber(String s) {
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

    static boolean isName(String s) {
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

    static String stripPrefixes(String line) {
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

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    static String trimPeriod(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
