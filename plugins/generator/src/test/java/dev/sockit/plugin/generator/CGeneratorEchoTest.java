package dev.sockit.plugin.generator;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generates the C tcp-server, builds it with gcc (plain and with ASan/UBSan) and drives it with real sockets:
 * concurrent connections, a slow reader of a large payload, a peer that resets mid-stream.
 */
class CGeneratorEchoTest {

    private static final String SANITIZE = "-fsanitize=address,undefined";
    private static final long DEADLINE_MS = 60_000;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "poll"})
    void generated_server_builds_without_warnings_and_echoes_byte_exact(String io, @TempDir Path tmp)
            throws Exception {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .build();
        GenerateRequest request = new GenerateRequest("tcp-server", "c", io, "posix", null, 7007, 128, options,
                null);
        Path plain = tmp.resolve("plain");
        Path sanitized = tmp.resolve("sanitized");
        CGenerator generator = new CGenerator();
        generator.generate(request, plain);
        generator.generate(request, sanitized);
        make(plain);
        make(sanitized, "CFLAGS=-std=c11 -Wall -Wextra -Werror -pedantic -O1 -g " + SANITIZE, "LDFLAGS=" + SANITIZE);

        drive(plain.resolve("tcp-server"), tmp.resolve("plain.err"));
        Path err = tmp.resolve("sanitized.err");
        drive(sanitized.resolve("tcp-server"), err);
        String stderr = Files.readString(err);
        assertFalse(stderr.contains("ERROR: AddressSanitizer"), stderr);
        assertFalse(stderr.contains("runtime error"), stderr);
    }

    private static void make(Path dir, String... vars) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", dir.toString()));
        cmd.addAll(Arrays.asList(vars));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("make is needed to build the generated C code: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make timed out");
        if (out.contains("not found") && out.contains("cc")) {
            fail("gcc (cc) is needed to build the generated C code: " + out);
        }
        assertEquals(0, p.exitValue(), "make " + cmd + " failed:\n" + out);
        assertTrue(Files.isExecutable(dir.resolve("tcp-server")), "no tcp-server after make:\n" + out);
    }

    private static void drive(Path binary, Path err) throws Exception {
        Process server = null;
        try {
            int port = -1;
            for (int attempt = 0; attempt < 2 && port < 0; attempt++) {
                int candidate = freePort();
                server = new ProcessBuilder(binary.toString(), "127.0.0.1", Integer.toString(candidate))
                        .redirectErrorStream(false)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(err.toFile()).start();
                if (awaitListening(server, err)) {
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

    private static boolean awaitListening(Process server, Path err) throws Exception {
        for (int i = 0; i < 100; i++) {
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
    private static byte[] echo(Socket s, byte[] data, ExecutorService writers, int chunk, long pauseEveryNanos,
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
