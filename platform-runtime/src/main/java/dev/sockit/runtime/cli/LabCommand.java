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

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code sockit lab}: a socket pathology reproduced on the loopback by the analyzer plugin, for training and for
 * testing alerts; it says what it built (pid, port, the finding to expect), holds it, and cleans up.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Reproduce a socket pathology on the loopback (127.0.0.1) for training and for testing "
            + "alerts: prints what it built (pid, port, the finding 'sockit analyze --live' should report), holds "
            + "it for --duration, then cleans up after itself. It prints two Results, each as soon as it is true: "
            + "what stands, and the clean-up (with --output json, one JSON document per line)."},
        footer = {"", "Scenarios: close-wait-leak, time-wait-storm, backlog-overflow, receiver-not-reading, "
            + "peer-not-reading, udp-rcvbuf-drops, many-short-connections, healthy.", "", "Examples:",
            "  sockit lab close-wait-leak --duration 2m", "  sockit lab backlog-overflow &  sleep 2; sockit analyze "
            + "--live --port PORT", "", "Exit codes: 0 built, held and cleaned up; 1 it could not be built; 2 bad "
            + "usage (an unknown scenario, a duration out of range)."})
final class LabCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", description = "What to build (see the list below).")
    String scenario;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "How long to hold it before cleaning up (1s-1h; default 60s).")
    String duration;

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() {
        long millis = AnalyzerContract.LabRequest.DEFAULT_DURATION_MILLIS;
        if (duration != null) {
            try {
                millis = Units.parseDuration(duration).toMillis();
            } catch (RuntimeException e) {
                throw new BadRequestException("--duration: " + Quote.of(duration) + " is not a duration (expected: "
                        + "a number and a unit, 1s-1h: 30s, 2m)");
            }
        }
        // Always two Results, whatever the format (json too, one per line): what was built comes at once, since a
        // user needs its port while it stands, and the clean-up at the end.
        EmbeddedRequest.Progress progress = new EmbeddedRequest.Progress("sockit.cli.progress." + UUID.randomUUID(),
                1, r -> output.print(r, System.out));
        AnalyzerContract.LabRequest request = new AnalyzerContract.LabRequest(scenario, millis, progress.address());
        Result result = EmbeddedRequest.send(SockitHome.current(), AnalyzerContract.KIND, AnalyzerContract.DEFAULT_ID,
                AnalyzerContract.LAB, request, Duration.ofMillis(millis).plusMinutes(2), progress);
        output.print(result, System.out);
        return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
