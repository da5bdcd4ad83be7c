package dev.sockit.plugin.analyzer;

import dev.sockit.plugin.analyzer.lab.Lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lab's socket problems ({@link Lab}, made for real on the loopback in this JVM) for the analyzer's tests to
 * find: each holds its sockets until {@link #close()}, and {@link #capture} saves what {@code ss}, {@code netstat}
 * and {@code /proc/net/tcp} print while they exist.
 */
final class Scenario implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final List<AutoCloseable> held = new ArrayList<>();
    /** The listening port the scenario is about. */
    final int port;

    private Scenario(int port) {
        this.port = port;
    }

    /** The pid of this JVM, which owns every socket of a scenario. */
    static long pid() {
        return ProcessHandle.current().pid();
    }

    private static Scenario of(Lab.Scenario which) throws IOException, InterruptedException {
        Lab lab = Lab.build(which);
        Scenario s = new Scenario(lab.port());
        s.held.add(lab);
        return s;
    }

    /** The lab's CLOSE_WAIT leak: 12 sockets in CLOSE_WAIT on the listener's port, held by this JVM. */
    static Scenario closeWaitLeak() throws IOException, InterruptedException {
        Scenario s = of(Lab.Scenario.CLOSE_WAIT_LEAK);
        s.awaitState("close-wait", 12);
        return s;
    }

    /** The lab's short connections, each closed first by its client: TIME_WAIT toward the listener's port. */
    static Scenario timeWaitStorm() throws IOException, InterruptedException {
        Scenario s = of(Lab.Scenario.MANY_SHORT_CONNECTIONS);
        s.awaitState("time-wait", 1200);
        return s;
    }

    /** The lab's listener with a backlog of 4 that never accepts, and 10 clients. */
    static Scenario listenerNeverAccepts() throws IOException, InterruptedException {
        return of(Lab.Scenario.BACKLOG_OVERFLOW);
    }

    /** The lab's connection whose server never reads while its client writes until the buffers are full. */
    static Scenario receiverNeverReads() throws IOException, InterruptedException {
        return of(Lab.Scenario.RECEIVER_NOT_READING);
    }

    /** The lab's healthy mix: a listener and 8 open connections that echoed a message each. */
    static Scenario healthy() throws IOException, InterruptedException {
        return of(Lab.Scenario.HEALTHY);
    }

    /** Waits (at most 5 s) until {@code ss} shows {@code n} sockets in {@code state} on this scenario's port. */
    private void awaitState(String state, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String out = run("ss", "-Htan", "state", state, "( sport = :" + port + " or dport = :" + port + " )");
            if (out.lines().filter(l -> !l.isBlank()).count() >= n) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Whether {@code command -V}-style probing finds the tool; for assumptions. */
    static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command (bounded in time) and returns its standard output. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + "s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Saves {@code command}'s output to {@code file} and returns the file. */
    static Path capture(Path file, String... command) throws IOException, InterruptedException {
        Files.writeString(file, run(command));
        return file;
    }

    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            try {
                held.get(i).close();
            } catch (Exception ignored) {
                // closing what a scenario held; nothing to report
            }
        }
        held.clear();
    }
}
