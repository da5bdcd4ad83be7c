package dev.sockit.plugin.analyzer.proc;

import dev.sockit.net.ProcLineReader;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketSink;
import dev.sockit.plugin.analyzer.parse.Format;
import dev.sockit.plugin.analyzer.parse.InputParser;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /proc/net/snmp} and {@code /proc/net/netstat} ({@link Format#PROC_SNMP}): each group is a line of
 * names and a line of values with the same {@code Group:} prefix, and every pair becomes the counter
 * {@code Group.Name} ({@code Tcp.RetransSegs}, {@code Udp.RcvbufErrors}, {@code TcpExt.ListenOverflows}). Values
 * may be negative ({@code Tcp.MaxConn} is {@code -1}). A value line without its names, or with a different
 * number of values, is counted unparsed (the pairs that line up are still kept). No sockets.
 */
public final class ProcSnmpParser implements InputParser {

    /** More names than this on one line are ignored (the longest group has a few hundred). */
    static final int MAX_NAMES = 4096;

    /** Creates the parser; it keeps no state between inputs. */
    public ProcSnmpParser() {
    }

    /** {@link Format#PROC_SNMP}. */
    @Override
    public Format format() {
        return Format.PROC_SNMP;
    }

    /** Reads {@code in} into {@code facts}; the sink is not called. */
    @Override
    public void parse(InputStream in, SocketSink sink, HostFacts facts, ParseReport report) throws IOException {
        if (report.format() == null) {
            report.format(format().cliName());
        }
        ProcLineReader r = new ProcLineReader(in);
        String group = null;
        List<String> names = new ArrayList<>();
        while (r.next()) {
            report.line();
            if (r.truncated()) {
                ProcSocketLines.unparsed(r, report, null);
                group = null;
                continue;
            }
            if (!r.skipSpaces()) {
                continue;
            }
            String g = r.word(':');
            if (g.isEmpty() || !r.expect(':')) {
                ProcSocketLines.unparsed(r, report, "expected Group: names or values");
                group = null;
                continue;
            }
            r.skipSpaces();
            boolean values = r.lookingAt("-") || r.digitNext();
            if (values && !g.equals(group)) {
                ProcSocketLines.unparsed(r, report, "values of " + g + " without a line of names before them");
                group = null;
                continue;
            }
            if (!values) {
                group = g;
                names.clear();
                while (r.skipSpaces() && names.size() < MAX_NAMES) {
                    names.add(r.word(':'));
                }
                continue;
            }
            int i = 0;
            String problem = null;
            while (r.skipSpaces()) {
                long v = r.signedDec();
                if (v == Long.MIN_VALUE || !r.atEnd() && !r.blankNext()) {
                    problem = "value " + (i + 1) + " of " + g + " is not a number";
                    break;
                }
                if (i < names.size()) {
                    facts.counter(g + '.' + names.get(i), v);
                }
                i++;
            }
            if (problem == null && i != names.size()) {
                problem = g + " has " + names.size() + " names and " + i + " values";
            }
            if (problem != null) {
                ProcSocketLines.unparsed(r, report, problem);
            }
            group = null;
        }
    }
}
