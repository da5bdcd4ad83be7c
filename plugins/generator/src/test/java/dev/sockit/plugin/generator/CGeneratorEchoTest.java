package dev.sockit.plugin.generator;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generates the C tcp-server (payload echo) for every I/O model the emitter writes, builds it with gcc and
 * AddressSanitizer + UndefinedBehaviorSanitizer (the build this test runs; the plain gcc and clang builds are checked
 * by {@link CGeneratorCompileTest}) and drives it with real sockets: 50 clients of 64 KiB each, 4 MiB through a slow
 * reader, a peer that resets mid-stream followed by a new connection; byte-exact, no sanitizer report. The
 * {@code blocking} model is iterative (one connection at a time), so its 50 clients run one after another.
 */
class CGeneratorEchoTest {

    private static final long DEADLINE_MS = 90_000;

    static Stream<String> models() {
        return new CGenerator().covered().get("tcp-server").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void generated_server_echoes_byte_exact_under_sanitizers(String io, @TempDir Path tmp) throws Exception {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .build();
        GenerateRequest request = new GenerateRequest("tcp-server", "c", io, "posix", null, 7007, 128, options,
                "echo");
        Path program = CBuild.build(request, tmp.resolve("asan"), "gcc", CBuild.STRICT + " -O1 -g "
                + CBuild.SANITIZE, CBuild.SANITIZE);
        try (CServer server = CServer.start(program, tmp.resolve("server.err"))) {
            server.assumeRunning();
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            fiftyEchoes(server, "blocking".equals(io) ? 1 : 50, deadline);
            slowReaderOf4MiB(server, deadline);
            resetPeerThenServeAnother(server);
            server.assertHealthy();
        }
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

    /** 50 clients of 64 KiB each, {@code parallel} at a time. */
    private static void fiftyEchoes(CServer server, int parallel, long deadline) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long seed = i;
                done.add(clients.submit(() -> {
                    byte[] data = payload(64 * 1024, seed);
                    try (Socket s = server.connect()) {
                        assertArrayEquals(data, echo(s, data, pool, 65536, 0, deadline));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            pool.shutdownNow();
        }
    }

    private static void slowReaderOf4MiB(CServer server, long deadline) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket s = server.connect()) {
            byte[] data = payload(4 * 1024 * 1024, 42);
            long start = System.nanoTime();
            byte[] got = echo(s, data, writer, 16 * 1024, 999_999, deadline);
            assertArrayEquals(data, got);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "slow reader took over 30 s");
        } finally {
            writer.shutdownNow();
        }
    }

    private static void resetPeerThenServeAnother(CServer server) throws Exception {
        try (Socket s = server.connect()) {
            s.getOutputStream().write(payload(32 * 1024, 7));
            byte[] some = new byte[1024];
            assertTrue(s.getInputStream().read(some) > 0, "no echo before the reset");
            s.setSoLinger(true, 0);
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket s = server.connect()) {
            byte[] data = payload(1024, 8);
            assertArrayEquals(data, echo(s, data, writer, 1024, 0, System.currentTimeMillis() + 10_000));
        } finally {
            writer.shutdownNow();
        }
    }
}
