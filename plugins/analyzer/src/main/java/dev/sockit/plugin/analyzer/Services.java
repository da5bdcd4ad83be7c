package dev.sockit.plugin.analyzer;

import dev.sockit.api.AuditLog;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.Finding;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import dev.sockit.contracts.AnalyzerContract.ExplainRequest;
import dev.sockit.contracts.AnalyzerContract.OptionsRequest;
import dev.sockit.plugin.analyzer.explain.ErrorCatalog;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.SocketSink;
import dev.sockit.plugin.analyzer.options.OptionsProbe;
import dev.sockit.plugin.analyzer.parse.Format;
import dev.sockit.plugin.analyzer.parse.FormatDetector;
import dev.sockit.plugin.analyzer.parse.InputParser;
import dev.sockit.plugin.analyzer.parse.Parsers;
import dev.sockit.plugin.analyzer.proc.LiveHost;
import dev.sockit.plugin.analyzer.proc.ProcNetTcpParser;
import dev.sockit.plugin.analyzer.proc.ProcNetUdpParser;
import dev.sockit.plugin.analyzer.proc.ProcNetUnixParser;
import dev.sockit.plugin.analyzer.proc.ProcSnmpParser;
import dev.sockit.plugin.analyzer.proc.ProcSockstatParser;
import dev.sockit.plugin.analyzer.proc.Watch;
import dev.sockit.plugin.analyzer.rules.AnalysisReport;
import dev.sockit.plugin.analyzer.rules.Rules;
import dev.sockit.plugin.analyzer.rules.SocketStats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * What the analyzer's verbs do, on the caller's (worker) thread: {@link #analyze} streams a file through the parser
 * of its format into the rules, or reads the live host; {@link #explain} looks an error up; {@link #options} probes
 * options on real sockets. Input errors are {@link BadRequestException}s whose message names the problem.
 */
final class Services {

    /** How much of a file the format detector looks at. */
    static final int DETECT_BYTES = 64 * 1024;

    private final AnalyzerConfig config;
    private final AuditLog audit;
    private final String processId;

    Services(AnalyzerConfig config, AuditLog audit, String processId) {
        this.config = config;
        this.audit = audit;
        this.processId = processId;
    }

    /** {@code analyze}: a file or the live host. */
    Result analyze(AnalyzeRequest request) {
        return analyze(request, (address, interval) -> { });
    }

    /**
     * {@code analyze}, handing each watch interval's Result to {@code progress} with the request's progress address
     * as soon as the interval ends (only when the request has a progress address and watches).
     */
    Result analyze(AnalyzeRequest request, BiConsumer<String, Result> progress) {
        if (request.live()) {
            return live(request, progress);
        }
        List<String> inputs = !request.files().isEmpty() ? request.files()
                : request.file() != null ? List.of(request.file()) : List.of();
        if (inputs.size() > 1 || inputs.size() == 1 && Files.isDirectory(Path.of(inputs.get(0)))) {
            // several files, or a folder of them (a capture bundle): joined as one host
            return new InputSet(config).analyze(request, inputs);
        }
        if (!request.files().isEmpty()) {
            request = new AnalyzeRequest(request.files().get(0), request.name(), request.format(), false,
                    request.port(), request.pid(), request.watch(), request.interval(), request.progress());
        }
        if (request.file() == null || request.file().isBlank()) {
            throw new BadRequestException("nothing to analyse: give a file, or live");
        }
        return file(request);
    }

    /**
     * A file, or anything else that reads as a stream (a FIFO, {@code /dev/fd/N}, standard input through
     * {@code /proc/self/fd/0}): streamed through the detector and the parser, never copied, and cut off with an
     * error after {@code maxInputBytes}.
     */
    private Result file(AnalyzeRequest request) {
        Path path = Path.of(request.file());
        String name = request.name() != null ? request.name() : request.file();
        String label = "-".equals(name) ? "standard input" : Quote.escape(name);
        long max = config.maxInputBytes();
        try {
            if (Files.isRegularFile(path) && Files.size(path) > max) {
                throw new BadRequestException(label + ": " + Files.size(path) + " bytes is more than "
                        + "maxInputBytes (" + max + ")");
            }
            ParseReport report = new ParseReport();
            HostFacts facts = new HostFacts();
            SocketStats stats = new SocketStats();
            // A FileInputStream, not Files.newInputStream: that one's available() seeks, which fails on a pipe.
            try (InputStream in = new BufferedInputStream(new BoundedInputStream(open(path), max), DETECT_BYTES)) {
                Format format = format(request.format(), in, label);
                report.format(format.cliName());
                parser(format).parse(in, filter(stats, request), facts, report);
            }
            List<Finding> findings = Rules.evaluate(stats, facts, report);
            return AnalysisReport.toResult(name, address(request), stats, facts, report, findings);
        } catch (BoundedInputStream.TooLongException e) {
            throw new BadRequestException(label + ": more than maxInputBytes (" + max + ") bytes");
        } catch (NoSuchFileException e) {
            throw new BadRequestException(label + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadRequestException(label + ": cannot be read (permission denied)");
        } catch (FileSystemException e) {
            throw new BadRequestException(label + ": cannot be read (" + (e.getReason() == null ? "no reason given"
                    : Quote.escape(e.getReason())) + ")");
        } catch (IOException e) {
            throw new BadRequestException(label + ": cannot be read (" + Quote.escape(String.valueOf(e.getMessage()))
                    + ")");
        }
    }

    /** {@code path} opened for reading, with NIO's exceptions for a missing or unreadable file. */
    private static InputStream open(Path path) throws IOException {
        try {
            return new FileInputStream(path.toFile());
        } catch (FileNotFoundException e) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString());
            }
            if (!Files.isReadable(path)) {
                throw new AccessDeniedException(path.toString());
            }
            throw e;
        }
    }

    /**
     * The live host: its sockets (with their owners) from {@code /proc/net}, counters and sysctls; with
     * {@code watch} samples, first the rates between them, passed to the rules as {@code rate.<counter>}.
     */
    private Result live(AnalyzeRequest request, BiConsumer<String, Result> progress) {
        LiveHost host = new LiveHost(Path.of(config.procRoot()));
        if (!Files.isDirectory(host.procRoot().resolve("net"))) {
            throw new BadRequestException("no " + host.procRoot().resolve("net") + ": live analysis reads the "
                    + "Linux /proc filesystem (set procRoot to a copy of one)");
        }
        LiveHost.Query query = LiveHost.Query.all().withOwners(true).withMaxFds(config.ownersScanLimit());
        if (request.port() != null) {
            query = query.withPort(request.port());
        }
        if (request.pid() != null) {
            query = query.withPid(request.pid());
        }
        try {
            List<Watch.Interval> intervals = new ArrayList<>();
            if (request.watch() > 1) {
                new Watch(host, request.watch(), Duration.ofMillis(request.interval())).run(i -> {
                    intervals.add(i);
                    if (request.progress() != null) {
                        progress.accept(request.progress(), intervalResult(i, request));
                    }
                });
            }
            SocketStats stats = new SocketStats();
            HostFacts facts = new HostFacts();
            ParseReport report = new ParseReport();
            host.read(query, stats, facts, report);
            rates(intervals, facts);
            List<Finding> findings = Rules.evaluate(stats, facts, report);
            Result r = AnalysisReport.toResult("live", address(request), stats, facts, report, findings);
            if (intervals.isEmpty()) {
                return r;
            }
            JsonObject data = r.data().copy().put("watch", new JsonObject()
                    .put("samples", request.watch()).put("intervalMillis", request.interval())
                    .put("intervals", new JsonArray(intervals.stream().map(Services::intervalJson).toList())));
            return r.withData(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the live host under " + host.procRoot(), e);
        }
    }

    /**
     * The rate of each watched counter over the whole watch, per second, as {@code rate.<counter>} (any increase
     * is at least 1/s, so that the rules see it), and the sockets that entered TIME_WAIT per second as
     * {@code rate.TimeWait.new}.
     */
    static void rates(List<Watch.Interval> intervals, HostFacts facts) {
        if (intervals.isEmpty()) {
            return;
        }
        double seconds = 0;
        long newTimeWait = 0;
        Map<String, Long> deltas = new LinkedHashMap<>();
        for (Watch.Interval i : intervals) {
            seconds += i.seconds();
            newTimeWait += i.newTimeWait();
            i.counterDeltas().forEach((k, v) -> deltas.merge(k, v, Long::sum));
        }
        for (Map.Entry<String, Long> e : deltas.entrySet()) {
            facts.counter("rate." + e.getKey(), perSecond(e.getValue(), seconds));
        }
        facts.counter("rate.TimeWait.new", perSecond(newTimeWait, seconds));
    }

    static long perSecond(long delta, double seconds) {
        return delta <= 0 ? 0 : Math.max(1, Math.round(delta / seconds));
    }

    /**
     * One watch interval as a Result: new TIME_WAIT and every counter that moved, per second, as sentences; the
     * interval's numbers in {@code data.interval}.
     */
    static Result intervalResult(Watch.Interval i, AnalyzeRequest request) {
        Result.Builder b = Result.builder("analyze", "live").address(address(request));
        b.finding(String.format(java.util.Locale.ROOT, "interval %d (%.1f s): %d new TIME_WAIT (%.1f/s), %d in "
                + "TIME_WAIT now", i.index(), i.seconds(), i.newTimeWait(), i.newTimeWaitPerSecond(), i.timeWait()));
        i.counterRates().forEach((counter, rate) -> {
            long delta = i.counterDeltas().getOrDefault(counter, 0L);
            if (delta > 0 && !counter.startsWith("TcpExt.TW")) {
                b.finding(String.format(java.util.Locale.ROOT, "%s +%d (%.1f/s)", counter, delta, rate));
            }
        });
        return b.data(new JsonObject().put("interval", intervalJson(i))).build();
    }

    private static JsonObject intervalJson(Watch.Interval i) {
        return new JsonObject().put("index", i.index()).put("seconds", i.seconds())
                .put("tcpStates", new JsonObject(new LinkedHashMap<>(i.tcpStates())))
                .put("timeWait", i.timeWait()).put("newTimeWait", i.newTimeWait())
                .put("newTimeWaitPerSecond", i.newTimeWaitPerSecond())
                .put("counterDeltas", new JsonObject(new LinkedHashMap<>(i.counterDeltas())))
                .put("counterRates", new JsonObject(new LinkedHashMap<>(i.counterRates())));
    }

    /**
     * The format {@code requested} names, or the one detected from the first {@link #DETECT_BYTES} of {@code in},
     * which is left where it was (it must support mark and reset).
     */
    static Format format(String requested, InputStream in, String name) throws IOException {
        if (requested != null && !requested.isBlank() && !requested.equalsIgnoreCase("auto")) {
            Format f = Format.named(requested);
            if (f == null) {
                throw new BadRequestException("unknown format '" + requested + "' (formats: auto, "
                        + Arrays.stream(Format.values()).map(Format::cliName).collect(Collectors.joining(", "))
                        + ")");
            }
            return f;
        }
        byte[] head = new byte[DETECT_BYTES];
        in.mark(DETECT_BYTES);
        int n = in.readNBytes(head, 0, head.length);
        in.reset();
        if (n == 0) {
            throw new BadRequestException(name + ": " + ("standard input".equals(name) ? "it" : "the file")
                    + " is empty");
        }
        Format f = FormatDetector.detect(head, n);
        if (f == null) {
            throw new BadRequestException(name + ": not a format the analyzer knows (it reads ss, ss -s, "
                    + "netstat on Linux, BSD/macOS and Windows, netstat -s, lsof -i, and /proc/net/tcp, tcp6, udp, "
                    + "udp6, unix, sockstat, snmp and netstat); first line: " + firstLine(head, n));
        }
        return f;
    }

    static InputParser parser(Format format) {
        InputParser p = switch (format) {
            case PROC_TCP -> new ProcNetTcpParser();
            case PROC_UDP -> new ProcNetUdpParser();
            case PROC_UNIX -> new ProcNetUnixParser();
            case PROC_SOCKSTAT -> new ProcSockstatParser();
            case PROC_SNMP -> new ProcSnmpParser();
            default -> Parsers.forTextFormat(format);
        };
        if (p == null) {
            throw new BadRequestException("no parser for format " + format.cliName());
        }
        return p;
    }

    private static String firstLine(byte[] head, int n) {
        int end = 0;
        while (end < n && head[end] != '\n' && head[end] != '\r') {
            end++;
        }
        return Quote.of(new String(head, 0, end, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The sink, behind a filter by port (local or remote) and pid when the request has them. */
    static SocketSink filter(SocketSink sink, AnalyzeRequest request) {
        Integer port = request.port();
        Long pid = request.pid();
        if (port == null && pid == null) {
            return sink;
        }
        return (SocketRow row) -> {
            if (port != null && row.localPort != port && row.remotePort != port) {
                return;
            }
            if (pid != null && row.pid != pid) {
                return;
            }
            sink.accept(row);
        };
    }

    private static String address(AnalyzeRequest request) {
        return request.port() == null ? null : ":" + request.port();
    }

    /** {@code explain}: an error name, number, message or exception. */
    Result explain(ExplainRequest request) {
        if (request.error().isBlank()) {
            throw new BadRequestException("nothing to explain: give an error name, number or message");
        }
        return ErrorCatalog.defaults().explain(request.error()).toResult();
    }

    /** {@code options}: options applied to real sockets and read back. */
    Result options(OptionsRequest request) {
        HostFacts limits = new HostFacts();
        LiveHost host = new LiveHost(Path.of(config.procRoot()));
        if (Files.isDirectory(host.procRoot().resolve("sys"))) {
            try {
                host.readSysctls(limits, new ParseReport());
            } catch (IOException e) {
                // the probe still reports the values read back; only the limits behind them are missing
            }
        }
        return new OptionsProbe(limits, audit, processId).probe(request);
    }
}
