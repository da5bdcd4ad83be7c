package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Reads iproute2 {@code ss} socket listings: any mix of {@code -t -u -x -w -a -l -n -p -m -i -e -o}, with or without
 * the header ({@code -H}), with the {@code Netid} column or without it (one protocol) and without the
 * {@code State} column ({@code ss state established}). Each socket line may be followed by indented continuation
 * lines ({@code -m}, {@code -i}); their details go into the same row, which is emitted when the next socket line
 * or the end comes. Unix sockets keep their path (or {@code *}) as the address and their inode as the port.
 */
public final class SsParser extends TextParser {

    private static final String[] NETIDS = {"tcp", "udp", "raw", "u_str", "u_dgr", "u_seq", "p_raw", "p_dgr", "nl",
        "mptcp", "sctp", "dccp", "tipc", "v_str", "v_dgr", "xdp", "icmp6", "u_seqpacket"};
    private static final Proto[] NETID_PROTOS = {Proto.TCP, Proto.UDP, Proto.RAW, Proto.UNIX, Proto.UNIX,
        Proto.UNIX, Proto.RAW, Proto.RAW, Proto.OTHER, Proto.TCP, Proto.OTHER, Proto.OTHER, Proto.OTHER,
        Proto.OTHER, Proto.OTHER, Proto.OTHER, Proto.RAW, Proto.UNIX};
    private static final Keys NETID = new Keys(NETIDS);

    private static final String[] STATE_NAMES = {"ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
        "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV", "BOUND", "CLOSED",
        "UNKNOWN"};
    private static final TcpState[] STATES = {TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV,
        TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.UNCONN, TcpState.CLOSE_WAIT,
        TcpState.LAST_ACK, TcpState.LISTEN, TcpState.CLOSING, TcpState.NEW_SYN_RECV, TcpState.BOUND,
        TcpState.CLOSE, TcpState.UNKNOWN};
    private static final Keys STATE = new Keys(STATE_NAMES);

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

    private final Endpoints endpoints = new Endpoints();
    private boolean pending;
    private Proto lastProto;
    private boolean notedGuess;
    private boolean notedShared;
    private boolean notedNames;

    /** Creates a parser; one parser reads one input at a time. */
    public SsParser() {
    }

    @Override
    public Format format() {
        return Format.SS;
    }

    @Override
    protected void start() {
        pending = false;
        lastProto = null;
        notedGuess = false;
        notedShared = false;
        notedNames = false;
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        int n = r.split(0);
        if (r.indented() && !socketLine(r, n)) {
            if (pending) {
                details(r, 0);
            } else {
                report.unparsed(r.number, r, "details without a socket line before them");
            }
            return;
        }
        if (pending) {
            pending = false;
            emit();
        }
        if (r.is(0, "Netid") || r.is(0, "State") || r.is(0, "Recv-Q")) {
            return;
        }
        String problem = socket(r, n);
        if (problem != null) {
            reject(r, problem);
        } else {
            pending = true;
        }
    }

    @Override
    protected void finish() {
        if (pending) {
            pending = false;
            emit();
        }
    }

    /** True when an indented line is nevertheless a socket line (a netid or state, then two numbers). */
    private static boolean socketLine(LineReader r, int n) {
        int i = NETID.find(r.buf, r.s(0), r.e(0)) >= 0 ? 1 : 0;
        if (i < n && STATE.find(r.buf, r.s(i), r.e(i)) >= 0) {
            i++;
        }
        return i > 0 && n >= i + 4 && r.num(i) >= 0 && r.num(i + 1) >= 0;
    }

    /** Fills the row from a socket line; the problem when it is not one. */
    private String socket(LineReader r, int n) {
        int i = 0;
        Proto proto = null;
        int netid = NETID.find(r.buf, r.s(0), r.e(0));
        if (netid >= 0) {
            proto = NETID_PROTOS[netid];
            i++;
        }
        if (i < n) {
            int st = STATE.find(r.buf, r.s(i), r.e(i));
            if (st >= 0) {
                row.state = STATES[st];
                i++;
            }
        }
        if (n < i + 4) {
            return "too few fields for a socket";
        }
        row.recvQ = r.num(i);
        row.sendQ = r.num(i + 1);
        if (row.recvQ < 0 || row.sendQ < 0) {
            return "no Recv-Q and Send-Q numbers where expected";
        }
        i += 2;
        boolean unix = proto == Proto.UNIX
                || proto == null && r.indexOf(':', r.s(i), r.e(i)) < 0 && n >= i + 4 && r.num(i + 1) >= 0;
        row.line = r.number;
        int next;
        if (unix) {
            if (n < i + 4) {
                return "too few fields for a unix socket";
            }
            long inode = r.num(i + 1);
            long peer = r.num(i + 3);
            if (inode < 0 || peer < 0) {
                return "no inode numbers where expected";
            }
            row.proto = Proto.UNIX;
            row.localAddress = r.str(i);
            row.localPort = (int) Math.min(inode, Integer.MAX_VALUE);
            row.inode = inode;
            row.remoteAddress = r.str(i + 2);
            row.remotePort = (int) Math.min(peer, Integer.MAX_VALUE);
            next = i + 4;
        } else {
            boolean other = proto == Proto.OTHER || netid >= 0 && NETIDS[netid].startsWith("p_");
            if (!endpoint(r, i, true, other)) {
                return "no local address:port";
            }
            boolean names = endpoints.unknownService;
            if (!endpoint(r, i + 1, false, other)) {
                return "no peer address:port";
            }
            if ((names || endpoints.unknownService) && !notedNames) {
                notedNames = true;
                report.note("ports printed as service names ss could not number read as 0; use ss -n");
            }
            row.proto = proto != null ? proto : guess();
            next = i + 2;
        }
        if (proto != null) {
            lastProto = proto;
        }
        if (next < n) {
            details(r, r.s(next));
        }
        return null;
    }

    /**
     * Reads field {@code i} as {@code address:port}; a netlink or packet socket's name ({@code rtnl:kernel},
     * {@code *:eth0}) and a bare {@code *} are kept whole with port 0.
     */
    private boolean endpoint(LineReader r, int i, boolean local, boolean other) {
        endpoints.unknownService = false;
        if (!other && endpoints.colon(r, r.s(i), r.e(i), row, local)) {
            return true;
        }
        if (!other && !r.is(i, "*")) {
            return false;
        }
        if (local) {
            row.localAddress = r.str(i);
        } else {
            row.remoteAddress = r.str(i);
        }
        return true;
    }

    /** The protocol of a line without a Netid column, from its state (and the lines before it). */
    private Proto guess() {
        if (!notedGuess) {
            notedGuess = true;
            report.note("no Netid column: the protocol is inferred from each socket's state");
        }
        switch (row.state) {
            case UNCONN:
                return Proto.UDP;
            case ESTABLISHED:
            case UNKNOWN:
                return lastProto != null ? lastProto : Proto.TCP;
            default:
                return Proto.TCP;
        }
    }

    /** Reads the detail fields ({@code users:}, {@code timer:}, {@code skmem:}, TCP_INFO) from {@code from} on. */
    private void details(LineReader r, int from) {
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

    /** A field without a colon: a congestion-control name, or a key whose value is the next field; returns where to go on. */
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
