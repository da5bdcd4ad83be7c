package dev.sockit.plugin.generator;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A generated server program running on the loopback for a test: started on a free port (retried once if another
 * test took it first), its stderr kept in a file, stopped with SIGTERM (then forcibly) on close, and checked for
 * sanitizer reports.
 */
final class CServer implements AutoCloseable {

    private final Process process;
    private final Path err;
    private final int port;
    private boolean closed;

    private CServer(Process process, Path err, int port) {
        this.process = process;
        this.err = err;
        this.port = port;
    }

    /** Starts program on 127.0.0.1 and waits until it says it is listening. */
    static CServer start(Path program, Path err) throws Exception {
        return start(program, err, false);
    }

    /** Starts a UDP server program on a free UDP port of 127.0.0.1. */
    static CServer startUdp(Path program, Path err) throws Exception {
        return start(program, err, true);
    }

    private static CServer start(Path program, Path err, boolean udp) throws Exception {
        return start(List.of(), program, err, udp);
    }

    /** Starts {@code launcher} (valgrind and its flags) with program on a free port of 127.0.0.1. */
    static CServer start(List<String> launcher, Path program, Path err, boolean udp) throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            int candidate = udp ? freeUdpPort() : freePort();
            CServer server = tryStart(launcher, program, err, candidate);
            if (server != null) {
                return server;
            }
        }
        throw new AssertionError("server " + program + " did not start: " + Files.readString(err));
    }

    /**
     * Starts program on {@code port} of 127.0.0.1; {@code null}, with the program stopped and its stderr left in
     * err, when it exits or does not say it listens within 15 s.
     */
    static CServer tryStart(List<String> launcher, Path program, Path err, int port) throws Exception {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(program.toString(), "127.0.0.1", Integer.toString(port)));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        if (awaitListening(p, err)) {
            return new CServer(p, err, port);
        }
        stop(p);
        return null;
    }

    int port() {
        return port;
    }

    String stderr() throws IOException {
        return Files.exists(err) ? Files.readString(err) : "";
    }

    /**
     * Skips the run when the kernel refused io_uring (the program says {@code io_uring_queue_init: ...} and exits):
     * the only skip the run tests allow.
     */
    void assumeRunning() throws Exception {
        Thread.sleep(100);
        String text = stderr();
        assumeFalse(!process.isAlive() && text.contains("io_uring_queue_init: "),
                "the kernel refuses io_uring here: " + text.strip());
    }

    Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** The server's exit status once it has ended on its own within {@code seconds}, or -1 if it still runs. */
    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        closed = true;
        return process.exitValue();
    }

    /** Checks that the server still runs and that no sanitizer has reported. */
    void assertHealthy() throws IOException {
        String text = stderr();
        assertTrue(process.isAlive(), "server died: " + text);
        assertFalse(text.contains("ERROR: AddressSanitizer"), text);
        assertFalse(text.contains("ERROR: LeakSanitizer"), text);
        assertFalse(text.contains("runtime error"), text);
    }

    /**
     * Stops the server with SIGTERM and checks that it exits cleanly and without a sanitizer report; a second call
     * does nothing.
     */
    @Override
    public void close() throws IOException {
        stop();
    }

    /** {@link #close()}, for a test that stops the server before the end of its try block. */
    void stop() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean exited;
        try {
            process.destroy();
            exited = process.waitFor(10, TimeUnit.SECONDS);
            if (!exited) {
                stop(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while stopping the server", e);
        }
        String text = stderr();
        assertTrue(exited, "server did not stop on SIGTERM within 10 s: " + text);
        assertFalse(text.contains("ERROR: AddressSanitizer"), text);
        assertFalse(text.contains("ERROR: LeakSanitizer"), text);
        assertFalse(text.contains("runtime error"), text);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean awaitListening(Process server, Path err) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(err) && Files.readString(err).contains("listening on")) {
                return true;
            }
            if (!server.isAlive()) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
