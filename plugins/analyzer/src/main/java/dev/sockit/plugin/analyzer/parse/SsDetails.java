package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;

/**
 * The detail fields {@code ss} prints after a socket's addresses, on its line or on indented continuation lines:
 * {@code users:(("java",pid=1,fd=5))}, {@code timer:(keepalive,119min,0)}, {@code skmem:(r0,rb131072,...)}, the
 * TCP_INFO fields of {@code -i} ({@code rtt:}, {@code retrans:}, {@code cwnd:}...) and the rates; read into the
 * {@link SocketRow} of {@link SsParser}. Durations and rates are in ss's units ({@link #duration}, {@link #rate}).
 */
final class SsDetails {

    // The detail keys (before ':' or alone); their index selects the case in detail().
    private static final Keys DETAIL = new Keys("users", "timer", "uid", "ino", "skmem", "rtt", "rto", "mss",
        "cwnd", "ssthresh", "bytes_sent", "bytes_acked", "bytes_received", "unacked", "retrans", "lost",
        "rcv_space", "rcv_wnd", "snd_wnd", "notsent", "lastsnd", "lastrcv", "lastack", "send", "pacing_rate",
        "delivery_rate");
    private static final int USERS = 0;
    private static final int TIMER = 1;
    private static final int UID = 2;
    private static final int INO = 3;
    private static final int SKMEM = 4;
    private static final int RTT = 5;
    private static final int RTO = 6;
    private static final int MSS = 7;
    private static final int CWND = 8;
    private static final int SSTHRESH = 9;
    private static final int BYTES_SENT = 10;
    private static final int BYTES_ACKED = 11;
    private static final int BYTES_RECEIVED = 12;
    private static final int UNACKED = 13;
    private static final int RETRANS = 14;
    private static final int LOST = 15;
    private static final int RCV_SPACE = 16;
    private static final int RCV_WND = 17;
    private static final int SND_WND = 18;
    private static final int NOTSENT = 19;
    private static final int LASTSND = 20;
    private static final int LASTRCV = 21;
    private static final int LASTACK = 22;
    private static final int SEND = 23;
    private static final int PACING_RATE = 24;
    private static final int DELIVERY_RATE = 25;

    private static final Keys CONGESTION = new Keys("cubic", "bbr", "bbr2", "bbr3", "reno", "dctcp", "vegas",
        "westwood", "htcp", "bic", "illinois", "hybla", "scalable", "yeah", "lp", "veno", "nv", "cdg", "highspeed");

    private SocketRow row;
    private ParseReport report;
    private boolean notedShared;

    /** Forgets what the last input noted; called when a parse starts. */
    void start() {
        notedShared = false;
    }

    /**
     * Reads the detail fields ({@code users:}, {@code timer:}, {@code skmem:}, TCP_INFO) of line {@code r} from
     * byte {@code from} on into {@code row}; a note about the input goes to {@code report}.
     */
    void read(LineReader r, int from, SocketRow row, ParseReport report) {
        this.row = row;
        this.report = report;
        byte[] b = r.buf;
        int len = r.len;
        int i = from;
        while (i < len) {
            while (i < len && LineReader.space(b[i])) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int s = i;
            int colon = -1;
            int depth = 0;
            boolean quoted = false;
            while (i < len) {
                byte c = b[i];
                if (quoted) {
                    if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ':' && colon < 0) {
                    colon = i;
                } else if (depth <= 0 && LineReader.space(c)) {
                    break;
                }
                i++;
            }
            int e = i;
            if (colon < 0) {
                i = word(r, s, e, i);
            } else {
                detail(r, DETAIL.find(b, s, colon), colon + 1, e);
            }
        }
        if (row.sndWindow == 0 || "persist".equals(row.timer)) {
            row.zeroWindow = true;
        }
    }

    /**
     * A field without a colon: a congestion-control name, or a key whose value is the next field; returns where to
     * go on.
     */
    private int word(LineReader r, int s, int e, int i) {
        int key = DETAIL.find(r.buf, s, e);
        if (key == SEND || key == PACING_RATE || key == DELIVERY_RATE) {
            int len = r.len;
            int vs = i;
            while (vs < len && LineReader.space(r.buf[vs])) {
                vs++;
            }
            int ve = vs;
            while (ve < len && !LineReader.space(r.buf[ve])) {
                ve++;
            }
            long bps = rate(r, vs, ve);
            if (key == SEND) {
                row.sendRateBps = bps;
            } else if (key == PACING_RATE) {
                row.pacingRateBps = bps;
            } else {
                row.deliveryRateBps = bps;
            }
            return ve;
        }
        if (row.congestion == null && CONGESTION.find(r.buf, s, e) >= 0) {
            row.congestion = r.str(s, e);
        }
        return i;
    }

    private void detail(LineReader r, int key, int s, int e) {
        switch (key) {
            case USERS -> users(r, s, e);
            case TIMER -> timer(r, s, e);
            case UID -> row.uid = r.num(s, e);
            case INO -> row.inode = r.num(s, e);
            case SKMEM -> skmem(r, s, e);
            case RTT -> {
                int slash = r.indexOf('/', s, e);
                if (slash > 0) {
                    row.rttMs = r.decimal(s, slash);
                    row.rttVarMs = r.decimal(slash + 1, e);
                } else {
                    row.rttMs = r.decimal(s, e);
                }
            }
            case RTO -> row.rtoMs = Math.round(r.decimal(s, e));
            case MSS -> row.mss = r.num(s, e);
            case CWND -> row.cwnd = r.num(s, e);
            case SSTHRESH -> row.ssthresh = r.num(s, e);
            case BYTES_SENT -> row.bytesSent = r.num(s, e);
            case BYTES_ACKED -> row.bytesAcked = r.num(s, e);
            case BYTES_RECEIVED -> row.bytesReceived = r.num(s, e);
            case UNACKED -> row.unacked = r.num(s, e);
            case RETRANS -> {
                int slash = r.indexOf('/', s, e);
                if (slash > 0) {
                    row.retransNow = r.num(s, slash);
                    row.retransTotal = r.num(slash + 1, e);
                } else {
                    row.retransTotal = r.num(s, e);
                }
            }
            case LOST -> row.lost = r.num(s, e);
            case RCV_SPACE -> row.rcvSpace = r.num(s, e);
            case RCV_WND -> row.rcvWindow = r.num(s, e);
            case SND_WND -> row.sndWindow = r.num(s, e);
            case NOTSENT -> row.notSent = r.num(s, e);
            case LASTSND -> row.lastSendMs = r.num(s, e);
            case LASTRCV -> row.lastRecvMs = r.num(s, e);
            case LASTACK -> row.lastAckMs = r.num(s, e);
            default -> {
                // a detail no rule reads (sk:, cgroup:, ato:, wscale:...)
            }
        }
    }

    /** {@code (("java",pid=1,fd=5),("x",pid=2,fd=6))}: the first process; a note when there are more. */
    private void users(LineReader r, int s, int e) {
        byte[] b = r.buf;
        int q1 = r.indexOf('"', s, e);
        if (q1 < 0) {
            return;
        }
        int q2 = r.indexOf("\",", q1 + 1, e);
        if (q2 < 0) {
            return;
        }
        row.program = r.str(q1 + 1, q2);
        int i = q2 + 2;
        int field = 0;
        while (i < e && b[i] != ')') {
            int fs = i;
            while (i < e && b[i] != ',' && b[i] != ')') {
                i++;
            }
            int eq = r.indexOf('=', fs, i);
            long v = r.num(eq >= 0 ? eq + 1 : fs, i);
            boolean pid = eq >= 0 ? r.startsWith(fs, eq, "pid") : field == 0;
            boolean fd = eq >= 0 ? r.startsWith(fs, eq, "fd") : field == 1;
            if (pid) {
                row.pid = v;
            } else if (fd) {
                row.fd = v;
            }
            field++;
            if (i < e && b[i] == ',') {
                i++;
            }
        }
        if (i + 1 < e && b[i + 1] == ',' && !notedShared) {
            notedShared = true;
            report.note("some sockets are shared by several processes; the first one listed is reported");
        }
    }

    /** {@code (keepalive,119min,0)}. */
    private void timer(LineReader r, int s, int e) {
        if (s >= e || r.buf[s] != '(') {
            return;
        }
        int end = r.indexOf(')', s, e);
        if (end < 0) {
            end = e;
        }
        int c1 = r.indexOf(',', s + 1, end);
        if (c1 < 0) {
            row.timer = r.str(s + 1, end);
            return;
        }
        row.timer = r.str(s + 1, c1);
        int c2 = r.indexOf(',', c1 + 1, end);
        row.timerMs = duration(r, c1 + 1, c2 < 0 ? end : c2);
        if (c2 > 0) {
            row.timerRetrans = r.num(c2 + 1, end);
        }
    }

    /** {@code (r0,rb131072,t0,tb2626560,f0,w0,o0,bl0,d0)}. */
    private void skmem(LineReader r, int s, int e) {
        byte[] b = r.buf;
        int i = s < e && b[s] == '(' ? s + 1 : s;
        while (i < e && b[i] != ')') {
            int ks = i;
            while (i < e && b[i] >= 'a' && b[i] <= 'z') {
                i++;
            }
            int ke = i;
            while (i < e && b[i] != ',' && b[i] != ')') {
                i++;
            }
            long v = r.num(ke, i);
            if (ke - ks == 1) {
                switch (b[ks]) {
                    case 'r' -> row.rmemAlloc = v;
                    case 't' -> row.wmemAlloc = v;
                    case 'f' -> row.fwdAlloc = v;
                    case 'w' -> row.wmemQueued = v;
                    case 'o' -> row.optMem = v;
                    case 'd' -> row.drops = v;
                    default -> {
                        // a field of a newer ss
                    }
                }
            } else if (r.equals(ks, ke, "rb")) {
                row.rcvBuf = v;
            } else if (r.equals(ks, ke, "tb")) {
                row.sndBuf = v;
            } else if (r.equals(ks, ke, "bl")) {
                row.backlog = v;
            }
            if (i < e && b[i] == ',') {
                i++;
            }
        }
    }

    /**
     * A duration as ss prints it: {@code 119min}, {@code 1min3sec}, {@code 59sec}, {@code 5.200ms} (5 s 200 ms),
     * {@code 200ms}; {@code -1} when it is none of these. An empty duration is 0.
     */
    static long duration(LineReader r, int s, int e) {
        byte[] b = r.buf;
        long total = 0;
        int i = s;
        while (i < e) {
            int ds = i;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            long v = r.num(ds, i);
            if (v < 0) {
                return -1;
            }
            if (i < e && b[i] == '.') {
                int fs = ++i;
                while (i < e && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                long ms = r.num(fs, i);
                if (ms < 0 || !r.equals(i, Math.min(e, i + 2), "ms")) {
                    return -1;
                }
                total += v * 1000 + ms;
                i += 2;
                continue;
            }
            int us = i;
            while (i < e && b[i] >= 'a' && b[i] <= 'z') {
                i++;
            }
            if (r.equals(us, i, "min")) {
                total += v * 60_000;
            } else if (r.equals(us, i, "sec") || r.equals(us, i, "s")) {
                total += v * 1000;
            } else if (r.equals(us, i, "ms")) {
                total += v;
            } else if (r.equals(us, i, "h") || r.equals(us, i, "hr")) {
                total += v * 3_600_000;
            } else {
                return -1;
            }
        }
        return total;
    }

    /** A rate as ss prints it ({@code 42Gbps}, {@code 1.25Tbps}, {@code 436906666667bps}) in bits per second, or -1. */
    static long rate(LineReader r, int s, int e) {
        int slash = r.indexOf('/', s, e);
        if (slash >= 0) {
            e = slash;
        }
        if (!r.startsWith(Math.max(s, e - 3), e, "bps") || e - s < 4) {
            return -1;
        }
        int ne = e - 3;
        double scale = 1;
        switch (r.buf[ne - 1]) {
            case 'K', 'k' -> scale = 1e3;
            case 'M' -> scale = 1e6;
            case 'G' -> scale = 1e9;
            case 'T' -> scale = 1e12;
            default -> scale = 0;
        }
        if (scale != 0) {
            ne--;
        } else {
            scale = 1;
        }
        double v = r.decimal(s, ne);
        return v < 0 ? -1 : Math.round(v * scale);
    }
}
