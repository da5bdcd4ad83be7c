package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Reads Windows {@code netstat -an}, {@code -ano} and {@code -anob}: {@code TCP 0.0.0.0:135 0.0.0.0:0 LISTENING
 * 1234}, UDP rows without a state ({@code *:*}), bracketed IPv6 with zones ({@code [fe80::1%4]:50000}). With
 * {@code -b} the owning program follows its row as {@code [program.exe]} (after an optional service name line),
 * so each row is emitted when the next one starts. Windows prints no queue sizes: they stay unknown.
 */
public final class NetstatWindowsParser extends TextParser {

    private static final Keys STATE = new Keys("LISTENING", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "SYN_SENT",
        "SYN_RECEIVED", "FIN_WAIT_1", "FIN_WAIT_2", "LAST_ACK", "CLOSING", "CLOSED", "BOUND", "DELETE_TCB");
    private static final TcpState[] STATES = {TcpState.LISTEN, TcpState.ESTABLISHED, TcpState.TIME_WAIT,
        TcpState.CLOSE_WAIT, TcpState.SYN_SENT, TcpState.SYN_RECV, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2,
        TcpState.LAST_ACK, TcpState.CLOSING, TcpState.CLOSE, TcpState.BOUND, TcpState.CLOSE};

    private final Endpoints endpoints = new Endpoints();
    private boolean pending;

    /** Creates a parser; one parser reads one input at a time. */
    public NetstatWindowsParser() {
    }

    @Override
    public Format format() {
        return Format.NETSTAT_WINDOWS;
    }

    @Override
    protected void start() {
        pending = false;
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        int n = r.split(0);
        boolean tcp = r.is(0, "TCP") || r.is(0, "TCPv6");
        boolean udp = r.is(0, "UDP") || r.is(0, "UDPv6");
        if (!tcp && !udp) {
            if (n >= 1 && r.buf[r.s(0)] == '[' && r.buf[r.e(n - 1) - 1] == ']') {
                if (pending && row.program == null) {
                    row.program = r.str(r.s(0) + 1, r.e(n - 1) - 1);
                }
                return;
            }
            if (r.is(0, "Active") || r.is(0, "Proto") || pending) {
                // headers; under -b also service names and "Can not obtain ownership information"
                return;
            }
            if (NetstatLinuxParser.title(r)) {
                // the title and column header in another language ("Aktive Verbindungen", "活动连接")
                report.note("title in another language skipped: " + r.toString().trim());
                return;
            }
            report.unparsed(r.number, r, "not a line of Windows netstat");
            return;
        }
        if (pending) {
            pending = false;
            emit();
        }
        if (n < 3) {
            reject(r, "too few fields for a socket");
            return;
        }
        row.line = r.number;
        row.proto = tcp ? Proto.TCP : Proto.UDP;
        if (!endpoints.colon(r, r.s(1), r.e(1), row, true) || !endpoints.colon(r, r.s(2), r.e(2), row, false)) {
            reject(r, "no address:port where expected");
            return;
        }
        int i = 3;
        int st = i < n ? STATE.find(r.buf, r.s(i), r.e(i)) : -1;
        if (st >= 0) {
            row.state = STATES[st];
            i++;
        } else if (tcp) {
            if (i < n && r.num(i) < 0) {
                i++;
            }
            row.state = TcpState.UNKNOWN;
        } else {
            row.state = TcpState.UNCONN;
        }
        if (i < n) {
            row.pid = r.num(i);
        }
        pending = true;
    }

    @Override
    protected void finish() {
        if (pending) {
            pending = false;
            emit();
        }
    }
}
