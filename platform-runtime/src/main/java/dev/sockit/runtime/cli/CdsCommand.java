package dev.sockit.runtime.cli;

import dev.sockit.api.HostPort;
import dev.sockit.api.Result;
import dev.sockit.api.SockitException;
import dev.sockit.runtime.SockitRuntime;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.filter.AbstractFilterable;
import org.apache.logging.log4j.core.filter.ThresholdFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code sockit cds}: runs the start-up path once (config, Log4j, Vert.x, plugins, a tcp-server on a free
 * loopback port, one connection, a graceful stop) in a JVM that {@code bin/sockit cds} started with
 * {@code -XX:ArchiveClassesAtExit}, so that the classes start-up needs are archived for later runs.
 */
@Command(name = "cds", mixinStandardHelpOptions = true,
        description = {"Write a class-data-sharing archive of the classes sockit needs to start, for this Java "
            + "(var/sockit-JAVA_VERSION.jsa); bin/sockit uses it when present and starts about a third faster.",
            "Run it as 'bin/sockit cds' (./sockit does it once after each build)."})
final class CdsCommand implements Callable<Integer> {

    /** The system property bin/sockit sets to the archive it asks the JVM to write. */
    static final String ARCHIVE_PROPERTY = "sockit.cds.archive";
    /** The console appender's name in conf/log4j2.xml. */
    private static final String CONSOLE_APPENDER = "console";

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() throws IOException {
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        if (archive == null) {
            throw new SockitException("run 'bin/sockit cds': the launcher starts the JVM that writes the archive");
        }
        quietConsole();
        SockitHome home = SockitHome.current();
        Path work = Files.createTempDirectory("sockit-cds");
        try {
            String yaml = "runtime:\n  plugins: " + home.resolve("plugins") + "\n  shutdownTimeout: 1s\n"
                    + "  audit: " + work.resolve("audit.jsonl") + "\nprocesses:\n"
                    + "  warm:\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: 0, maxConnections: 1 }\n";
            SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "cds.yaml"), home);
            Result started = runtime.startResult();
            touch(started.address());
            runtime.stop();
        } finally {
            deleteTree(work);
        }
        output.print(Result.builder("cds", "runtime").address(archive).artifact(archive)
                .finding("class-data archive " + archive + " is written as this JVM exits").build(), System.out);
        return ExitCodes.OK;
    }

    /**
     * Warnings only on the console: the start and stop lines of the warm-up runtime are not this command's output.
     * {@code sockit.log} still gets them at INFO, so that the classes that format them are archived too.
     */
    private static void quietConsole() {
        if (LogManager.getRootLogger() instanceof Logger root
                && root.getAppenders().get(CONSOLE_APPENDER) instanceof AbstractFilterable console) {
            console.addFilter(ThresholdFilter.createFilter(Level.WARN, Filter.Result.NEUTRAL, Filter.Result.DENY));
        }
    }

    /** Echoes one byte over one connection, so the accept, read, write and close paths are archived too. */
    private static void touch(String address) {
        int port;
        try {
            port = HostPort.parse(address).port();
        } catch (IllegalArgumentException e) {
            // No address (the warm-up server did not start): nothing to touch.
            return;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(2000);
            s.getOutputStream().write('w');
            s.getInputStream().read();
        } catch (IOException e) {
            // A warm-up connection that fails archives a little less; the archive is still valid.
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
