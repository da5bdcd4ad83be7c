package dev.sockit.plugin.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts a generated echo server as a real process on a free loopback port and drives it with real sockets, the
 * checks every generated server passes: 50 concurrent 64 KiB echoes, 4 MiB through a slow reader byte-exact, a
 * peer that resets mid-stream followed by a new connection, and the server still alive afterwards.
 */
final class EchoDriver {

    private static final long DEADLINE_MS = 60_000;

    private EchoDriver() {
    }

    /**
     * Runs {@code command} followed by {@code 127.0.0.1 PORT}, waits up to {@code startSeconds} for "listening on" on
     * its stderr (written to {@code err}), runs the checks and stops the process it started.
     */
    static void drive(List<String> command, Path err, int startSeconds) throws Exception {
        drive(command, Map.of(), err, startSeconds, Shape.ECHO);
    }

    /** As {@link #drive(List, Path, int)}, with input and expected answers of the payload {@code shape}. */
    static void drive(List<String> command, Path err, int startSeconds, Shape shape) throws Exception {
        drive(command, Map.of(), err, startSeconds, shape);
    }

    /**
     * As {@link #drive(List, Path, int)}, with {@code env} added to the environment of the started process (a wine
     * prefix, say).
     *
     * @return the server's stderr once the checks passed, for the caller to look into
     */
    static String drive(List<String> command, Map<String, String> env, Path err, int startSeconds)
            throws Exception {
        return drive(command, env, err, startSeconds, Shape.ECHO);
    }

    /**
     * As {@link #drive(List, Map, Path, int)}, with input and expected answers of the payload {@code shape}.
     *
     * @return the server's stderr once the checks passed
     */
    static String drive(List<String> command, Map<String, String> env, Path err, int startSeconds, Shape shape)
            throws Exception {
        Process server = null;
        try {
            int port = -1;
            for (int attempt = 0; attempt < 2 && port < 0; attempt++) {
                int candidate = freePort();
                List<String> cmd = new ArrayList<>(command);
                cmd.add("127.0.0.1");
                cmd.add(Integer.toString(candidate));
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(err.toFile());
                pb.environment().putAll(env);
                server = pb.start();
                if (awaitListening(server, err, startSeconds)) {
                    port = candidate;
                } else {
                    stop(server);
                }
            }
            assertTrue(port > 0, "server did not start: " + Files.readString(err));
            checks(port, shape, 50);
            assertTrue(server.isAlive(), "server died: " + Files.readString(err));
            return Files.readString(err);
        } finally {
            if (server != null) {
                stop(server);
            }
        }
    }

    /**
     * Runs the checks against a server already listening on {@code port} of 127.0.0.1, with {@code parallel} of the
     * 50 clients at a time (1 for an iterative server, which serves one connection at a time).
     */
    static void checks(int port, Shape shape, int parallel) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        fiftyEchoes(port, shape, parallel, deadline);
        slowReaderOf4MiB(port, shape, deadline);
        resetPeerThenServeAnother(port, shape);
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean awaitListening(Process server, Path err, int startSeconds) throws Exception {
        for (int i = 0; i < startSeconds * 20; i++) {
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    static byte[] payload(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The payload a server was generated for, as the checks see it: what to send and what comes back. */
    enum Shape {
        /** Random bytes, all back. */
        ECHO,
        /** Random bytes, nothing back. */
        DISCARD,
        /** Random bytes with a LF at least every 100 bytes and at the end, all back. */
        LINE,
        /** Frames of a 4-byte big-endian length and 0 to 4000 random bytes, up to the size; all back. */
        LENGTH_PREFIXED;

        /** The shape of a generate request's payload name. */
        static Shape of(String payload) {
            return valueOf(payload.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** {@code size} bytes to send. */
        byte[] input(int size, long seed) {
            byte[] b = payload(size, seed);
            if (this == LINE) {
                for (int i = 99; i < size; i += 100) {
                    b[i] = '\n';
                }
                b[size - 1] = '\n';
            } else if (this == LENGTH_PREFIXED) {
                Random random = new Random(seed);
                ByteBuffer frames = ByteBuffer.wrap(b);
                while (frames.remaining() >= 4) {
                    int length = Math.min(random.nextInt(4001), frames.remaining() - 4);
                    frames.putInt(length);
                    frames.position(frames.position() + length);
                }
                // Fewer than 4 bytes left, too few for a length: the input ends before them.
                if (frames.hasRemaining()) {
                    return Arrays.copyOf(b, frames.position());
                }
            }
            return b;
        }

        /** What the server sends back for {@code input}. */
        byte[] expected(byte[] input) {
            return this == DISCARD ? new byte[0] : input;
        }
    }

    /** Sends {@code data} on one thread and reads the echo on the caller's, {@code chunk} bytes at a time. */
    static byte[] echo(Socket s, byte[] data, ExecutorService writers, int chunk, long pauseEveryNanos,
                       long deadline) throws Exception {
        return exchange(s, data, data.length, writers, chunk, pauseEveryNanos, deadline);
    }

    /**
     * Sends {@code data} on one thread and reads {@code expected} bytes on the caller's, {@code chunk} at a time,
     * then the end of the stream.
     */
    static byte[] exchange(Socket s, byte[] data, int expected, ExecutorService writers, int chunk,
                           long pauseEveryNanos, long deadline) throws Exception {
        Future<?> writing = writers.submit(() -> {
            OutputStream out = s.getOutputStream();
            out.write(data);
            out.flush();
            s.shutdownOutput();
            return null;
        });
        byte[] got = new byte[expected];
        InputStream in = s.getInputStream();
        int off = 0;
        while (off < expected) {
            assertTrue(System.currentTimeMillis() < deadline, "echo took too long at byte " + off);
            int n = in.read(got, off, Math.min(chunk, expected - off));
            assertTrue(n > 0, "end of stream at byte " + off + " of " + expected);
            off += n;
            if (pauseEveryNanos > 0) {
                Thread.sleep(0, (int) pauseEveryNanos);
            }
        }
        assertEquals(-1, in.read(), "the server sent more than it got, or did not close after echoing");
        writing.get(10, TimeUnit.SECONDS);
        return got;
    }

    private static void fiftyEchoes(int port, Shape shape, int parallel, long deadline) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long seed = i;
                done.add(clients.submit(() -> {
                    byte[] data = shape.input(64 * 1024, seed);
                    byte[] expected = shape.expected(data);
                    try (Socket s = connect(port)) {
                        assertArrayEquals(expected, exchange(s, data, expected.length, pool, 65536, 0, deadline));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            pool.shutdownNow();
        }
    }

    private static void slowReaderOf4MiB(int port, Shape shape, long deadline) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket s = connect(port)) {
            byte[] data = shape.input(4 * 1024 * 1024, 42);
            byte[] expected = shape.expected(data);
            long start = System.nanoTime();
            byte[] got = exchange(s, data, expected.length, writer, 16 * 1024, 999_999, deadline);
            assertArrayEquals(expected, got);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "slow reader took over 30 s");
        } finally {
            writer.shutdownNow();
        }
    }

    private static void resetPeerThenServeAnother(int port, Shape shape) throws Exception {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(shape.input(32 * 1024, 7));
            if (shape != Shape.DISCARD) {
                byte[] some = new byte[1024];
                assertTrue(s.getInputStream().read(some) > 0, "no echo before the reset");
            }
            s.setSoLinger(true, 0);
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket s = connect(port)) {
            byte[] data = shape.input(1024, 8);
            byte[] expected = shape.expected(data);
            assertArrayEquals(expected, exchange(s, data, expected.length, writer, 1024, 0,
                    System.currentTimeMillis() + 10_000));
        } finally {
            writer.shutdownNow();
        }
    }
}
