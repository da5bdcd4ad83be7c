package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.api.Units;
import dev.sockit.contracts.AnalyzerContract;
import dev.sockit.runtime.EmbeddedRequest;
import dev.sockit.runtime.config.SockitHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sockit analyze}: what {@code ss}, {@code netstat}, {@code lsof} or {@code /proc/net} printed, or the live
 * host, analysed by the analyzer plugin: findings worst first, with evidence and what to do.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyse sockets: a saved output of ss, netstat (Linux, BSD/macOS, Windows), lsof or "
            + "/proc/net/*, standard input, or the live host. Findings come worst first, each with its evidence "
            + "and what to do; the finding codes are listed in docs/analyzer-findings.md."},
        footer = {"", "Examples:", "  ss -tanpmi | sockit analyze -", "  sockit analyze netstat.txt --port 8080",
            "  sockit analyze --live --watch 5 --interval 1s",
            "  sockit analyze ss.txt nstat-1.txt nstat-2.txt sysctl.txt", "  sockit analyze capture-dir/",
            "", "Exit codes: 0 no critical finding; 1 a critical finding, or the analysis failed; 2 bad usage or an "
            + "input of no known format."})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "The file to analyse (or anything readable: a "
            + "FIFO, <(ss -tanp)); - for standard input, which must be a pipe or a file. Several files, or a folder "
            + "(a sockit capture bundle), are analysed as one host: one listing of the sockets, the counters and "
            + "sysctls of all, rates from two samples of the same counters.")
    List<String> files = new ArrayList<>();

    @Option(names = "--live", description = "Analyse the live host: /proc/net/*, sysctls, process owners.")
    boolean live;

    @Option(names = "--port", paramLabel = "N", description = "Only sockets with this local or remote port.")
    Integer port;

    @Option(names = "--pid", paramLabel = "N", description = "Only sockets of this process (a process id, 1 or more).")
    Long pid;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (default), ss, ss-summary, netstat-linux, netstat-s, nstat, netstat-bsd, netstat-windows, "
                + "lsof, proc-tcp, proc-udp, proc-unix, proc-sockstat, proc-snmp.")
    String format;

    @Option(names = "--watch", paramLabel = "N", defaultValue = "1",
            description = "With --live: take N samples and report rates between them (new TIME_WAIT/s, overflow "
                + "counter deltas); 1-3600. Text and ndjson output print each interval as it ends.")
    int watch;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "With --watch: time between samples (100ms-1h; default 1s).")
    String interval;

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() {
        validate();
        Duration every = interval == null ? Duration.ofSeconds(1) : parseInterval();
        Path temp = null;
        try {
            String path = null;
            String file = files.isEmpty() ? null : files.get(0);
            String name = file;
            List<String> several = List.of();
            if (!live && files.size() > 1) {
                several = files.stream().map(f -> readable(f).toString()).toList();
                name = String.join(" ", files);
            } else if (!live) {
                if (file == null || file.equals("-")) {
                    StandardInput in = standardInput(StandardInput.current(), file == null);
                    if (in.path() != null) {
                        // Read in place by the embedded analyzer (this process): a stream, no copy.
                        path = in.path().toString();
                    } else {
                        temp = copyStandardInput();
                        path = temp.toString();
                    }
                    name = "-";
                } else {
                    path = readable(file).toString();
                }
            }
            // With --watch, text and ndjson print each interval as it ends; json prints the final Result only.
            EmbeddedRequest.Progress progress = watch > 1 && output.streams()
                    ? new EmbeddedRequest.Progress("sockit.cli.progress." + java.util.UUID.randomUUID(), watch - 1,
                            r -> output.print(r, System.out))
                    : null;
            AnalyzerContract.AnalyzeRequest request = new AnalyzerContract.AnalyzeRequest(path, name, format, live,
                    port, pid, watch, every.toMillis(), progress == null ? null : progress.address(), several);
            Duration timeout = Duration.ofMinutes(5).plus(every.multipliedBy(watch));
            Result result = EmbeddedRequest.send(SockitHome.current(), AnalyzerContract.KIND,
                    AnalyzerContract.DEFAULT_ID, AnalyzerContract.ANALYZE, request, timeout, progress);
            output.print(result, System.out);
            return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Checks the options together: ranges, and options that only mean something beside another. */
    void validate() {
        if (watch < 1 || watch > 3600) {
            throw new BadRequestException("--watch must be 1-3600 samples, not " + watch);
        }
        if (watch > 1 && !live) {
            throw new BadRequestException("--watch samples the live host: add --live");
        }
        if (interval != null && watch < 2) {
            throw new BadRequestException("--interval is the time between --watch samples: add --live --watch N "
                    + "(N of 2 or more), or leave --interval out");
        }
        if (live && !files.isEmpty()) {
            throw new BadRequestException("give a FILE or --live, not both");
        }
        if (files.size() > 1 && files.contains("-")) {
            throw new BadRequestException("- (standard input) is one input on its own: save it to a file to "
                    + "analyse it beside others");
        }
        if (files.size() > 1 && !"auto".equalsIgnoreCase(format)) {
            throw new BadRequestException("--format names the format of one input: several inputs are each "
                    + "detected; leave --format out");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new BadRequestException("--port must be 0-65535, not " + port);
        }
        if (pid != null && pid < 1) {
            throw new BadRequestException("--pid must be a process id (1 or more), not " + pid);
        }
        if (interval != null) {
            parseInterval();
        }
    }

    private Duration parseInterval() {
        Duration d;
        try {
            d = Units.parseDuration(interval);
        } catch (RuntimeException e) {
            throw new BadRequestException("--interval: " + Quote.of(interval) + " is not a duration (expected: "
                    + "a number and a unit, 100ms-1h: 500ms, 2s, 1m)");
        }
        if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new BadRequestException("--interval must be 100ms-1h, not " + Quote.of(interval));
        }
        return d;
    }

    /**
     * Checks that standard input is something to analyse: a pipe or a file (or, where that cannot be told, whatever
     * it is). A terminal, a closed or another kind of input is refused with what it is and what to do instead.
     */
    static StandardInput standardInput(StandardInput in, boolean implicit) {
        String hint = ": pipe the output of ss, netstat or lsof into 'sockit analyze -', give a FILE, or --live";
        return switch (in.kind()) {
            case PIPE, FILE, UNKNOWN -> in;
            case TERMINAL -> throw new BadRequestException(implicit ? "nothing to analyse" + hint
                    : "standard input is a terminal, not a pipe or a file" + hint);
            case CLOSED -> throw new BadRequestException("standard input is closed" + hint);
            case OTHER -> throw new BadRequestException("standard input is " + Quote.escape(in.description())
                    + ", not a pipe or a file" + hint);
        };
    }

    /**
     * {@code file} as an absolute path, if it names something readable: a file, a FIFO, a /dev/fd/N pipe, or a
     * folder of inputs (a capture bundle).
     */
    static Path readable(String file) {
        Path p = Path.of(file);
        String name = Quote.escape(file);
        if (!Files.exists(p)) {
            throw new BadRequestException(name + ": no such file");
        }
        if (Files.isDirectory(p)) {
            try (java.util.stream.Stream<Path> in = Files.list(p)) {
                if (in.findAny().isEmpty()) {
                    throw new BadRequestException(name + ": no file to analyse in it");
                }
            } catch (IOException e) {
                throw new BadRequestException(name + ": cannot be listed (" + Quote.escape(String.valueOf(
                        e.getMessage())) + ")");
            }
        }
        if (!Files.isReadable(p)) {
            throw new BadRequestException(name + ": cannot be read (permission denied)");
        }
        return p.toAbsolutePath();
    }

    /**
     * Standard input, copied to a temp file, where there is no path to read it in place (neither /proc/self/fd nor
     * /dev/fd): the analyzer reads files. The caller deletes the copy; so does the JVM at exit if it cannot.
     */
    private static Path copyStandardInput() {
        Path temp = null;
        try {
            temp = Files.createTempFile("sockit-analyze-", ".txt");
            temp.toFile().deleteOnExit();
            Files.copy(System.in, temp, StandardCopyOption.REPLACE_EXISTING);
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new BadRequestException("standard input cannot be read: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // deleteOnExit tries again
        }
    }
}
