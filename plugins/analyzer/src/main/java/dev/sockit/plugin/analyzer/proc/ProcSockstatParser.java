package dev.sockit.plugin.analyzer.proc;

import dev.sockit.net.ProcLineReader;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketSink;
import dev.sockit.plugin.analyzer.parse.Format;
import dev.sockit.plugin.analyzer.parse.InputParser;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads {@code /proc/net/sockstat} and {@code sockstat6} ({@link Format#PROC_SOCKSTAT}): each line
 * {@code PROTO: name N name N...} becomes the counters {@code sockstat.PROTO.name}
 * ({@code sockets: used 272} is {@code sockstat.sockets.used}, {@code TCP: ... tw 5} is {@code sockstat.TCP.tw},
 * {@code TCP6: inuse 3} is {@code sockstat.TCP6.inuse}). {@code mem} counts pages. No sockets.
 */
public final class ProcSockstatParser implements InputParser {

    /** The prefix of every counter this parser writes. */
    public static final String PREFIX = "sockstat.";

    /** Creates the parser; it keeps no state between inputs. */
    public ProcSockstatParser() {
    }

    /** {@link Format#PROC_SOCKSTAT}. */
    @Override
    public Format format() {
        return Format.PROC_SOCKSTAT;
    }

    /** Reads {@code in} into {@code facts}; the sink is not called. */
    @Override
    public void parse(InputStream in, SocketSink sink, HostFacts facts, ParseReport report) throws IOException {
        if (report.format() == null) {
            report.format(format().cliName());
        }
        ProcLineReader r = new ProcLineReader(in);
        while (r.next()) {
            report.line();
            if (r.truncated()) {
                ProcSocketLines.unparsed(r, report, null);
                continue;
            }
            if (!r.skipSpaces()) {
                continue;
            }
            String proto = r.word(':');
            if (proto.isEmpty() || !r.expect(':') || !r.skipSpaces()) {
                ProcSocketLines.unparsed(r, report, "expected PROTO: name value...");
                continue;
            }
            String problem = null;
            while (r.skipSpaces()) {
                String name = r.word(':');
                r.skipSpaces();
                long value = r.dec();
                if (name.isEmpty() || value < 0) {
                    problem = "expected name value pairs";
                    break;
                }
                facts.counter(PREFIX + proto + '.' + name, value);
            }
            if (problem != null) {
                ProcSocketLines.unparsed(r, report, problem);
            }
        }
    }
}
