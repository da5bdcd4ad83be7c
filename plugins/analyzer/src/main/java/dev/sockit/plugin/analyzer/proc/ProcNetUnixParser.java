package dev.sockit.plugin.analyzer.proc;

import dev.sockit.net.ProcLineReader;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.SocketSink;
import dev.sockit.plugin.analyzer.model.TcpState;
import dev.sockit.plugin.analyzer.parse.Format;
import dev.sockit.plugin.analyzer.parse.InputParser;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads {@code /proc/net/unix} ({@link Format#PROC_UNIX}): {@code Num RefCount Protocol Flags Type St Inode Path}.
 *
 * <p>The path becomes the local address: a file path, {@code @name} for an abstract socket (the kernel prints
 * its NUL bytes as {@code @}), {@code *} for an unnamed one, as {@code ss} prints them. A socket with the
 * {@code __SO_ACCEPTCON} flag ({@code 00010000}) is {@link TcpState#LISTEN}; otherwise {@code St} maps
 * unconnected to {@link TcpState#UNCONN}, connecting to {@link TcpState#SYN_SENT}, connected to
 * {@link TcpState#ESTABLISHED} and disconnecting to {@link TcpState#CLOSING}. The file gives no queues and no peer.
 */
public final class ProcNetUnixParser implements InputParser {

    private static final long ACCEPTCON = 0x10000;

    /** Creates the parser; it keeps no state between inputs. */
    public ProcNetUnixParser() {
    }

    /** {@link Format#PROC_UNIX}. */
    @Override
    public Format format() {
        return Format.PROC_UNIX;
    }

    /** Reads {@code in}; see the class description for the mapping. */
    @Override
    public void parse(InputStream in, SocketSink sink, HostFacts facts, ParseReport report) throws IOException {
        if (report.format() == null) {
            report.format(format().cliName());
        }
        ProcSocketLines.read(in, "Num", ProcNetUnixParser::read, sink, report);
    }

    private static String read(ProcLineReader r, SocketRow row) {
        if (r.hex() < 0 || !r.expect(':')) {
            return "no Num";
        }
        r.skipSpaces();
        long refCount = r.hex();
        r.skipSpaces();
        long protocol = r.hex();
        r.skipSpaces();
        long flags = r.hex();
        r.skipSpaces();
        long type = r.hex();
        r.skipSpaces();
        long st = r.hex();
        r.skipSpaces();
        long inode = r.dec();
        if (refCount < 0 || protocol < 0 || flags < 0 || type < 0 || st < 0 || inode < 0) {
            return "bad RefCount, Protocol, Flags, Type, St or Inode";
        }
        String path = "*";
        if (!r.atEnd()) {
            if (!r.expect(' ') && !r.expect('\t')) {
                return "bad Inode";
            }
            if (!r.atEnd()) {
                path = r.rest();
            }
        }
        row.proto = Proto.UNIX;
        row.inode = inode;
        row.localAddress = path;
        row.state = (flags & ACCEPTCON) != 0 ? TcpState.LISTEN : state(st);
        return null;
    }

    private static TcpState state(long st) {
        switch ((int) st) {
            case 1: return TcpState.UNCONN;
            case 2: return TcpState.SYN_SENT;
            case 3: return TcpState.ESTABLISHED;
            case 4: return TcpState.CLOSING;
            default: return TcpState.UNKNOWN;
        }
    }
}
