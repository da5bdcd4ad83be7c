package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.parse.InputParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Test support: copies of the reused rows a parser hands out, and the fixtures under {@code fixtures/proc}. */
final class ProcRows {

    /** The fields of one {@link SocketRow} that the /proc parsers fill. */
    record Row(long line, Proto proto, boolean ipv6, String state, String local, int localPort, String remote,
               int remotePort, long recvQ, long sendQ, long uid, long inode, String timer, long timerMs,
               long timerRetrans, boolean zeroWindow, long rtoMs, long cwnd, long ssthresh, long drops, long pid,
               String program, long fd) {

        static Row of(SocketRow r) {
            return new Row(r.line, r.proto, r.ipv6, r.state.label(), r.localAddress, r.localPort, r.remoteAddress,
                    r.remotePort, r.recvQ, r.sendQ, r.uid, r.inode, r.timer, r.timerMs, r.timerRetrans, r.zeroWindow,
                    r.rtoMs, r.cwnd, r.ssthresh, r.drops, r.pid, r.program, r.fd);
        }

        boolean onPort(int port) {
            return localPort == port || remotePort == port;
        }
    }

    private ProcRows() {
    }

    /** Every row {@code parser} reads from {@code in}. */
    static List<Row> parse(InputParser parser, InputStream in, HostFacts facts, ParseReport report)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        try (in) {
            parser.parse(in, row -> rows.add(Row.of(row)), facts, report);
        }
        return rows;
    }

    /** Every row {@code parser} reads from the fixture {@code name} ({@code net/tcp}). */
    static List<Row> parseFixture(InputParser parser, String name, HostFacts facts, ParseReport report)
            throws IOException {
        return parse(parser, Files.newInputStream(fixtureRoot().resolve(name)), facts, report);
    }

    /** The rows of the live file {@code /proc/net/<name>}. */
    static List<Row> parseLive(InputParser parser, String name) throws IOException {
        return parse(parser, Files.newInputStream(Path.of("/proc/net", name)), new HostFacts(), new ParseReport());
    }

    /** The fixture tree, laid out as a procfs root ({@code net/}, {@code sys/}). */
    static Path fixtureRoot() {
        URL url = ProcRows.class.getResource("/fixtures/proc/SOURCES.md");
        if (url == null) {
            throw new UncheckedIOException(new IOException("fixtures/proc not on the test class path"));
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }

    /** The rows that match. */
    static List<Row> where(List<Row> rows, Predicate<Row> test) {
        return rows.stream().filter(test).collect(Collectors.toList());
    }
}
