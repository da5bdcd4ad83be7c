package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Reads {@code lsof -i} ({@code -n -P}, {@code -iTCP -sTCP:LISTEN}, with or without the {@code TID} column):
 * {@code java 1234 user 5u IPv4 550386 0t0 TCP 127.0.0.1:8080->127.0.0.1:54321 (ESTABLISHED)}. Files that are not
 * internet sockets (a plain {@code lsof}) are skipped and counted in a note. lsof prints no queue sizes: they stay
 * unknown. On Linux the {@code DEVICE} column of a socket is its inode. Without {@code -P} ports are service names
 * ({@code *:https}, {@code *:search-agent}), read as their registered port; {@code -E} adds the peer's
 * {@code PID,COMMAND,FD} before the state.
 */
public final class LsofParser extends TextParser {

    private final Endpoints endpoints = new Endpoints();
    private long skipped;
    private boolean notedNames;

    /** Creates a parser; one parser reads one input at a time. */
    public LsofParser() {
    }

    @Override
    public Format format() {
        return Format.LSOF;
    }

    @Override
    protected void start() {
        skipped = 0;
        notedNames = false;
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        int n = r.split(0);
        if (r.is(0, "COMMAND")) {
            return;
        }
        if (r.lineStarts("lsof:") || r.lineStarts("      Output information")) {
            report.note(r.toString().trim());
            return;
        }
        int type = -1;
        for (int i = 2; i < n; i++) {
            if (r.is(i, "IPv4") || r.is(i, "IPv6")) {
                type = i;
                break;
            }
        }
        if (type < 0) {
            if (n >= 5 && r.num(1) >= 0) {
                if (skipped++ == 0) {
                    report.note("files that are not internet sockets are skipped");
                }
            } else {
                report.unparsed(r.number, r, "not a line of lsof");
            }
            return;
        }
        int node = -1;
        for (int i = type + 1; i < n; i++) {
            if (r.is(i, "TCP") || r.is(i, "UDP")) {
                node = i;
                break;
            }
        }
        long pid = r.num(1);
        if (pid < 0 || node < 0 || node + 1 >= n) {
            reject(r, node < 0 ? "an internet socket of a protocol other than TCP or UDP" : "no PID or NAME");
            return;
        }
        row.line = r.number;
        row.pid = pid;
        row.program = r.str(0);
        row.proto = r.is(node, "TCP") ? Proto.TCP : Proto.UDP;
        row.ipv6 = r.is(type, "IPv6");
        int fs = r.s(type - 1);
        int fe = fs;
        while (fe < r.e(type - 1) && r.buf[fe] >= '0' && r.buf[fe] <= '9') {
            fe++;
        }
        row.fd = r.num(fs, fe);
        if (type + 1 < node) {
            row.inode = r.num(type + 1);
        }
        int ns = r.s(node + 1);
        int ne = r.e(node + 1);
        int arrow = r.indexOf("->", ns, ne);
        boolean ok = endpoints.colon(r, ns, arrow < 0 ? ne : arrow, row, true);
        boolean names = endpoints.unknownService;
        if (ok && arrow >= 0) {
            ok = endpoints.colon(r, arrow + 2, ne, row, false);
        } else if (ok) {
            row.remoteAddress = "*";
            row.remotePort = 0;
        }
        if (!ok) {
            reject(r, "no address:port in NAME");
            return;
        }
        if ((names || endpoints.unknownService) && !notedNames) {
            notedNames = true;
            report.note("ports printed as service names no port is known for read as 0; use lsof -P");
        }
        // The state is the last field, in parentheses; -E/+E put the peer's "PID,COMMAND,FD" before it.
        if (node + 2 < n && r.buf[r.s(n - 1)] == '(') {
            row.state = TcpState.parse(r.str(n - 1));
        } else if (row.proto == Proto.UDP) {
            row.state = arrow >= 0 ? TcpState.ESTABLISHED : TcpState.UNCONN;
        }
        emit();
    }
}
