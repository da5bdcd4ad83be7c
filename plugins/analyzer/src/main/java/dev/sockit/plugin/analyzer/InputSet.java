package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Finding;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.parse.Format;
import dev.sockit.plugin.analyzer.rules.AnalysisReport;
import dev.sockit.plugin.analyzer.rules.Rules;
import dev.sockit.plugin.analyzer.rules.SocketStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Several inputs analysed as one host: files named one by one, or a directory (a {@code sockit capture} bundle or
 * any folder of saved outputs), each file detected on its own. What they say is joined:
 * <ul>
 *   <li>the sockets come from one listing: the first socket listing found (in the order given, a directory's
 *       files by name), plus the other {@code /proc/net} tables beside a {@code /proc/net} one ({@code tcp},
 *       {@code tcp6}, {@code udp}… complete each other); a second listing of another kind is left out with a
 *       note, since it would count the same sockets twice. A bundle's {@code sockit-capture.json} names its
 *       listing outright;</li>
 *   <li>counters and sysctls of every input are merged, later ones replacing earlier ones, so they bound the
 *       rules' judgements (the backlog, the port range, {@code tcp_max_orphans}…);</li>
 *   <li>two or more samples of the same counters ({@code nstat -az} taken twice) give rates: the growth between
 *       the first and the last, per second over the time between them (the bundle's interval, else the files'
 *       modification times), as {@code rate.<counter>} — so an overflow counter growing between the samples is
 *       an overflow happening now.</li>
 * </ul>
 */
final class InputSet {

    /** The file a {@code sockit capture} bundle describes itself in. */
    static final String MANIFEST = "sockit-capture.json";
    /** How many files one analysis reads at most. */
    static final int MAX_FILES = 256;

    private static final Set<Format> SOCKET_LISTINGS = EnumSet.of(Format.SS, Format.NETSTAT_LINUX,
            Format.NETSTAT_BSD, Format.NETSTAT_WINDOWS, Format.LSOF, Format.PROC_TCP, Format.PROC_UDP,
            Format.PROC_UNIX);
    private static final Set<Format> PROC_TABLES = EnumSet.of(Format.PROC_TCP, Format.PROC_UDP, Format.PROC_UNIX);
    /** Formats whose counters are totals that can be sampled twice. */
    private static final Set<Format> COUNTER_SAMPLES = EnumSet.of(Format.NSTAT, Format.NETSTAT_STATISTICS,
            Format.PROC_SNMP);

    private final AnalyzerConfig config;

    InputSet(AnalyzerConfig config) {
        this.config = config;
    }

    /** One input: where it is, the name it is shown by, and whether the user named it (not found in a folder). */
    private record Input(Path path, String name, boolean named) {
    }

    /** One sample of counters: which format, from which input, when, and the counters. */
    private record Sample(Format format, String name, long mtimeMillis, HostFacts facts) {
    }

    Result analyze(AnalyzeRequest request, List<String> paths) {
        List<Input> inputs = new ArrayList<>();
        JsonObject manifest = null;
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                Path m = path.resolve(MANIFEST);
                if (Files.isRegularFile(m)) {
                    manifest = readManifest(m);
                }
                for (Path f : walk(path)) {
                    inputs.add(new Input(f, path.relativize(f).toString(), false));
                }
            } else {
                inputs.add(new Input(path, p, true));
            }
        }
        if (inputs.isEmpty()) {
            throw new BadRequestException(Quote.escape(String.join(" ", paths)) + ": no file to analyse in it");
        }
        if (inputs.size() > MAX_FILES) {
            throw new BadRequestException(inputs.size() + " files to analyse, more than " + MAX_FILES
                    + ": give the files or the folder of one capture");
        }
        List<String> listed = manifest == null ? List.of()
                : manifest.getJsonArray("sockets", new JsonArray()).stream().map(String::valueOf).toList();

        SocketStats stats = new SocketStats();
        HostFacts facts = new HostFacts();
        ParseReport combined = new ParseReport();
        Format socketFormat = null;
        String socketSource = null;
        List<Sample> samples = new ArrayList<>();
        List<Map<String, Object>> described = new ArrayList<>();
        for (Input in : inputs) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", in.name());
            described.add(d);
            ParseReport report = new ParseReport();
            HostFacts own = new HostFacts();
            Format format;
            try (InputStream stream = new BufferedInputStream(new BoundedInputStream(open(in),
                    config.maxInputBytes()), Services.DETECT_BYTES)) {
                try {
                    format = Services.format("auto", stream, Quote.escape(in.name()));
                } catch (BadRequestException e) {
                    if (in.named()) {
                        throw e;
                    }
                    d.put("role", "skipped");
                    d.put("reason", e.getMessage());
                    continue;
                }
                d.put("format", format.cliName());
                report.format(format.cliName());
                boolean sockets = SOCKET_LISTINGS.contains(format);
                if (sockets) {
                    boolean use = manifest != null ? listed.contains(in.name())
                            : socketFormat == null || PROC_TABLES.contains(format)
                                    && PROC_TABLES.contains(socketFormat);
                    if (!use) {
                        d.put("role", "skipped");
                        d.put("reason", "a second listing of the sockets: they come from " + socketSource);
                        continue;
                    }
                    if (socketFormat == null) {
                        socketFormat = format;
                        socketSource = in.name();
                    }
                    d.put("role", "sockets");
                    Services.parser(format).parse(stream, Services.filter(stats, request), own, report);
                } else {
                    d.put("role", format == Format.SYSCTL ? "sysctls" : "counters");
                    Services.parser(format).parse(stream, row -> { }, own, report);
                }
            } catch (BoundedInputStream.TooLongException e) {
                throw new BadRequestException(Quote.escape(in.name()) + ": more than maxInputBytes ("
                        + config.maxInputBytes() + ") bytes");
            } catch (NoSuchFileException e) {
                throw new BadRequestException(Quote.escape(in.name()) + ": no such file");
            } catch (IOException e) {
                throw new BadRequestException(Quote.escape(in.name()) + ": cannot be read ("
                        + Quote.escape(String.valueOf(e.getMessage())) + ")");
            }
            d.put("lines", report.lines());
            d.put("unparsed", report.unparsedCount());
            combined.absorb(report, in.name());
            facts.addAll(own);
            if (COUNTER_SAMPLES.contains(format)) {
                samples.add(new Sample(format, in.name(), mtime(in.path()), own));
            }
        }
        if (described.stream().noneMatch(d -> d.containsKey("format"))) {
            throw new BadRequestException("nothing to analyse: none of the " + inputs.size()
                    + " files is a format the analyzer knows");
        }
        combined.format(socketFormat != null ? socketFormat.cliName() : "counters");
        rates(samples, manifest, facts, combined);
        List<Finding> findings = Rules.evaluate(stats, facts, combined);
        String name = paths.size() == 1 ? paths.get(0) : paths.size() + " inputs";
        Result r = AnalysisReport.toResult(name, request.port() == null ? null : ":" + request.port(), stats, facts,
                combined, findings);
        return r.withData(r.data().copy().put("inputs", new JsonArray(new ArrayList<>(described))));
    }

    /** Rates from the first and last sample of each counter source, as {@code rate.<counter>}. */
    private static void rates(List<Sample> samples, JsonObject manifest, HostFacts facts, ParseReport report) {
        for (Format format : COUNTER_SAMPLES) {
            List<Sample> of = samples.stream().filter(s -> s.format() == format).toList();
            if (of.size() < 2) {
                continue;
            }
            Sample first = of.get(0);
            Sample last = of.get(of.size() - 1);
            double seconds;
            String how;
            Long interval = manifest == null ? null : manifest.getLong("intervalMillis");
            if (interval != null && interval > 0) {
                seconds = interval * (of.size() - 1) / 1000.0;
                how = "the capture's interval";
            } else {
                seconds = (last.mtimeMillis() - first.mtimeMillis()) / 1000.0;
                how = "the files' modification times";
            }
            if (seconds < 1) {
                report.note("the samples " + first.name() + " and " + last.name() + " are less than a second apart"
                        + " by " + how + ": their growth is read as per second");
                seconds = 1;
            }
            for (Map.Entry<String, Long> c : last.facts().counters().entrySet()) {
                long before = first.facts().counter(c.getKey());
                if (before >= 0 && c.getValue() >= before) {
                    facts.counter(RATE + c.getKey(), Services.perSecond(c.getValue() - before, seconds));
                }
            }
            report.note(String.format(java.util.Locale.ROOT, "rates from %s and %s, %.1f s apart (%s)",
                    first.name(), last.name(), seconds, how));
        }
    }

    private static final String RATE = "rate.";

    private static List<Path> walk(Path dir) {
        try (Stream<Path> files = Files.walk(dir, 6)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().equals(MANIFEST))
                    .sorted()
                    .limit(MAX_FILES + 1L)
                    .toList();
        } catch (IOException e) {
            throw new BadRequestException(Quote.escape(dir.toString()) + ": cannot be listed ("
                    + Quote.escape(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static JsonObject readManifest(Path m) {
        try {
            return new JsonObject(Files.readString(m));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + m, e);
        } catch (RuntimeException e) {
            throw new BadRequestException(Quote.escape(m.toString()) + ": not the JSON of a sockit capture ("
                    + Quote.escape(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static InputStream open(Input in) throws IOException {
        if (!Files.exists(in.path())) {
            throw new NoSuchFileException(in.path().toString());
        }
        return new FileInputStream(in.path().toFile());
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
