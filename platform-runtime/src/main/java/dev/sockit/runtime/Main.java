package dev.sockit.runtime;

import dev.sockit.api.ConfigException;
import dev.sockit.api.SockitException;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The {@code sockit} command line. */
public final class Main {

    private static volatile Thread warmUp;

    private Main() {
    }

    /** Runs {@code sockit} with {@code args} and exits with the command's exit code. */
    public static void main(String[] args) {
        warmUp();
        int code = execute(args);
        LogManager.shutdown();
        System.exit(code);
    }

    /**
     * Initialises Log4j and the config mapper on another core while picocli parses the command line: start-up
     * is mostly class loading, and these are the largest pieces of it.
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            LogManager.getContext(false);
            LoggerFactory.getILoggerFactory();
            ConfigTree.warmUp();
        }, "sockit-warm-up");
        t.setDaemon(true);
        t.start();
        warmUp = t;
    }

    /**
     * Waits for the warm-up to finish. SLF4J must be bound before PF4J and Netty log from two threads at once,
     * or SLF4J hands them substitute loggers and complains on stderr.
     */
    static void awaitWarmUp() {
        Thread t = warmUp;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code sockit} with {@code args} and returns the exit code. */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new SockitCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadInputException) {
                cmd.getErr().println("sockit: " + e.getMessage());
                return ExitCodes.USAGE;
            }
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
