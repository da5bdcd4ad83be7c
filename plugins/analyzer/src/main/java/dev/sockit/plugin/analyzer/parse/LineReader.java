package dev.sockit.plugin.analyzer.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads an input stream line by line into one reused byte buffer and splits the current line into whitespace
 * separated fields without allocating. A line longer than {@link #MAX_LINE} bytes is cut there and flagged, so
 * memory stays bounded whatever the input. The current line is also a {@link CharSequence} (one char per byte)
 * so that a report can quote it without copying unless it keeps the quote.
 */
final class LineReader implements CharSequence {

    /** The longest line kept; the rest of a longer line is skipped. */
    static final int MAX_LINE = 64 * 1024;
    /** The most fields a line is split into; further text stays in the last field's tail. */
    static final int MAX_FIELDS = 256;

    private static final int CACHE_SLOTS = 512;
    private static final int CACHE_MAX_BYTES = 96;

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;

    /** The current line's bytes, without its line end; valid up to {@link #len}. */
    byte[] buf = new byte[512];
    /** The current line's length in bytes. */
    int len;
    /** The current line's 1-based number. */
    long number;
    /** True when the current line was longer than {@link #MAX_LINE} and has been cut. */
    boolean overlong;

    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    /** How many fields {@link #split} found. */
    int fields;

    private final byte[][] cacheBytes = new byte[CACHE_SLOTS][];
    private final String[] cacheStrings = new String[CACHE_SLOTS];

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next line; false at the end of the input. */
    boolean next() throws IOException {
        len = 0;
        overlong = false;
        fields = 0;
        boolean got = false;
        while (true) {
            if (pos == lim) {
                if (eof) {
                    break;
                }
                int n = in.read(chunk, 0, chunk.length);
                pos = 0;
                if (n <= 0) {
                    lim = 0;
                    eof = true;
                    continue;
                }
                lim = n;
            }
            got = true;
            int start = pos;
            while (pos < lim && chunk[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < lim) {
                pos++;
                break;
            }
        }
        if (!got) {
            return false;
        }
        if (len > 0 && buf[len - 1] == '\r') {
            len--;
        }
        number++;
        return true;
    }

    private void append(int from, int n) {
        int room = MAX_LINE - len;
        if (n > room) {
            overlong = true;
            n = room;
        }
        if (n <= 0) {
            return;
        }
        if (len + n > buf.length) {
            byte[] bigger = new byte[Math.min(MAX_LINE, Math.max(buf.length * 2, len + n))];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
        System.arraycopy(chunk, from, buf, len, n);
        len += n;
    }

    /** True when the line holds only whitespace. */
    boolean blank() {
        for (int i = 0; i < len; i++) {
            if (!space(buf[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when the line starts with a space or a tab. */
    boolean indented() {
        return len > 0 && (buf[0] == ' ' || buf[0] == '\t');
    }

    /** Splits the line from {@code from} on into fields; returns how many. */
    int split(int from) {
        int n = 0;
        int i = from;
        while (i < len && n < MAX_FIELDS) {
            while (i < len && space(buf[i])) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int s = i;
            while (i < len && !space(buf[i])) {
                i++;
            }
            starts[n] = s;
            ends[n] = i;
            n++;
        }
        fields = n;
        return n;
    }

    /** Where field {@code i} starts. */
    int s(int i) {
        return starts[i];
    }

    /** Where field {@code i} ends (exclusive). */
    int e(int i) {
        return ends[i];
    }

    /** True when field {@code i} exists and equals {@code text}. */
    boolean is(int i, String text) {
        return i < fields && equals(starts[i], ends[i], text);
    }

    /** True when field {@code i} exists and starts with {@code prefix}. */
    boolean fieldStarts(int i, String prefix) {
        return i < fields && startsWith(starts[i], ends[i], prefix);
    }

    /** The decimal number in field {@code i}, or {@code -1}. */
    long num(int i) {
        return i < fields ? num(starts[i], ends[i]) : -1;
    }

    /** Field {@code i} as a string (cached when short). */
    String str(int i) {
        return str(starts[i], ends[i]);
    }

    /** True when bytes {@code [s, e)} equal the ASCII {@code text}. */
    boolean equals(int s, int e, String text) {
        int n = text.length();
        if (e - s != n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (buf[s + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** True when bytes {@code [s, e)} start with the ASCII {@code prefix}. */
    boolean startsWith(int s, int e, String prefix) {
        int n = prefix.length();
        if (e - s < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (buf[s + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** True when the whole line starts with {@code prefix}. */
    boolean lineStarts(String prefix) {
        return startsWith(0, len, prefix);
    }

    /** True when the line contains {@code text}. */
    boolean contains(String text) {
        return indexOf(text, 0, len) >= 0;
    }

    /** Where {@code text} starts in {@code [s, e)}, or {@code -1}. */
    int indexOf(String text, int s, int e) {
        int n = text.length();
        for (int i = s; i + n <= e; i++) {
            if (startsWith(i, e, text)) {
                return i;
            }
        }
        return -1;
    }

    /** Where byte {@code c} first occurs in {@code [s, e)}, or {@code -1}. */
    int indexOf(char c, int s, int e) {
        for (int i = s; i < e; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Where byte {@code c} last occurs in {@code [s, e)}, or {@code -1}. */
    int lastIndexOf(char c, int s, int e) {
        for (int i = e - 1; i >= s; i--) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The non-negative decimal number in {@code [s, e)}, or {@code -1} when it is empty, holds anything but digits
     * or does not fit a long.
     */
    long num(int s, int e) {
        if (s >= e || e - s > 19) {
            return -1;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
            if (v < 0) {
                return -1;
            }
        }
        return v;
    }

    /** The decimal number in {@code [s, e)} with an optional fraction ({@code 0.015}), or {@code -1}. */
    double decimal(int s, int e) {
        int dot = indexOf('.', s, e);
        if (dot < 0) {
            return num(s, e);
        }
        long whole = dot == s ? 0 : num(s, dot);
        if (whole < 0 || dot + 1 >= e || e - dot - 1 > 12) {
            return -1;
        }
        long frac = num(dot + 1, e);
        if (frac < 0) {
            return -1;
        }
        double scale = 1;
        for (int i = dot + 1; i < e; i++) {
            scale *= 10;
        }
        return whole + frac / scale;
    }

    /** Bytes {@code [s, e)} as a string: UTF-8 when they hold non-ASCII bytes; short strings are cached. */
    String str(int s, int e) {
        int n = e - s;
        if (n > CACHE_MAX_BYTES) {
            return decode(s, e);
        }
        int h = 0;
        for (int i = s; i < e; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ (h >>> 16)) & (CACHE_SLOTS - 1);
        byte[] cached = cacheBytes[slot];
        if (cached != null && cached.length == n) {
            boolean same = true;
            for (int k = 0; k < n; k++) {
                if (cached[k] != buf[s + k]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return cacheStrings[slot];
            }
        }
        byte[] copy = new byte[n];
        System.arraycopy(buf, s, copy, 0, n);
        String v = decode(s, e);
        cacheBytes[slot] = copy;
        cacheStrings[slot] = v;
        return v;
    }

    private String decode(int s, int e) {
        for (int i = s; i < e; i++) {
            if (buf[i] < 0) {
                return new String(buf, s, e - s, StandardCharsets.UTF_8);
            }
        }
        return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /** True for the bytes that separate fields. */
    static boolean space(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == 0x0b;
    }

    @Override
    public int length() {
        return len;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= len) {
            throw new IndexOutOfBoundsException("index " + index + " (expected: 0-" + (len - 1) + ")");
        }
        return (char) (buf[index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > len || start > end) {
            throw new IndexOutOfBoundsException("range " + start + "-" + end + " (expected: within 0-" + len + ")");
        }
        return decode(start, end);
    }

    @Override
    public String toString() {
        return decode(0, len);
    }
}
