package dev.sockit.plugin.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Process server = null;
        try {
            int port = -1;
            for (int attempt = 0; attempt < 2 && port < 0; attempt++) {
                int candidate = freePort();
                List<String> cmd = new ArrayList<>(command);
                cmd.add("127.0.0.1");
                cmd.add(Integer.toString(candidate));
                server = new ProcessBuilder(cmd)
                        .redirectErrorStream(false)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(err.toFile()).start();
                if (awaitListening(server, err, startSeconds)) {
                    port = candidate;
                } else {
                    server.destroy();
                    server.waitFor(5, TimeUnit.SECONDS);
                }
            }
            assertTrue(port > 0, "server did not start: " + Files.readString(err));
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            fiftyConcurrentEchoes(port, deadline);
            slowReaderOf4MiB(port, deadline);
            resetPeerThenServeAnother(port);
            assertTrue(server.isAlive(), "server died: " + Files.readString(err));
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                    server.waitFor(10, TimeUnit.SECONDS);
                }
            }
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

    /** Sends {@code data} on one thread and reads the echo on the caller's, {@code chunk} bytes at a time. */
    static byte[] echo(Socket s, byte[] data, ExecutorService writers, int chunk, long pauseEveryNanos,
                               long deadline) throws Exception {
        Future<?> writing = writers.submit(() -> {
            OutputStream out = s.getOutputStream();
            out.write(data);
            out.flush();
            s.shutdownOutput();
            return null;
        });
        byte[] got = new byte[data.length];
        InputStream in = s.getInputStream();
        int off = 0;
        while (off < data.length) {
            assertTrue(System.currentTimeMillis() < deadline, "echo took too long at byte " + off);
            int n = in.read(got, off, Math.min(chunk, data.length - off));
            assertTrue(n > 0, "end of stream at byte " + off + " of " + data.length);
            off += n;
            if (pauseEveryNanos > 0) {
                Thread.sleep(0, (int) pauseEveryNanos);
            }
        }
        assertEquals(-1, in.read(), "the server sent more than it got, or did not close after echoing");
        writing.get(10, TimeUnit.SECONDS);
        return got;
    }

    private static void fiftyConcurrentEchoes(int port, long deadline) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long seed = i;
                done.add(pool.submit(() -> {
                    byte[] data = payload(64 * 1024, seed);
                    try (Socket s = connect(port)) {
                        assertArrayEquals(data, echo(s, data, pool, 65536, 0, deadline));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void slowReaderOf4MiB(int port, long deadline) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket s = connect(port)) {
            byte[] data = payload(4 * 1024 * 1024, 42);
            long start = System.nanoTime();
            byte[] got = echo(s, data, writer, 16 * 1024, 999_999, deadline);
            assertArrayEquals(data, got);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "slow reader took over 30 s");
        } finally {
            writer.shutdownNow();
        }
    }

    private static void resetPeerThenServeAnother(int port) throws Exception {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(payload(32 * 1024, 7));
            byte[] some = new byte[1024];
            assertTrue(s.getInputStream().read(some) > 0, "no echo before the reset");
            s.setSoLinger(true, 0);
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket s = connect(port)) {
            byte[] data = payload(1024, 8);
            assertArrayEquals(data, echo(s, data, writer, 1024, 0, System.currentTimeMillis() + 10_000));
        } finally {
            writer.shutdownNow();
        }
    }
}
