package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.SocketSink;
import dev.sockit.plugin.analyzer.model.TcpState;
import dev.sockit.plugin.analyzer.parse.InputParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The columns {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6} share, read straight from the
 * bytes: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode}. An
 * address of 8 hex digits is IPv4, of 32 IPv6, so one parser reads the v4 and v6 files, even concatenated.
 */
abstract class ProcInetParser implements InputParser {

    private final ByteOrder order;
    private final Proto proto;

    ProcInetParser(ByteOrder order, Proto proto) {
        this.order = Objects.requireNonNull(order, "order");
        this.proto = proto;
    }

    @Override
    public final void parse(InputStream in, SocketSink sink, HostFacts facts, ParseReport report) throws IOException {
        if (report.format() == null) {
            report.format(format().cliName());
        }
        ProcAddresses addresses = new ProcAddresses(order);
        ProcSocketLines.read(in, "sl ", (r, row) -> read(r, addresses, row), sink, report);
    }

    private String read(ProcLineReader r, ProcAddresses addresses, SocketRow row) {
        if (r.dec() < 0 || !r.expect(':')) {
            return "no slot number (sl)";
        }
        row.proto = proto;
        r.skipSpaces();
        if (!address(r, addresses, row, true)) {
            return "bad local address";
        }
        r.skipSpaces();
        if (!address(r, addresses, row, false)) {
            return "bad remote address";
        }
        r.skipSpaces();
        long st = r.hex();
        if (st < 0 || st > 0xFF) {
            return "bad state (st)";
        }
        r.skipSpaces();
        long tx = r.hex();
        long rx = r.expect(':') ? r.hex() : -1;
        if (tx < 0 || rx < 0) {
            return "bad tx_queue:rx_queue";
        }
        r.skipSpaces();
        long tr = r.hex();
        long when = r.expect(':') ? r.hex() : -1;
        if (tr < 0 || when < 0) {
            return "bad tr:tm->when";
        }
        r.skipSpaces();
        long retransmits = r.hex();
        r.skipSpaces();
        long uid = r.dec();
        r.skipSpaces();
        long probes = r.dec();
        r.skipSpaces();
        long inode = r.dec();
        if (retransmits < 0 || uid < 0 || probes < 0 || inode < 0) {
            return "bad retrnsmt, uid, timeout or inode";
        }
        row.state = state((int) st);
        row.sendQ = tx;
        row.recvQ = rx;
        row.uid = uid;
        row.inode = inode;
        finish(r, row, (int) Math.min(tr, Integer.MAX_VALUE), when, retransmits, probes);
        return null;
    }

    private static boolean address(ProcLineReader r, ProcAddresses addresses, SocketRow row, boolean local) {
        int digits = r.hexRun();
        String text;
        if (digits == 8) {
            text = addresses.v4(r.hexWord());
        } else if (digits == 32) {
            text = addresses.v6(r.hexWord(), r.hexWord(), r.hexWord(), r.hexWord());
            row.ipv6 = true;
        } else {
            return false;
        }
        if (!r.expect(':') || r.hexRun() != 4) {
            return false;
        }
        int port = (int) r.hex();
        row.end(local, text, port);
        return true;
    }

    /** The state the kernel's {@code st} code means for this protocol. */
    abstract TcpState state(int code);

    /**
     * Fills what is particular to the protocol from the timer columns and the columns after {@code inode}, which
     * are optional (older kernels print fewer, time-wait and request lines fewer still).
     */
    abstract void finish(ProcLineReader r, SocketRow row, int timer, long when, long retransmits, long probes);
}
