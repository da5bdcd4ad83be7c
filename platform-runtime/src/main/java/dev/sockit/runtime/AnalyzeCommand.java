package dev.sockit.runtime;

import dev.sockit.api.AnalyzerContract;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.api.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
            "", "Exit codes: 0 no critical finding; 1 a critical finding, or the analysis failed; 2 bad usage or an "
            + "input of no known format."})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The file to analyse; - for standard input.")
    String file;

    @Option(names = "--live", description = "Analyse the live host: /proc/net/*, sysctls, process owners.")
    boolean live;

    @Option(names = "--port", paramLabel = "N", description = "Only sockets with this local or remote port.")
    Integer port;

    @Option(names = "--pid", paramLabel = "N", description = "Only sockets of this process.")
    Long pid;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (default), ss, ss-summary, netstat-linux, netstat-s, netstat-bsd, netstat-windows, "
                + "lsof, proc-tcp, proc-udp, proc-unix, proc-sockstat, proc-snmp.")
    String format;

    @Option(names = "--watch", paramLabel = "N", defaultValue = "1",
            description = "With --live: take N samples and report rates between them (new TIME_WAIT/s, overflow "
                + "counter deltas); 1-3600. Text and ndjson output print each interval as it ends.")
    int watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "With --watch: time between samples (100ms-1h; default 1s).")
    String interval;

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() {
        Duration every = parseInterval();
        if (watch < 1 || watch > 3600) {
            throw new BadInputException("--watch must be 1-3600 samples, not " + watch);
        }
        if (watch > 1 && !live) {
            throw new BadInputException("--watch samples the live host: add --live");
        }
        if (live && file != null) {
            throw new BadInputException("give a FILE or --live, not both");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new BadInputException("--port must be 0-65535, not " + port);
        }
        Path temp = null;
        try {
            String path = null;
            String name = file;
            if (!live) {
                if (file == null || file.equals("-")) {
                    if (file == null && System.console() != null) {
                        throw new BadInputException("nothing to analyse: give a FILE, - for standard input, or --live");
                    }
                    temp = copyStandardInput();
                    path = temp.toString();
                    name = "-";
                } else {
                    Path p = Path.of(file);
                    if (!Files.isRegularFile(p)) {
                        throw new BadInputException(file + ": no such file");
                    }
                    path = p.toAbsolutePath().toString();
                }
            }
            // With --watch, text and ndjson print each interval as it ends; json prints the final Result only.
            EmbeddedRequest.Progress progress = watch > 1 && output.streams()
                    ? new EmbeddedRequest.Progress("sockit.cli.progress." + java.util.UUID.randomUUID(), watch - 1,
                            r -> output.print(r, System.out))
                    : null;
            AnalyzerContract.AnalyzeRequest request = new AnalyzerContract.AnalyzeRequest(path, name, format, live,
                    port, pid, watch, every.toMillis(), progress == null ? null : progress.address());
            Duration timeout = Duration.ofMinutes(5).plus(every.multipliedBy(watch));
            Result result = EmbeddedRequest.send(SockitHome.current(), AnalyzerContract.KIND,
                    AnalyzerContract.DEFAULT_ID, AnalyzerContract.VERB_ANALYZE, request.toJson(), timeout, progress);
            output.print(result, System.out);
            return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temp file left behind is no reason to fail the command
                }
            }
        }
    }

    private Duration parseInterval() {
        Duration d;
        try {
            d = Units.parseDuration(interval);
        } catch (RuntimeException e) {
            throw new BadInputException("--interval: " + e.getMessage());
        }
        if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new BadInputException("--interval must be 100ms-1h, not " + interval);
        }
        return d;
    }

    /** Standard input, copied to a temp file so that the analyzer can stream it in bounded memory. */
    private static Path copyStandardInput() {
        try {
            Path temp = Files.createTempFile("sockit-analyze-", ".txt");
            try (InputStream in = System.in) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            return temp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }
}
