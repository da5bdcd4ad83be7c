package dev.sockit.plugin.analyzer.proc;

import dev.sockit.net.ProcLineReader;
import dev.sockit.net.ProcNetRow;
import dev.sockit.net.ProcNetTable;
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
 * The columns {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6} share, read by the platform's
 * {@link ProcNetTable} into socket rows: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when
 * retrnsmt uid timeout inode}. An address of 8 hex digits is IPv4, of 32 IPv6, so one parser reads the v4 and v6
 * files, even concatenated. A line the table cannot read is counted unparsed with its reason.
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
        ProcNetTable table = table(order);
        ProcNetRow net = new ProcNetRow();
        ProcSocketLines.read(in, ProcNetTable.HEADER, (r, row) -> read(table, r, net, row), sink, report);
    }

    private String read(ProcNetTable table, ProcLineReader r, ProcNetRow net, SocketRow row) {
        String problem = table.read(r, net);
        if (problem != null) {
            return problem;
        }
        row.proto = proto;
        row.ipv6 = net.ipv6();
        row.end(true, net.localAddress(), net.localPort());
        row.end(false, net.remoteAddress(), net.remotePort());
        if (!net.ipv6()) {
            row.localCode = SocketRow.ipv4Code(net.localIpv4());
            row.remoteCode = SocketRow.ipv4Code(net.remoteIpv4());
        }
        row.state = state(net.state());
        row.sendQ = net.txQueue();
        row.recvQ = net.rxQueue();
        row.uid = net.uid();
        row.inode = net.inode();
        finish(net, row);
        return null;
    }

    /** The table reader of this protocol, for files of byte order {@code order}. */
    abstract ProcNetTable table(ByteOrder order);

    /** The state the kernel's {@code st} code means for this protocol. */
    abstract TcpState state(int code);

    /**
     * Fills what is particular to the protocol from the timer columns and the columns after {@code inode}, which
     * are optional (older kernels print fewer, time-wait and request lines fewer still).
     */
    abstract void finish(ProcNetRow net, SocketRow row);
}
