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
 * Starts a generated echo server ({@code COMMAND... HOST PORT}) on a free loopback port and drives it with real
 * sockets: 50 concurrent 64 KiB echoes byte for byte, 4 MiB through a slow reader, a peer that resets mid-stream
 * followed by a new connection. The server must print {@code listening on} to stderr once it listens.
 */
final class EchoDrive {

    private static final long DEADLINE_MS = 60_000;

    private EchoDrive() {
    }

    /**
     * Runs the server from {@code command} with {@code env} added, drives it and stops it.
     *
     * @return the server's stderr
     */
    static String drive(List<String> command, Map<String, String> env, Path err) throws Exception {
        Process server = null;
        try {
            int port = -1;
            for (int attempt = 0; attempt < 2 && port < 0; attempt++) {
                int candidate = freePort();
                List<String> cmd = new ArrayList<>(command);
                cmd.add("127.0.0.1");
                cmd.add(Integer.toString(candidate));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(err.toFile());
                pb.environment().putAll(env);
                server = pb.start();
                if (awaitListening(server, err)) {
                    port = candidate;
                } else {
                    stop(server);
                }
            }
            assertTrue(port > 0, "server did not start: " + Files.readString(err));
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            fiftyConcurrentEchoes(port, deadline);
            slowReaderOf4MiB(port, deadline);
            resetPeerThenServeAnother(port);
            assertTrue(server.isAlive(), "server died: " + Files.readString(err));
            return Files.readString(err);
        } finally {
            if (server != null) {
                stop(server);
            }
        }
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] payload(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Sends {@code data} on one thread and reads the echo on the caller's, {@code chunk} bytes at a time. */
    private static byte[] echo(Socket s, byte[] data, ExecutorService writers, int chunk, long pauseNanos,
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
            if (pauseNanos > 0) {
                Thread.sleep(0, (int) pauseNanos);
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
            assertArrayEquals(data, echo(s, data, writer, 16 * 1024, 999_999, deadline));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "slow reader took over 30 s");
        } finally {
            writer.shutdownNow();
        }
    }

    private static void resetPeerThenServeAnother(int port) throws Exception {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(payload(32 * 1024, 7));
            assertTrue(s.getInputStream().read(new byte[1024]) > 0, "no echo before the reset");
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
