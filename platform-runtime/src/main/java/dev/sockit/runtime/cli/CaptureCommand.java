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

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * {@code sockit capture}: this host's socket state saved into one bundle by the analyzer plugin, for
 * {@code sockit analyze BUNDLE} later, here or on any machine.
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Save this host's socket state into one bundle: ss -tanpmieo, ss -uanpm, ss -s, ss -ltn, two "
            + "nstat -asz samples --interval apart, /proc/net/*, the sysctls the analyzer compares with, uname and "
            + "the tools' versions, described by sockit-capture.json. Needs no root: what cannot be read is listed. "
            + "Analyse it later, anywhere, with 'sockit analyze BUNDLE'."},
        footer = {"", "Examples:", "  sockit capture", "  sockit capture -o /tmp/web1.tar.gz --interval 10s",
            "  sockit capture -o /tmp/web1-capture        (a folder instead of a .tar.gz)",
            "", "Exit codes: 0 captured (some parts may be listed as not captured); 1 the capture failed; 2 bad "
            + "usage (the output exists, an interval out of range)."})
final class CaptureCommand implements Callable<Integer> {

    @Option(names = "-o", paramLabel = "FILE",
            description = "Where to write the bundle: a .tar.gz (or .tgz) file, or else a folder; it must not exist. "
                + "Default: sockit-capture-HOST-YYYYmmdd-HHMMSS.tar.gz here.")
    String output;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between the two nstat samples, which rates come from (100ms-10m; default 5s).")
    String interval;

    @Mixin
    Output print = new Output();

    @Override
    public Integer call() {
        long millis = AnalyzerContract.CaptureRequest.DEFAULT_INTERVAL_MILLIS;
        if (interval != null) {
            Duration d;
            try {
                d = Units.parseDuration(interval);
            } catch (RuntimeException e) {
                throw new BadRequestException("--interval: " + Quote.of(interval) + " is not a duration (expected: "
                        + "a number and a unit, 100ms-10m: 500ms, 5s, 1m)");
            }
            millis = d.toMillis();
        }
        String out = output != null ? output : defaultName();
        AnalyzerContract.CaptureRequest request = new AnalyzerContract.CaptureRequest(
                Path.of(out).toAbsolutePath().toString(), millis);
        Result result = EmbeddedRequest.send(SockitHome.current(), AnalyzerContract.KIND, AnalyzerContract.DEFAULT_ID,
                AnalyzerContract.CAPTURE, request, Duration.ofMinutes(5).plusMillis(millis));
        print.print(result, System.out);
        return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (java.io.IOException e) {
            host = "host";
        }
        return "sockit-capture-" + host + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".tar.gz";
    }
}
