package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Reads net-tools {@code netstat} on Linux ({@code -an}, {@code -tanp}, {@code -tulpn}, {@code -antpe},
 * {@code -o}): internet rows ({@code tcp}, {@code tcp6}, {@code udp}, {@code udp6}, {@code raw}...) and the
 * {@code Active UNIX domain sockets} section. The column header says whether {@code User}/{@code Inode},
 * {@code PID/Program name} and {@code Timer} follow the state; without a header they are recognised by shape.
 */
public final class NetstatLinuxParser extends TextParser {

    private static final String[] PROTOS = {"tcp", "tcp6", "udp", "udp6", "udpl", "udpl6", "raw", "raw6", "unix",
        "sctp", "sctp6"};
    private static final Proto[] PROTO_OF = {Proto.TCP, Proto.TCP, Proto.UDP, Proto.UDP, Proto.UDP, Proto.UDP,
        Proto.RAW, Proto.RAW, Proto.UNIX, Proto.OTHER, Proto.OTHER};
    private static final Keys PROTO = new Keys(PROTOS);
    /**
     * The states in English, then as net-tools' translations print them (its po/ files: de, cs, sv, ca, pt_BR;
     * Czech {@code POSLEDNÍ ACK} is two words and stays unknown).
     */
    private static final Keys STATE = new Keys("ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "UNKNOWN",
        "VERBUNDEN", "UNBEKANNT",
        "SPOJENO", "ZAVŘEN", "NASLOUCHÁ", "ZAVÍRÁ",
        "ETABLERAD", "STÄNG", "STÄNG_VÄNTA", "LYSSNAR", "STÄNGER",
        "ESTABLERT", "SYNSENT", "SYNRECV", "FINWAIT1", "FINWAIT2", "TEMPS", "TANCA", "CLOSEWAIT", "LASTACK",
        "ESCOLTA", "TANCAMENT",
        "ESTABELECIDA", "SYN_ENVIADO", "SYN_RECEBIDO", "ESPERA_FIN1", "ESPERA_FIN2", "FECHAR", "ESPERANDO_FECHAR",
        "ÚLTIMO_ACK", "OUÇA", "FECHANDO");
    private static final TcpState[] STATES = {TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV,
        TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.CLOSE, TcpState.CLOSE_WAIT,
        TcpState.LAST_ACK, TcpState.LISTEN, TcpState.CLOSING, TcpState.UNKNOWN,
        TcpState.ESTABLISHED, TcpState.UNKNOWN,
        TcpState.ESTABLISHED, TcpState.CLOSE, TcpState.LISTEN, TcpState.CLOSING,
        TcpState.ESTABLISHED, TcpState.CLOSE, TcpState.CLOSE_WAIT, TcpState.LISTEN, TcpState.CLOSING,
        TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2,
        TcpState.TIME_WAIT, TcpState.CLOSE, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.LISTEN,
        TcpState.CLOSING,
        TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2,
        TcpState.CLOSE, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.LISTEN, TcpState.CLOSING};
    private static final int PROGRAM_WIDTH = 20;
    private static final Keys TIMERS = new Keys("off", "on", "keepalive", "timewait", "probe", "unkn");

    private final Endpoints endpoints = new Endpoints();
    private boolean user;
    private boolean unixPid;
    private boolean notedSection;
    private boolean openNote;
    private boolean notedElision;

    /** Creates a parser; one parser reads one input at a time. */
    public NetstatLinuxParser() {
    }

    @Override
    public Format format() {
        return Format.NETSTAT_LINUX;
    }

    @Override
    protected void start() {
        user = false;
        unixPid = false;
        notedSection = false;
        openNote = false;
        notedElision = false;
    }

    /** A line of dots alone ({@code ...} or {@code …}): where someone cut the output short before pasting it. */
    static boolean elision(LineReader r, int n) {
        if (n != 1) {
            return false;
        }
        String f = r.str(0);
        return f.chars().allMatch(ch -> ch == '.') && f.length() >= 2 || f.equals("\u2026") || f.equals("[...]");
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        int n = r.split(0);
        if (r.lineStarts("Active ")) {
            if (!r.lineStarts("Active Internet") && !r.lineStarts("Active UNIX") && !notedSection) {
                notedSection = true;
                report.note("netstat sections other than internet and unix sockets are skipped");
            }
            return;
        }
        if (r.is(0, "Proto")) {
            if (r.contains("RefCnt")) {
                unixPid = r.contains("PID/Program");
            } else {
                user = r.contains(" User ");
            }
            return;
        }
        if (openNote) {
            // the rest of a parenthesised banner: "(Not all processes could be identified, ..." / " ... all.)"
            openNote = r.buf[r.len - 1] != ')' && !r.contains(")");
            report.note(r.toString().trim());
            return;
        }
        if (r.lineStarts("(") || r.lineStarts("netstat:")) {
            openNote = r.lineStarts("(") && !r.contains(")");
            report.note(r.toString().trim());
            return;
        }
        if (elision(r, n)) {
            if (!notedElision) {
                notedElision = true;
                report.note("lines elided with '" + r.toString().trim() + "': the input is not the whole output");
            }
            return;
        }
        int p = PROTO.find(r.buf, r.s(0), r.e(0));
        if (p < 0 && title(r)) {
            // "Aktive Internetverbindungen (Nur Server)": a section title in another language
            report.note("section title in another language skipped: " + r.toString().trim());
            return;
        }
        if (p < 0) {
            report.unparsed(r.number, r, "no protocol netstat prints");
            return;
        }
        if (PROTO_OF[p] == Proto.UNIX) {
            unix(r, n);
        } else {
            inet(r, n, PROTO_OF[p]);
        }
    }

    /**
     * A title line of a translated netstat ({@code Aktive Internetverbindungen (Nur Server)}, {@code Connexions
     * Internet actives}, {@code 稼働中のインターネット接続}): starts with a capital or a non-ASCII letter and has no
     * digit, colon or slash, which no socket row is.
     */
    static boolean title(LineReader r) {
        int first = r.s(0);
        if (first >= r.len || !(r.buf[first] >= 'A' && r.buf[first] <= 'Z' || r.buf[first] < 0)) {
            return false;
        }
        for (int i = 0; i < r.len; i++) {
            byte b = r.buf[i];
            if (b >= '0' && b <= '9' || b == ':' || b == '/') {
                return false;
            }
        }
        return true;
    }

    private void inet(LineReader r, int n, Proto proto) {
        if (n < 5) {
            reject(r, "too few fields for a socket");
            return;
        }
        row.line = r.number;
        row.proto = proto;
        row.ipv6 = r.e(0) > r.s(0) && r.buf[r.e(0) - 1] == '6';
        row.recvQ = r.num(1);
        row.sendQ = r.num(2);
        if (row.recvQ < 0 || row.sendQ < 0) {
            reject(r, "no Recv-Q and Send-Q numbers where expected");
            return;
        }
        if (!endpoints.colon(r, r.s(3), r.e(3), row, true) || !endpoints.colon(r, r.s(4), r.e(4), row, false)) {
            reject(r, "no address:port where expected");
            return;
        }
        int i = 5;
        int st = i < n ? STATE.find(r.buf, r.s(i), r.e(i)) : -1;
        if (st >= 0) {
            row.state = STATES[st];
            i++;
        } else {
            if (proto == Proto.RAW && r.num(i) >= 0) {
                i++;
            }
            row.state = proto == Proto.TCP ? TcpState.UNKNOWN : TcpState.UNCONN;
        }
        if (user && i + 1 < n) {
            row.uid = r.num(i);
            row.inode = r.num(i + 1);
            i += 2;
        }
        rest(r, i, n);
        emit();
    }

    /** {@code PID/Program name} and {@code Timer}, where present. */
    private void rest(LineReader r, int i, int n) {
        while (i < n) {
            int s = r.s(i);
            int e = r.e(i);
            int slash = r.indexOf('/', s, e);
            if (slash > s && r.num(s, slash) >= 0) {
                row.pid = r.num(s, slash);
                int last = i;
                while (last + 1 < n && !timerAt(r, last + 1, n)) {
                    last++;
                }
                if (slash + 1 < r.e(last)) {
                    row.program = r.str(slash + 1, r.e(last));
                }
                i = last;
            } else if (timerAt(r, i, n)) {
                row.timer = r.str(i);
                timer(r, r.s(i + 1), r.e(i + 1));
                i++;
            }
            i++;
        }
    }

    /** True when field {@code i} starts the {@code Timer} column: {@code keepalive (7169.62/0/0)}. */
    private static boolean timerAt(LineReader r, int i, int n) {
        return TIMERS.find(r.buf, r.s(i), r.e(i)) >= 0 && i + 1 < n && r.fieldStarts(i + 1, "(");
    }

    /** {@code (7169.62/0/0)}: seconds left, retransmits, probes. */
    private void timer(LineReader r, int s, int e) {
        int end = r.indexOf(')', s, e);
        int slash = r.indexOf('/', s + 1, end < 0 ? e : end);
        if (slash < 0) {
            return;
        }
        double secs = r.decimal(s + 1, slash);
        if (secs >= 0) {
            row.timerMs = Math.round(secs * 1000);
        }
        int slash2 = r.indexOf('/', slash + 1, end < 0 ? e : end);
        row.timerRetrans = r.num(slash + 1, slash2 < 0 ? (end < 0 ? e : end) : slash2);
    }

    /** {@code unix  2      [ ACC ]     STREAM     LISTENING     550402   [1234/prog]  /path}. */
    private void unix(LineReader r, int n) {
        int i = 2;
        if (n < 4 || r.num(1) < 0 || !r.fieldStarts(i, "[")) {
            reject(r, "not a unix socket row");
            return;
        }
        while (i < n && !(r.e(i) > r.s(i) && r.buf[r.e(i) - 1] == ']')) {
            i++;
        }
        i++;
        if (i >= n) {
            reject(r, "no socket type after the flags");
            return;
        }
        i++;
        row.line = r.number;
        row.proto = Proto.UNIX;
        row.state = TcpState.UNCONN;
        if (i < n && r.num(i) < 0) {
            if (r.is(i, "LISTENING")) {
                row.state = TcpState.LISTEN;
            } else if (r.is(i, "CONNECTED")) {
                row.state = TcpState.ESTABLISHED;
            } else if (r.is(i, "CONNECTING")) {
                row.state = TcpState.SYN_SENT;
            } else if (r.is(i, "DISCONNECTING")) {
                row.state = TcpState.CLOSING;
            } else {
                row.state = TcpState.UNKNOWN;
            }
            i++;
        }
        long inode = r.num(i);
        if (inode < 0) {
            reject(r, "no inode where expected");
            return;
        }
        row.inode = inode;
        row.localPort = (int) Math.min(inode, Integer.MAX_VALUE);
        i++;
        int pathStart = i < n ? r.s(i) : r.len;
        if (unixPid && i < n) {
            // net-tools prints "PID/Program name" 20 wide (names cut to fit), then a space, then the path
            int s = r.s(i);
            int e = r.e(i);
            int slash = r.indexOf('/', s, e);
            int width = Math.min(r.len, s + PROGRAM_WIDTH);
            boolean pid = slash > s && r.num(s, slash) >= 0;
            if (pid || r.is(i, "-")) {
                if (pid) {
                    row.pid = r.num(s, slash);
                }
                if (e > width) {
                    width = e;
                }
                int pe = width;
                while (pe > slash + 1 && LineReader.space(r.buf[pe - 1])) {
                    pe--;
                }
                if (pid && pe > slash + 1) {
                    row.program = r.str(slash + 1, pe);
                }
                pathStart = width;
                while (pathStart < r.len && LineReader.space(r.buf[pathStart])) {
                    pathStart++;
                }
            }
        }
        int pathEnd = r.len;
        while (pathEnd > pathStart && LineReader.space(r.buf[pathEnd - 1])) {
            pathEnd--;
        }
        row.localAddress = pathEnd > pathStart ? r.str(pathStart, pathEnd) : "*";
        row.remoteAddress = "*";
        emit();
    }
}
