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

    private final Endpoints endpoints = new Endpoints();
    private final SsDetails details = new SsDetails();
    private boolean pending;
    private Proto lastProto;
    private boolean notedGuess;
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
        details.start();
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
                details.read(r, 0, row, report);
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
            details.read(r, r.s(next), row, report);
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
}
