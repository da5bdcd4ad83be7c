package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Quote;
import dev.sockit.api.SockitException;
import dev.sockit.runtime.config.ConfigTree;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The {@code sockit} command line. */
public final class Main {

    /**
     * The system property that picks Vert.x's logging backend. Vert.x logs straight to Log4j: while it binds SLF4J,
     * Vert.x's SLF4J delegate swaps {@code System.err} for an in-memory buffer, and anything that took
     * {@code System.err} meanwhile (a console appender being created on the warm-up thread) wrote into that buffer
     * for the rest of the run.
     */
    static final String VERTX_LOG_DELEGATE = "vertx.logger-delegate-factory-class-name";

    private static volatile Thread warmUp;
    /** Open once Log4j has loaded its config and SLF4J is bound. */
    private static final CountDownLatch LOGGING_READY = new CountDownLatch(1);

    private Main() {
    }

    /** Runs {@code sockit} with {@code args} and exits with the command's exit code. */
    public static void main(String[] args) {
        if (System.getProperty(VERTX_LOG_DELEGATE) == null) {
            System.setProperty(VERTX_LOG_DELEGATE, "io.vertx.core.logging.Log4j2LogDelegateFactory");
        }
        warmUp();
        int code = execute(args);
        LogManager.shutdown();
        System.exit(code);
    }

    /**
     * Initialises Log4j and the config mapper on another core while picocli parses the command line: start-up is
     * mostly class loading, and these are the largest pieces of it. A command that may log waits for the logging
     * part first ({@link #runAfterLogging}).
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                LogManager.getContext(false);
                LoggerFactory.getILoggerFactory();
            } finally {
                LOGGING_READY.countDown();
            }
            ConfigTree.warmUp();
        }, "sockit-warm-up");
        t.setDaemon(true);
        t.start();
        warmUp = t;
    }

    /**
     * Waits until the warm-up has loaded Log4j's config and bound SLF4J; at once when there is no warm-up. SLF4J
     * must be bound before PF4J and Netty log from two threads at once, or SLF4J hands them substitute loggers and
     * complains on stderr; and a level a command sets must not be undone by the config loading after it.
     */
    private static void awaitLogging() {
        if (warmUp == null) {
            return;
        }
        try {
            LOGGING_READY.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code sockit} with {@code args} and returns the exit code. */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new SockitCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        // -V/--version on any command prints what it prints on the top-level one.
        versionEverywhere(cli, new Versions());
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadRequestException || e instanceof ConfigException) {
                cmd.getErr().println("sockit: " + Quote.escape(e.getMessage()));
                return ExitCodes.USAGE;
            }
            if (e instanceof SockitException) {
                cmd.getErr().println("sockit: " + Quote.escape(e.getMessage()));
                return ExitCodes.FAILED;
            }
            throw e;
        });
        cli.setExecutionStrategy(Main::runAfterLogging);
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

    /**
     * Runs the parsed command, once the logging config has loaded if the command may log: until then Log4j's
     * default configuration would write its errors to stdout, which carries only Results. Help and version print
     * without waiting.
     */
    private static int runAfterLogging(CommandLine.ParseResult parsed) {
        if (mayLog(parsed)) {
            awaitLogging();
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static boolean mayLog(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return false;
            }
            if (p.subcommand() == null) {
                return !(p.commandSpec().userObject() instanceof VersionCommand);
            }
        }
        return true;
    }
}
