package dev.sockit.it;

import dev.sockit.contracts.PoolContract;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's proxy from config alone, as a user runs it: the README's YAML ({@code front} tcp-server forward →
 * {@code frames} event-handler, length-field, route → {@code pool} connection-pool → {@code backend} tcp-server
 * echo) in the unpacked distribution, started with {@code bin/sockit run}, talked to over loopback by many
 * clients, by {@code socat}, by hostile clients under a small heap, and with its backend stopped and started
 * again. Every connect and read has a timeout and every loop a bound in count and time.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProxyChainIT {

    /** The heap the proxy runs in for the hostile cases: an unbounded queue anywhere would exhaust it. */
    private static final String SMALL_HEAP = "-Xmx64m";

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    private final List<Dist.Launched> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsStillRunning() throws InterruptedException {
        for (Dist.Launched l : started) {
            if (l.process().isAlive()) {
                l.terminate(30);
            }
        }
    }

    private ProxyChain.Running launch(String name, String yaml, Map<String, String> env, int... placeholders)
            throws Exception {
        ProxyChain.Running r = ProxyChain.launch(dist, work, name, yaml, env, placeholders);
        started.add(r.run());
        return r;
    }

    private static String shortRuntime(String yaml) {
        return "runtime:\n  shutdownTimeout: 1s\n" + yaml;
    }

    /** The pool's stats never show more connections than its maxSize of 8. */
    private static void assertPoolWithinMaxSize(ProxyChain.Running chain) throws Exception {
        JsonObject pool = chain.status("pool");
        JsonObject stats = pool.getJsonObject("stats");
        assertTrue(stats.getInteger(PoolContract.STAT_TOTAL) <= 8, pool.encode());
        assertTrue(stats.getInteger(PoolContract.STAT_ACTIVE) + stats.getInteger(PoolContract.STAT_IDLE) <= 8,
                pool.encode());
    }

    /**
     * Runs {@code clients} concurrent clients of 100 frames each against the chain's front (seeds from
     * {@code seedBase}), every answer checked byte for byte, within 120 s; then checks the pool stayed within its
     * maxSize and returns its status once it counts every send (the file is rewritten every second: at most 5 s).
     */
    private JsonObject driveClients(ProxyChain.Running chain, int clients, long seedBase) throws Exception {
        int front = chain.port(7101);
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(clients);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long seed = seedBase + c;
                done.add(threads.submit(() -> {
                    ProxyChain.exchange(front, seed, 100, go);
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (Future<?> f : done) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError(e.getCause().getMessage() + "; audit errors: " + auditErrors(), e);
                }
            }
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS), "client threads did not end");
        }
        assertPoolWithinMaxSize(chain);
        long sends = clients * 100L;
        JsonObject pool = chain.status("pool");
        for (int i = 0; i < 50 && pool.getLong("sent") < sends; i++) {
            Thread.sleep(100);
            pool = chain.status("pool");
        }
        return pool;
    }

    @Test
    void the_readme_proxy_carries_500_concurrent_clients_of_100_frames_each_byte_exact_and_in_order()
            throws Exception {
        ProxyChain.Running chain = launch("readme", shortRuntime(ProxyChain.readmeYaml()), Map.of(), 7100, 7101);
        JsonObject pool = driveClients(chain, 500, 0);
        assertTrue(pool.getLong("sent") >= 50_000L, pool.encode());
        assertTrue(chain.run().process().isAlive(), chain.run().stderr());
    }

    @Test
    void with_pipelining_the_readme_proxy_carries_200_clients_of_100_frames_byte_exact_on_shared_leases()
            throws Exception {
        String yaml = ProxyChain.readmeYaml().replace("      maxSize: 8\n", "      maxSize: 8\n      pipelining: 16\n");
        assertTrue(yaml.contains("pipelining: 16"), "the README's pool block changed: " + yaml);
        ProxyChain.Running chain = launch("pipelined", shortRuntime(yaml), Map.of(), 7100, 7101);
        JsonObject pool = driveClients(chain, 200, 1_000);
        assertEquals(20_000L, pool.getLong("sent"), pool.encode());
        JsonObject stats = pool.getJsonObject("stats");
        assertTrue(stats.getLong("acquired") < 20_000L, "sends shared their leases: " + stats.encode());
        assertTrue(chain.run().process().isAlive(), chain.run().stderr());
    }

    @Test
    void the_line_variant_of_the_chain_answers_socat_line_by_line() throws Exception {
        String yaml = ProxyChain.readmeYaml().replace("codec: { type: length-field, length: 4, maxFrame: 1MiB }",
                "codec: { type: line, maxLength: 1024 }");
        assertTrue(yaml.contains("type: line"), "the README's frames codec line changed: " + yaml);
        ProxyChain.Running chain = launch("lines", shortRuntime(yaml), Map.of(), 7100, 7101);
        int front = chain.port(7101);
        List<Process> socats = new ArrayList<>();
        try {
            for (int c = 0; c < 4; c++) {
                socats.add(new ProcessBuilder("socat", "-", "TCP:127.0.0.1:" + front)
                        .redirectError(work.resolve("socat-" + c + ".err").toFile()).start());
            }
            for (int c = 0; c < socats.size(); c++) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 1000; i++) {
                    lines.append("socat ").append(c).append(" line ").append(i).append(" \u00e9\u4e16\n");
                }
                byte[] expected = lines.toString().getBytes(StandardCharsets.UTF_8);
                Process socat = socats.get(c);
                OutputStream in = socat.getOutputStream();
                in.write(expected);
                in.flush();
                byte[] got = readWithin(socat.getInputStream(), expected.length, 30);
                assertArrayEquals(expected, got, "socat " + c + ": " + new String(got, StandardCharsets.UTF_8));
                in.close();
                assertTrue(socat.waitFor(10, TimeUnit.SECONDS), "socat did not end after its stdin closed");
            }
        } finally {
            for (Process p : socats) {
                p.destroyForcibly();
            }
        }
        assertPoolWithinMaxSize(chain);
    }

    /** The last error lines of the audit journal, for a failure message. */
    private static String auditErrors() throws java.io.IOException {
        Path audit = dist.home().resolve("logs").resolve("socket-audit.jsonl");
        List<String> errors = Files.readAllLines(audit).stream().filter(l -> l.contains("\"op\":\"error\"")).toList();
        return errors.size() + " " + errors.subList(Math.max(0, errors.size() - 5), errors.size());
    }

    /** Reads exactly {@code n} bytes, or what came within {@code seconds} (the stream is read by a thread). */
    private static byte[] readWithin(InputStream in, int n, int seconds) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            return reader.submit(() -> in.readNBytes(n)).get(seconds, TimeUnit.SECONDS);
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void hostile_clients_close_or_stall_only_their_own_connection_under_a_small_heap() throws Exception {
        String yaml = shortRuntime(ProxyChain.readmeYaml()) + """
                  silent:
                    kind: tcp-server
                    config: { host: 127.0.0.1, port: 7102, handler: discard }
                  silent-pool:
                    kind: connection-pool
                    config: { targets: [ "127.0.0.1:7102" ], maxSize: 2, requestTimeout: 1s,
                              codec: { type: length-field, length: 4 } }
                  stuck:
                    kind: event-handler
                    config:
                      codec: { type: length-field, length: 4, maxFrame: 1MiB }
                      chain: [ { route: silent-pool } ]
                      onError: close
                  stuck-front:
                    kind: tcp-server
                    config: { host: 127.0.0.1, port: 7103, handler: forward, forwardTo: stuck }
                """;
        ProxyChain.Running chain = launch("hostile", yaml, Map.of("SOCKIT_JAVA_OPTS", SMALL_HEAP),
                7100, 7101, 7102, 7103);
        int front = chain.port(7101);
        ExecutorService good = Executors.newFixedThreadPool(20);
        List<Future<?>> goodDone = new ArrayList<>();
        try {
            for (int c = 0; c < 20; c++) {
                long seed = 1000 + c;
                goodDone.add(good.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        ProxyChain.exchange(front, seed * 100 + round, 100, null);
                    }
                    return null;
                }));
            }

            // an oversize frame: a length of 2 MiB against maxFrame 1 MiB
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", front), ProxyChain.IO_TIMEOUT_MS);
                s.getOutputStream().write(ByteBuffer.allocate(4 + 1024).putInt(2 * 1024 * 1024).array());
                long closedAfter = ProxyChain.millisUntilClosed(s, 10_000);
                assertTrue(closedAfter >= 0, "an oversize frame did not close its connection within 10 s");
            }
            // a garbage length field: 0xFFFFFFFF (negative as a signed int, 4 GiB as an unsigned one)
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", front), ProxyChain.IO_TIMEOUT_MS);
                s.getOutputStream().write(new byte[]{-1, -1, -1, -1, 'x', 'y', 'z'});
                long closedAfter = ProxyChain.millisUntilClosed(s, 10_000);
                assertTrue(closedAfter >= 0, "a garbage length field did not close its connection within 10 s");
            }
            // a consumer that never replies: the route waits for a backend that discards; requestTimeout 1s
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", chain.port(7103)), ProxyChain.IO_TIMEOUT_MS);
                s.getOutputStream().write(ProxyChain.frame("anyone there?".getBytes(StandardCharsets.UTF_8)));
                long closedAfter = ProxyChain.millisUntilClosed(s, 15_000);
                assertTrue(closedAfter >= 0, "a frame no one answers did not close its connection within 15 s");
            }
            // a client that writes and never reads: the server must stop reading it, not buffer its replies
            long accepted = neverReadingClient(front, 256L * 1024 * 1024, 20);
            assertTrue(accepted < 48L * 1024 * 1024, "the server took " + accepted + " bytes from a client that"
                    + " never reads its replies (expected: reading stops once its replies back up)");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (Future<?> f : goodDone) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError(e.getCause() + "; pool: " + chain.status("pool").getJsonObject("stats")
                            + "; audit errors: " + auditErrors(), e);
                }
            }
        } finally {
            good.shutdownNow();
            assertTrue(good.awaitTermination(30, TimeUnit.SECONDS), "client threads did not end");
        }
        // the runtime is up and serves a new client after all of it
        ProxyChain.exchange(front, 4242, 100, null);
        assertTrue(chain.run().process().isAlive(), chain.run().stderr());
        String log = Files.exists(dist.log()) ? Files.readString(dist.log()) : "";
        assertFalse((chain.run().stderr() + log).contains("OutOfMemoryError"), chain.run().stderr());
        assertPoolWithinMaxSize(chain);
        String audit = Files.readString(dist.home().resolve("logs").resolve("socket-audit.jsonl"));
        assertTrue(audit.contains("\"op\":\"error\""), "no error line in the audit journal");
        long heapKiB = committedHeapKiB(chain.pid());
        assertTrue(heapKiB > 0 && heapKiB <= 64 * 1024, "the proxy's heap is " + heapKiB + " KiB (expected: at most "
                + SMALL_HEAP + ", from SOCKIT_JAVA_OPTS)");
    }

    /** The heap the JVM {@code pid} has committed, from {@code jcmd PID GC.heap_info} (its first "total N K"). */
    private static long committedHeapKiB(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                .start();
        String out = new String(readWithin(p.getInputStream(), 1 << 16, 30), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jcmd did not end");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (\\d+)K").matcher(out);
        assertTrue(m.find(), "no heap total in jcmd's answer: " + out);
        return Long.parseLong(m.group(1));
    }

    /**
     * Writes 4 KiB frames to the proxy without ever reading, until {@code limit} bytes were taken or nothing was
     * taken for 3 s or {@code seconds} passed; returns the bytes the server took.
     */
    private static long neverReadingClient(int port, long limit, int seconds) throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ch.configureBlocking(false);
            byte[] payload = new byte[4096];
            java.util.Arrays.fill(payload, (byte) 'n');
            ByteBuffer frame = ByteBuffer.wrap(ProxyChain.frame(payload));
            long taken = 0;
            long start = System.nanoTime();
            long lastProgress = start;
            while (taken < limit && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)
                    && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(3)) {
                if (!frame.hasRemaining()) {
                    frame.rewind();
                }
                int n = ch.write(frame);
                if (n > 0) {
                    taken += n;
                    lastProgress = System.nanoTime();
                } else {
                    Thread.sleep(5);
                }
            }
            return taken;
        }
    }

    @Test
    void with_the_backend_stopped_requests_fail_within_acquire_timeout_and_success_resumes_when_it_is_back()
            throws Exception {
        String backendYaml = shortRuntime("processes:\n  backend:\n    kind: tcp-server\n"
                + "    config: { host: 127.0.0.1, port: 7100, handler: echo }\n");
        ProxyChain.Running backend = launch("backend-1", backendYaml, Map.of(), 7100);
        int backendPort = backend.port(7100);
        String readme = ProxyChain.readmeYaml();
        int from = readme.indexOf("  backend:");
        int to = readme.indexOf("  pool:");
        String frontYaml = shortRuntime(readme.substring(0, from) + readme.substring(to))
                .replace("7100", Integer.toString(backendPort));
        ProxyChain.Running chain = launch("no-backend", frontYaml, Map.of(), 7101);
        int front = chain.port(7101);
        ProxyChain.exchange(front, 1, 100, null);

        // a client mid-conversation when the backend stops: its next request fails, its connection closes
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", front), ProxyChain.IO_TIMEOUT_MS);
            s.setSoTimeout(ProxyChain.IO_TIMEOUT_MS);
            byte[] hello = ProxyChain.frame("before".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(hello);
            assertArrayEquals(hello, s.getInputStream().readNBytes(hello.length));

            backend.run().terminate(30);

            long sentAt = System.nanoTime();
            s.getOutputStream().write(ProxyChain.frame("during".getBytes(StandardCharsets.UTF_8)));
            long closedAfter = ProxyChain.millisUntilClosed(s, 10_000);
            assertTrue(closedAfter >= 0 && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt) <= 2_000 + 1_500,
                    "with the backend gone, the in-flight request's connection closed after " + closedAfter
                            + " ms (expected: within acquireTimeout 2s, plus a margin)");
        }
        // a new client while the backend is down: closed within acquireTimeout too
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", front), ProxyChain.IO_TIMEOUT_MS);
            long sentAt = System.nanoTime();
            s.getOutputStream().write(ProxyChain.frame("new".getBytes(StandardCharsets.UTF_8)));
            long closedAfter = ProxyChain.millisUntilClosed(s, 10_000);
            assertTrue(closedAfter >= 0 && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt) <= 3_500,
                    "a new request with the backend down closed its connection after " + closedAfter + " ms");
        }
        String audit = Files.readString(dist.home().resolve("logs").resolve("socket-audit.jsonl"));
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"op\":\"error\"") && l.contains("\"process\":\"front\"")
                        && l.contains("pool 'pool'") && l.contains("127.0.0.1:" + backendPort)),
                "no error line of the front connection naming the pool and its backend: " + auditErrors());
        assertPoolWithinMaxSize(chain);

        // the backend is back on the same port: the same pool carries frames again, sockit not restarted
        String back = backendYaml.replace("7100", Integer.toString(backendPort));
        Dist.Launched backAgain = dist.launch(Map.of(), "run", "-c",
                Files.writeString(work.resolve("backend-2.yaml"), back).toString(), "--output", "json");
        started.add(backAgain);
        assertEquals("success", backAgain.firstResult(60).getString("status"), backAgain.stderr());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        AssertionError last = null;
        boolean resumed = false;
        for (int attempt = 0; attempt < 100 && System.nanoTime() < deadline && !resumed; attempt++) {
            try {
                ProxyChain.exchange(front, 77, 20, null);
                resumed = true;
            } catch (AssertionError | java.io.IOException e) {
                last = e instanceof AssertionError a ? a : new AssertionError(e);
                Thread.sleep(200);
            }
        }
        assertTrue(resumed, "no success within 20 s of the backend's return: " + last);
        assertTrue(chain.run().process().isAlive(), chain.run().stderr());
        assertPoolWithinMaxSize(chain);
    }
}
