package dev.sockit.runtime.cli;

import dev.sockit.api.Result;
import dev.sockit.runtime.SockitRuntime;
import dev.sockit.runtime.StopSignal;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitConfig;
import dev.sockit.runtime.config.SockitHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.time.Duration;

/**
 * {@code sockit run}: loads the config and plugins, starts every process, prints the start Result, serves until
 * SIGINT or SIGTERM, stops gracefully and prints the final Result.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the runtime: load the plugins, start every configured process, serve until SIGINT or "
            + "SIGTERM, then stop gracefully within runtime.shutdownTimeout; a second SIGINT or SIGTERM exits at "
            + "once."},
        footer = {"", "Exit codes: 0 every process ran and stopped cleanly; 1 a process failed (the others keep "
            + "serving until stopped; if none runs, sockit exits at once); 2 bad config or usage; 130 a second "
            + "signal ended the graceful stop."})
final class RunCommand implements Callable<Integer> {

    /** Time past the shutdown timeout for Vert.x, plugins and the audit log to close after a signal. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(15);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The config file, YAML or JSON (default: conf/sockit.yaml in the sockit home).")
    Path config;

    @Option(names = "--status-file", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "Write the runtime's status there every second, for 'sockit status' (without FILE: "
                + StatusFile.DEFAULT + " in the sockit home); deleted when the runtime stops.")
    String statusFile;

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() throws InterruptedException {
        SockitHome home = SockitHome.current();
        SockitConfig cfg = ConfigLoader.load(config != null ? config : home.defaultConfig());
        StopSignal stop = new StopSignal(cfg.runtime().shutdownTimeout().plus(STOP_SLACK));
        SockitRuntime runtime;
        try {
            runtime = SockitRuntime.start(cfg, home);
        } catch (RuntimeException e) {
            stop.finish(ExitCodes.FAILED);
            throw e;
        }
        StatusFile.writeWhileRunning(runtime, statusFile, home);
        runtime.auditStop().thenRun(stop::request);
        output.print(runtime.startResult(), System.out);
        if (runtime.supervisor().anyRunning()) {
            stop.await();
        }
        Result stopped = runtime.stop(stop.requested());
        output.print(stopped, System.out);
        return stop.finish(runtime.supervisor().anyFailed() || runtime.stoppedByAudit() ? ExitCodes.FAILED
                : ExitCodes.OK);
    }
}
