package dev.sockit.runtime;

import dev.sockit.api.ConfigException;
import dev.sockit.api.SockitException;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;

/** The {@code sockit} command line. */
public final class Main {

    private Main() {
    }

    /** Runs {@code sockit} with {@code args} and exits with the command's exit code. */
    public static void main(String[] args) {
        int code = execute(args);
        LogManager.shutdown();
        System.exit(code);
    }

    /** Runs {@code sockit} with {@code args} and returns the exit code. */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new SockitCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("sockit: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof SockitException) {
                cmd.getErr().println("sockit: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
