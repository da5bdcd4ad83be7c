package dev.sockit.plugin.analyzer.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Tells the input formats apart from the first few kilobytes: by their header lines where they print one, by the
 * shape of their rows where they do not ({@code ss -H}, netstat without headers). The first line that decides
 * wins; {@code null} means the input is none of the known formats, so the caller can say so.
 */
public final class FormatDetector {

    /** How many lines of the head are looked at. */
    public static final int MAX_LINES = 64;

    private static final Keys SS_NETIDS = new Keys("tcp", "udp", "raw", "u_str", "u_dgr", "u_seq", "p_raw",
        "p_dgr", "nl", "mptcp", "sctp", "v_str", "v_dgr", "xdp");
    private static final Keys SS_STATES = new Keys("ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
        "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV", "BOUND");
    private static final Keys LINUX_NETSTAT = new Keys("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix",
        "udpl", "udpl6");
    private static final Keys BSD_NETSTAT = new Keys("tcp4", "tcp46", "udp4", "udp46", "icm4", "icm6");

    private FormatDetector() {
    }

    /** The format of input that starts with {@code head[0..length)}, or {@code null} when it is none known. */
    public static Format detect(byte[] head, int length) {
        LineReader r = new LineReader(new ByteArrayInputStream(head, 0, Math.max(0, Math.min(length, head.length))));
        String previousGroup = null;
        try {
            for (int lines = 0; lines < MAX_LINES && r.next(); lines++) {
                if (r.blank()) {
                    continue;
                }
                int n = r.split(0);
                Format f = byHeader(r, n);
                if (f == null) {
                    f = byRow(r, n);
                }
                if (f == null && sysctlLine(r, n)) {
                    f = Format.SYSCTL;
                }
                if (f == null && n >= 2 && r.buf[r.e(0) - 1] == ':' && !r.indented()) {
                    // /proc/net/snmp: "Ip: Forwarding DefaultTTL" then "Ip: 1 64"
                    String group = r.str(0);
                    if (group.equals(previousGroup) && r.num(1) >= 0) {
                        return Format.PROC_SNMP;
                    }
                    previousGroup = r.num(1) < 0 ? group : null;
                }
                if (f != null) {
                    return f;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading an array cannot fail", e);
        }
        return null;
    }

    private static Format byHeader(LineReader r, int n) {
        if (r.lineStarts("#kernel") || r.lineStarts("#") && r.contains(" sampling_interval=")
                || r.lineStarts("{\"kernel\":") || r.is(0, "\"kernel\":")) {
            // nstat: "#kernel" (or a running "nstat -d"'s header), or its JSON, on one line or pretty-printed
            return Format.NSTAT;
        }
        if (n == 3 && !r.indented() && r.num(1) >= 0 && r.indexOf('.', r.s(2), r.e(2)) > r.s(2)
                && NstatParser.key(r.str(0)).indexOf('.') > 0) {
            // nstat rows without their "#kernel" line, as "nstat -a | grep TcpExt" leaves them:
            // "TcpExtListenOverflows   240   0.0"
            return Format.NSTAT;
        }
        if (r.is(0, "sl") && r.is(1, "local_address")) {
            return r.contains(" drops") || r.contains(" ref ") ? Format.PROC_UDP : Format.PROC_TCP;
        }
        if (r.is(0, "Num") && r.is(1, "RefCount")) {
            return Format.PROC_UNIX;
        }
        if (r.lineStarts("sockets: used") || r.lineStarts("TCP6: inuse") || r.lineStarts("UDP6: inuse")) {
            return Format.PROC_SOCKSTAT;
        }
        if (r.is(0, "Total:") || r.is(0, "Transport") && r.is(1, "Total")) {
            return Format.SS_SUMMARY;
        }
        if (r.is(0, "Netid") || r.is(0, "State") && r.contains("Recv-Q") || r.is(0, "Recv-Q") && r.contains(":Port")) {
            return Format.SS;
        }
        if (r.is(0, "COMMAND") && r.is(1, "PID") && r.contains(" NAME")) {
            return Format.LSOF;
        }
        if (r.lineStarts("Active Connections") || r.is(0, "Proto") && r.contains("Foreign Address")
                && !r.contains("Recv-Q")) {
            return Format.NETSTAT_WINDOWS;
        }
        if (r.contains("Recv-Q") && r.contains("Proto")) {
            return r.contains("(state)") ? Format.NETSTAT_BSD : Format.NETSTAT_LINUX;
        }
        if (n == 1 && !r.indented() && r.e(0) - r.s(0) > 1 && r.buf[r.e(0) - 1] == ':') {
            // netstat -s: "Tcp:" alone, then indented statistics
            return r.is(0, "Ip:") || r.is(0, "Tcp:") || r.is(0, "Udp:") || r.is(0, "TcpExt:") || r.is(0, "Icmp:")
                    || r.is(0, "IcmpMsg:") || r.is(0, "UdpLite:") || r.is(0, "IpExt:") ? Format.NETSTAT_STATISTICS
                    : null;
        }
        return null;
    }

    /** {@code net.core.somaxconn = 4096}: a dotted lower-case name, " = ", a value. */
    private static boolean sysctlLine(LineReader r, int n) {
        if (n < 2 || !r.is(1, "=") || r.indented()) {
            return false;
        }
        byte first = r.buf[r.s(0)];
        return first >= 'a' && first <= 'z' && r.indexOf('.', r.s(0), r.e(0)) > r.s(0)
                && r.indexOf(':', r.s(0), r.e(0)) < 0;
    }

    /** Header-less rows: ss -H, netstat without its headers, Windows rows. */
    private static Format byRow(LineReader r, int n) {
        if (n < 4) {
            return null;
        }
        boolean netid = SS_NETIDS.find(r.buf, r.s(0), r.e(0)) >= 0;
        int i = netid ? 1 : 0;
        if (SS_STATES.find(r.buf, r.s(i), r.e(i)) >= 0 && r.num(i + 1) >= 0 && r.num(i + 2) >= 0) {
            return Format.SS;
        }
        if (n == 4 && r.num(0) >= 0 && r.num(1) >= 0 && r.indexOf(':', r.s(2), r.e(2)) >= 0
                && r.indexOf(':', r.s(3), r.e(3)) >= 0) {
            // ss -H with a state filter: no Netid, no State
            return Format.SS;
        }
        if ((r.is(0, "TCP") || r.is(0, "UDP")) && r.indexOf(':', r.s(1), r.e(1)) >= 0) {
            return Format.NETSTAT_WINDOWS;
        }
        if (n >= 5 && r.num(1) >= 0 && r.num(2) >= 0) {
            if (BSD_NETSTAT.find(r.buf, r.s(0), r.e(0)) >= 0) {
                return Format.NETSTAT_BSD;
            }
            if (LINUX_NETSTAT.find(r.buf, r.s(0), r.e(0)) >= 0) {
                return r.indexOf(':', r.s(3), r.e(3)) >= 0 ? Format.NETSTAT_LINUX : Format.NETSTAT_BSD;
            }
        }
        if (n >= 9 && r.num(1) >= 0 && (r.contains(" IPv4 ") || r.contains(" IPv6 "))
                && (r.contains(" TCP ") || r.contains(" UDP "))) {
            return Format.LSOF;
        }
        return null;
    }
}
