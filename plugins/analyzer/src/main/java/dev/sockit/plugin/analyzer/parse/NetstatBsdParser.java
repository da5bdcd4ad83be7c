package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Reads FreeBSD and macOS {@code netstat -an} (and {@code -p tcp}, {@code -A}): rows of the internet section,
 * {@code tcp4 0 0 127.0.0.1.8080 *.* LISTEN}, with the port after the last dot. Leading columns ({@code Socket},
 * {@code Flowhash}, {@code Tcpcb}) are skipped by finding the protocol. The other sections (unix domain, kernel
 * control and event sockets, multipath) are skipped and named in a note, not counted as unparsed.
 */
public final class NetstatBsdParser extends TextParser {

    private static final String[] PROTOS = {"tcp", "tcp4", "tcp6", "tcp46", "udp", "udp4", "udp6", "udp46", "icm4",
        "icm6", "raw", "raw4", "raw6", "sctp", "sctp4", "sctp6", "divert"};
    private static final Proto[] PROTO_OF = {Proto.TCP, Proto.TCP, Proto.TCP, Proto.TCP, Proto.UDP, Proto.UDP,
        Proto.UDP, Proto.UDP, Proto.RAW, Proto.RAW, Proto.RAW, Proto.RAW, Proto.RAW, Proto.OTHER, Proto.OTHER,
        Proto.OTHER, Proto.OTHER};
    private static final Keys PROTO = new Keys(PROTOS);
    private static final Keys STATE = new Keys("ESTABLISHED", "SYN_SENT", "SYN_RCVD", "FIN_WAIT_1", "FIN_WAIT_2",
        "TIME_WAIT", "CLOSED", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING");
    private static final TcpState[] STATES = {TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV,
        TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.CLOSE, TcpState.CLOSE_WAIT,
        TcpState.LAST_ACK, TcpState.LISTEN, TcpState.CLOSING};

    private final Endpoints endpoints = new Endpoints();
    private boolean skipping;
    private boolean notedNames;

    /** Creates a parser; one parser reads one input at a time. */
    public NetstatBsdParser() {
    }

    @Override
    public Format format() {
        return Format.NETSTAT_BSD;
    }

    @Override
    protected void start() {
        skipping = false;
        notedNames = false;
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        if (r.lineStarts("Active ") || r.lineStarts("Registered ")) {
            skipping = !(r.lineStarts("Active Internet connections") || r.lineStarts("Active Internet6 connections"));
            if (skipping) {
                report.note("skipped section: " + r.toString().trim());
            }
            return;
        }
        if (skipping) {
            return;
        }
        int n = r.split(0);
        int p = -1;
        int k = 0;
        for (; k < Math.min(3, n); k++) {
            p = PROTO.find(r.buf, r.s(k), r.e(k));
            if (p >= 0) {
                break;
            }
        }
        if (p < 0) {
            if (r.contains("Recv-Q") || r.is(0, "Proto/ID")) {
                return;
            }
            report.unparsed(r.number, r, "no protocol netstat prints");
            return;
        }
        if (n < k + 5) {
            reject(r, "too few fields for a socket");
            return;
        }
        row.line = r.number;
        row.proto = PROTO_OF[p];
        row.ipv6 = r.buf[r.e(k) - 1] == '6';
        row.recvQ = r.num(k + 1);
        row.sendQ = r.num(k + 2);
        if (row.recvQ < 0 || row.sendQ < 0) {
            reject(r, "no Recv-Q and Send-Q numbers where expected");
            return;
        }
        if (!endpoints.dot(r, r.s(k + 3), r.e(k + 3), row, true)) {
            reject(r, "no address.port where expected");
            return;
        }
        boolean names = endpoints.unknownService;
        if (!endpoints.dot(r, r.s(k + 4), r.e(k + 4), row, false)) {
            reject(r, "no address.port where expected");
            return;
        }
        if ((names || endpoints.unknownService) && !notedNames) {
            notedNames = true;
            report.note("ports printed as service names read as 0 where unknown; use netstat -n");
        }
        int st = k + 5 < n ? STATE.find(r.buf, r.s(k + 5), r.e(k + 5)) : -1;
        if (st >= 0) {
            row.state = STATES[st];
        } else {
            row.state = row.proto == Proto.TCP ? TcpState.UNKNOWN : TcpState.UNCONN;
        }
        emit();
    }
}
