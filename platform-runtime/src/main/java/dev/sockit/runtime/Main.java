package dev.sockit.runtime;

import dev.sockit.api.ConfigException;
import dev.sockit.api.Quote;
import dev.sockit.api.SockitException;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.List;

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
        // -V/--version on any command prints what it prints on the top-level one.
        versionEverywhere(cli, new Versions());
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadInputException || e instanceof ConfigException) {
                cmd.getErr().println("sockit: " + Quote.escape(e.getMessage()));
                return ExitCodes.USAGE;
            }
            if (e instanceof SockitException) {
                cmd.getErr().println("sockit: " + Quote.escape(e.getMessage()));
                return ExitCodes.FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }

    private static void versionEverywhere(CommandLine cmd, IVersionProvider versions) {
        cmd.getCommandSpec().versionProvider(versions);
        cmd.getSubcommands().values().forEach(sub -> versionEverywhere(sub, versions));
    }

    /**
     * A command line picocli cannot take: one line that says what is wrong (for an unknown command, the closest
     * one) and where help is, exit code 2; not the whole usage text.
     */
    static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message;
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !cmd.getSubcommands().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            String word = u.getUnmatched().get(0);
            List<String> close = u.getSuggestions().stream().filter(cmd.getSubcommands()::containsKey).toList();
            message = "unknown command " + Quote.of(word) + (close.isEmpty()
                    ? " (commands: " + String.join(", ", cmd.getSubcommands().keySet()) + ")"
                    : "; did you mean '" + name + " " + close.get(0) + "'?");
        } else {
            // picocli's own messages quote the argument: bound them as a whole
            message = Quote.bare(e.getMessage(), 4 * Quote.MAX_CHARS);
        }
        cmd.getErr().println("sockit: " + message + " (see '" + name + " --help')");
        return ExitCodes.USAGE;
    }
}
