package dev.sockit.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream line by line into one fixed buffer and scans fields of the current line in place, so that a line
 * costs no allocation. A line longer than {@link #MAX_LINE} bytes is handed out {@link #truncated} and the rest of
 * it is skipped: memory stays bounded whatever the input. The reader of every {@code /proc} table sockit parses,
 * on this host or from a file a user hands the analyzer.
 */
public final class ProcLineReader {

    /** The longest line kept whole; {@code /proc/net/netstat}'s header lines are a few KiB. */
    public static final int MAX_LINE = 64 * 1024;

    /** The value of each byte as a hex digit, or -1. */
    private static final byte[] HEX_VALUES = new byte[256];

    static {
        java.util.Arrays.fill(HEX_VALUES, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX_VALUES['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX_VALUES['A' + i] = (byte) (10 + i);
            HEX_VALUES['a' + i] = (byte) (10 + i);
        }
    }

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean skipping;

    /** The current line is {@code buf[start, end)}, without its line end. */
    private int start;
    private int end;
    /** The scan position in the current line. */
    private int p;
    private long number;
    private boolean truncated;

    /** A reader of {@code in} that keeps lines of up to {@link #MAX_LINE} bytes whole. */
    public ProcLineReader(InputStream in) {
        this(in, MAX_LINE);
    }

    /** A reader of {@code in} that keeps lines of up to {@code maxLine} bytes whole. */
    public ProcLineReader(InputStream in, int maxLine) {
        this.in = in;
        this.buf = new byte[maxLine];
    }

    /** Moves to the next line; false at the end of the input. */
    public boolean next() throws IOException {
        truncated = false;
        int scan = pos;
        while (true) {
            int nl = -1;
            for (int i = scan; i < lim; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl >= 0) {
                if (skipping) {
                    skipping = false;
                    pos = nl + 1;
                    scan = pos;
                    continue;
                }
                start = pos;
                end = nl;
                pos = nl + 1;
                break;
            }
            if (skipping) {
                pos = 0;
                lim = 0;
            } else if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            scan = lim;
            if (eof) {
                if (lim > pos) {
                    start = pos;
                    end = lim;
                    pos = lim;
                    break;
                }
                return false;
            }
            if (lim == buf.length) {
                start = 0;
                end = lim;
                pos = lim;
                truncated = true;
                skipping = true;
                break;
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }
        if (end > start && buf[end - 1] == '\r') {
            end--;
        }
        number++;
        p = start;
        return true;
    }

    /** The 1-based number of the current line. */
    public long number() {
        return number;
    }

    /** True when the current line was longer than the buffer and only its start is here. */
    public boolean truncated() {
        return truncated;
    }

    /** Skips blanks and tabs; true if anything is left on the line. */
    public boolean skipSpaces() {
        // the scan runs on locals, stored once: the JIT keeps them in registers (also in hex, dec)
        byte[] b = buf;
        int i = p;
        int e = end;
        while (i < e && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        p = i;
        return i < e;
    }

    /** True when the scan has reached the end of the line. */
    public boolean atEnd() {
        return p >= end;
    }

    /** True if a decimal digit is next. */
    public boolean digitNext() {
        return p < end && buf[p] >= '0' && buf[p] <= '9';
    }

    /** True if a blank or a tab is next. */
    public boolean blankNext() {
        return p < end && (buf[p] == ' ' || buf[p] == '\t');
    }

    /** Consumes {@code c} if it is next. */
    public boolean expect(char c) {
        if (p < end && buf[p] == c) {
            p++;
            return true;
        }
        return false;
    }

    /** True if the line, from the scan position on, starts with {@code ascii}; consumes nothing. */
    public boolean lookingAt(String ascii) {
        int n = ascii.length();
        if (end - p < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[p + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Consumes hex digits: their value, or {@code -1} when there are none or more than a long holds. */
    public long hex() {
        byte[] b = buf;
        int i = p;
        int e = end;
        int first = i;
        long v = 0;
        while (i < e) {
            int d = hexDigit(b[i]);
            if (d < 0) {
                break;
            }
            v = v << 4 | d;
            i++;
            if (i - first > 16) {
                p = i;
                return -1;
            }
        }
        p = i;
        return i == first || v < 0 ? -1 : v;
    }

    /** The number of hex digits from the scan position on, consuming nothing. */
    public int hexRun() {
        byte[] b = buf;
        int i = p;
        int e = end;
        while (i < e && hexDigit(b[i]) >= 0) {
            i++;
        }
        return i - p;
    }

    /** Consumes exactly 8 hex digits as a 32-bit word; call after {@link #hexRun()} said they are there. */
    public int hexWord() {
        byte[] b = buf;
        int at = p;
        int v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 4 | hexDigit(b[at + i]);
        }
        p = at + 8;
        return v;
    }

    /** Consumes decimal digits: their value, or {@code -1} when there are none or more than a long holds. */
    public long dec() {
        byte[] b = buf;
        int i = p;
        int e = end;
        int first = i;
        long v = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            if (i - first == 18) {
                p = i;
                return -1;
            }
            v = v * 10 + (b[i++] - '0');
        }
        p = i;
        return i == first ? -1 : v;
    }

    /** Consumes a decimal number with an optional minus sign; {@link Long#MIN_VALUE} when there is none. */
    public long signedDec() {
        boolean minus = expect('-');
        long v = dec();
        return v < 0 ? Long.MIN_VALUE : minus ? -v : v;
    }

    /** Consumes characters up to a blank, a tab, {@code stop} or the line end and returns them. */
    public String word(char stop) {
        int s = p;
        while (p < end && buf[p] != ' ' && buf[p] != '\t' && buf[p] != stop) {
            p++;
        }
        return new String(buf, s, p - s, StandardCharsets.UTF_8);
    }

    /** Consumes the rest of the line and returns it (UTF-8). */
    public String rest() {
        String s = new String(buf, p, end - p, StandardCharsets.UTF_8);
        p = end;
        return s;
    }

    /** The most bytes a line is kept whole with; a longer one is {@link #truncated()}. */
    public int maxLine() {
        return buf.length;
    }

    /**
     * The current line as read (each byte one character, ISO-8859-1), at most {@code maxChars} of it: for quoting a
     * line that could not be parsed. Allocates; the scan position is not moved.
     */
    public String line(int maxChars) {
        int n = Math.min(end - start, Math.max(0, maxChars));
        return new String(buf, start, n, StandardCharsets.ISO_8859_1);
    }

    private static int hexDigit(byte b) {
        return HEX_VALUES[b & 0xFF];
    }
}
