package dev.sockit.it;

import dev.sockit.api.HostPort;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The distribution's tcp-server against clients that misbehave or are cut off: one that writes without reading
 * (backpressure, bounded memory), clients that trickle bytes (readTimeout), and a SIGTERM in the middle of
 * traffic (graceful stop). The server runs as a separate process started with {@code bin/sockit}; only that
 * process is signalled.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TcpServerResilienceIT {

    private static final long MiB = 1024 * 1024;

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
                try {
                    l.terminate(15);
                } catch (IllegalStateException stuck) {
                    // terminate() has already sent SIGKILL to that process (and only it).
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Timeout(value = 75, unit = TimeUnit.SECONDS)
    void a_client_that_writes_256_MiB_without_reading_does_not_grow_the_server_and_gets_every_byte_back_in_order()
            throws Exception {
        long total = 256 * MiB;
        long rssBoundKiB = 512 * 1024;
        Path audit = work.resolve("backpressure-audit.jsonl");
        Dist.Launched run = start("backpressure.yaml", echoYaml("3s", "  audit: " + audit + "\n", 1),
                Map.of("SOCKIT_JAVA_OPTS", "-Xmx128m -XX:MaxDirectMemorySize=64m"));
        int port = port(run.firstResult(30));
        long pid = run.process().pid();
        long baselineKiB = rssKiB(pid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);

        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                OutputStream out = socket.getOutputStream();
                for (long pos = 0; pos < total; pos += chunk.length) {
                    fill(chunk, chunk.length, 1, pos);
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                socket.shutdownOutput();
            } catch (Throwable e) {
                writeFailure.set(e);
            }
        }, "backpressure-writer");

        AtomicLong received = new AtomicLong();
        AtomicReference<String> readOutcome = new AtomicReference<>("not finished");
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = socket.getInputStream();
                while (received.get() < total) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, total - received.get()));
                    if (n < 0) {
                        readOutcome.set("EOF after " + received.get() + " of " + total + " bytes");
                        return;
                    }
                    int bad = verify(buf, n, 1, received.get());
                    if (bad >= 0) {
                        readOutcome.set("byte " + (received.get() + bad) + " differs from what was sent");
                        return;
                    }
                    received.addAndGet(n);
                }
                int after = in.read(buf);
                readOutcome.set(after < 0 ? "ok" : after + " bytes beyond the " + total + " sent");
            } catch (Throwable e) {
                readOutcome.set("after " + received.get() + " bytes: " + e);
            }
        }, "backpressure-reader");

        List<Long> samples = new ArrayList<>();
        long maxKiB = baselineKiB;
        try {
            writer.start();
            // Backpressure: with nobody reading, the writes must stop making progress well before 256 MiB.
            long last = -1;
            long lastChange = System.nanoTime();
            long stallBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                long w = written.get();
                if (w != last) {
                    last = w;
                    lastChange = System.nanoTime();
                } else if (w > 0 && System.nanoTime() - lastChange > TimeUnit.MILLISECONDS.toNanos(1000)) {
                    break;
                }
                assertTrue(writer.isAlive(), "the writer ended without ever blocking, after " + w + " bytes; "
                        + "failure: " + writeFailure.get() + "; server: " + serverSide(audit, run));
                assertTrue(System.nanoTime() < stallBy, "the writes did not block within 20 s; written " + w);
                Thread.sleep(50);
            }
            long stalledAt = written.get();
            assertTrue(stalledAt < total, "all 256 MiB were accepted without the client reading; server: "
                    + serverSide(audit, run));
            for (int i = 0; i < 5; i++) {
                assertTrue(run.process().isAlive(), "the server died while the client was not reading: "
                        + run.stderr());
                long kib = rssKiB(pid);
                samples.add(kib);
                maxKiB = Math.max(maxKiB, kib);
                assertTrue(kib < rssBoundKiB, "server RSS " + kib / 1024 + " MiB while blocked (baseline "
                        + baselineKiB / 1024 + " MiB)");
                Thread.sleep(200);
            }
            assertTrue(written.get() - stalledAt < MiB, "the writer did not stay blocked while RSS was sampled: "
                    + stalledAt + " then " + written.get() + " bytes");

            // Now read: everything must come back, in order, while the writer goes on to the end.
            reader.start();
            while ((reader.isAlive() || writer.isAlive()) && System.nanoTime() < deadline) {
                assertTrue(run.process().isAlive(), "the server died during the transfer: " + run.stderr());
                long kib = rssKiB(pid);
                maxKiB = Math.max(maxKiB, kib);
                assertTrue(kib < rssBoundKiB, "server RSS " + kib / 1024 + " MiB during the transfer");
                reader.join(250);
            }
            assertTrue(!reader.isAlive() && !writer.isAlive(), "the transfer did not finish within 50 s: written "
                    + written.get() + ", received " + received.get());
            System.out.printf("backpressure: writes blocked after %d MiB; server RSS baseline %d MiB, blocked %s"
                    + " KiB, max %d MiB%n", stalledAt / MiB, baselineKiB / 1024, samples, maxKiB / 1024);
            assertEquals(null, writeFailure.get(), "the writer failed after " + written.get() + " bytes; server: "
                    + serverSide(audit, run));
            assertEquals(total, written.get());
            assertEquals("ok", readOutcome.get(), "received " + received.get() + " bytes; server: "
                    + serverSide(audit, run));
            assertEquals(total, received.get());
        } finally {
            socket.close();
            writer.join(5000);
            reader.join(5000);
        }
        assertTrue(run.process().isAlive(), "the server is gone after the transfer: " + run.stderr());
        assertEquals(0, run.terminate(15), run.stderr());
    }

    // ------------------------------------------------------------------------------------------------------------

    /** One trickling client; its fields are written by the scheduler and selector threads. */
    private static final class Drip {
        final int index;
        volatile SocketChannel channel;
        volatile long lastSent;
        volatile int sent;
        volatile int echoed;
        volatile long closedAt;
        volatile String how = "";

        Drip(int index) {
            this.index = index;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void two_hundred_drip_clients_are_closed_by_the_read_timeout_while_fifty_normal_clients_see_no_error()
            throws Exception {
        Path audit = work.resolve("drip-audit.jsonl");
        Dist.Launched run = start("drip.yaml", echoYaml("3s", "  audit: " + audit + "\n", 2,
                "      readTimeout: 1s\n"), Map.of());
        int port = port(run.firstResult(30));
        long runNanos = TimeUnit.SECONDS.toNanos(6);
        long t0 = System.nanoTime();
        long end = t0 + runNanos;

        // 200 drip clients: connected 10 ms apart (over 2 s), one byte at connect, then one byte every 2 s, all
        // by one scheduler thread; one selector thread reads them and notes when the server closes each.
        List<Drip> drips = new ArrayList<>();
        Queue<Drip> toRegister = new ConcurrentLinkedQueue<>();
        Selector selector = Selector.open();
        AtomicReference<Throwable> dripFailure = new AtomicReference<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drip-scheduler");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < 200; i++) {
            Drip d = new Drip(i);
            drips.add(d);
            scheduler.schedule(() -> {
                try {
                    SocketChannel ch = SocketChannel.open();
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    ch.connect(new InetSocketAddress("127.0.0.1", port));
                    ch.configureBlocking(false);
                    d.channel = ch;
                    drip(d);
                    toRegister.add(d);
                    selector.wakeup();
                    scheduler.scheduleAtFixedRate(() -> drip(d), 2000, 2000, TimeUnit.MILLISECONDS);
                } catch (Throwable e) {
                    dripFailure.compareAndSet(null, new AssertionError("drip client " + d.index, e));
                }
            }, i * 10L, TimeUnit.MILLISECONDS);
        }
        Thread dripReader = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(256);
            try {
                while (System.nanoTime() < end) {
                    for (Drip d; (d = toRegister.poll()) != null; ) {
                        d.channel.register(selector, SelectionKey.OP_READ, d);
                    }
                    selector.select(100);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        Drip d = (Drip) key.attachment();
                        buf.clear();
                        try {
                            int n = d.channel.read(buf);
                            if (n < 0) {
                                closed(d, "EOF", key);
                            } else {
                                d.echoed += n;
                            }
                        } catch (IOException e) {
                            closed(d, "reset (" + e.getMessage() + ")", key);
                        }
                    }
                }
            } catch (Throwable e) {
                dripFailure.compareAndSet(null, e);
            }
        }, "drip-reader");

        // 50 normal clients on 5 threads: 64 bytes every 100 ms each, every echo checked.
        int normals = 50;
        List<Socket> normal = new ArrayList<>();
        long[] rounds = new long[normals];
        List<String> normalErrors = new CopyOnWriteArrayList<>();
        List<Thread> normalThreads = new ArrayList<>();
        try {
            for (int i = 0; i < normals; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setTcpNoDelay(true);
                s.setSoTimeout(2000);
                normal.add(s);
            }
            dripReader.start();
            for (int t = 0; t < 5; t++) {
                int first = t * 10;
                Thread th = new Thread(() -> {
                    long next = System.nanoTime();
                    while (next < end && normalErrors.isEmpty()) {
                        for (int c = first; c < first + 10; c++) {
                            String error = roundTrip(normal.get(c), c, rounds[c]);
                            if (error != null) {
                                normalErrors.add("normal client " + c + " round " + rounds[c] + ": " + error);
                                return;
                            }
                            rounds[c]++;
                        }
                        next += TimeUnit.MILLISECONDS.toNanos(100);
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(sleep);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }, "normal-" + t);
                normalThreads.add(th);
                th.start();
            }
            for (Thread th : normalThreads) {
                th.join(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 5000);
            }
            dripReader.join(5000);
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));

            assertEquals(null, dripFailure.get(), "a drip client failed");
            assertTrue(normalErrors.isEmpty(), normalErrors.toString());
            // Still open at the end: one more echo on each (well within readTimeout of their last round).
            for (int c = 0; c < normals; c++) {
                String error = roundTrip(normal.get(c), c, rounds[c]);
                assertEquals(null, error, "normal client " + c + " after " + rounds[c] + " rounds");
                rounds[c]++;
            }
            for (int c = 0; c < normals; c++) {
                assertTrue(rounds[c] >= 30, "normal client " + c + " made only " + rounds[c] + " round trips");
            }

            List<String> wrong = new ArrayList<>();
            long maxDelay = 0;
            long minDelay = Long.MAX_VALUE;
            for (Drip d : drips) {
                if (d.channel == null || d.sent == 0) {
                    wrong.add("drip " + d.index + " never sent a byte");
                    continue;
                }
                if (d.closedAt == 0) {
                    wrong.add("drip " + d.index + " was not closed by the server (sent " + d.sent + ")");
                    continue;
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(d.closedAt - d.lastSent);
                maxDelay = Math.max(maxDelay, ms);
                minDelay = Math.min(minDelay, ms);
                if (ms < 950 || ms > 4000) {
                    wrong.add("drip " + d.index + " closed (" + d.how + ") " + ms + " ms after its last byte");
                }
            }
            System.out.printf("drip: closed %d..%d ms after the last byte; normal clients: %d..%d round trips%n",
                    minDelay, maxDelay, Arrays.stream(rounds).min().orElse(0),
                    Arrays.stream(rounds).max().orElse(0));
            assertTrue(wrong.isEmpty(), wrong.size() + " drip clients: " + wrong.subList(0, Math.min(10,
                    wrong.size())));
        } finally {
            scheduler.shutdownNow();
            for (Socket s : normal) {
                s.close();
            }
            for (Drip d : drips) {
                if (d.channel != null) {
                    d.channel.close();
                }
            }
            selector.close();
            for (Thread th : normalThreads) {
                th.join(5000);
            }
        }
        assertEquals(0, run.terminate(15), run.stderr());

        long timedOut = 0;
        for (String line : Files.readAllLines(audit, StandardCharsets.UTF_8)) {
            JsonObject j = new JsonObject(line);
            if ("close".equals(j.getString("op")) && j.getString("detail", "").startsWith("readTimeout ")) {
                timedOut++;
            }
        }
        assertEquals(200, timedOut, "close records with detail readTimeout in " + audit);
    }

    /** Sends one byte on a drip client that is still open, noting the time before the write. */
    private static void drip(Drip d) {
        if (d.closedAt != 0) {
            return;
        }
        long now = System.nanoTime();
        try {
            if (d.channel.write(ByteBuffer.wrap(new byte[] {(byte) d.sent})) == 1) {
                d.lastSent = now;
                d.sent++;
            }
        } catch (IOException e) {
            if (d.closedAt == 0) {
                d.how = "write failed (" + e.getMessage() + ")";
                d.closedAt = System.nanoTime();
            }
        }
    }

    private static void closed(Drip d, String how, SelectionKey key) throws IOException {
        if (d.closedAt == 0) {
            d.how = how;
            d.closedAt = System.nanoTime();
        }
        key.cancel();
        d.channel.close();
    }

    /** Sends 64 bytes and checks the echo; the error, or {@code null}. */
    private static String roundTrip(Socket s, int client, long round) {
        byte[] out = new byte[64];
        fill(out, 64, 1000 + client, round * 64);
        try {
            s.getOutputStream().write(out);
            byte[] in = s.getInputStream().readNBytes(64);
            if (in.length != 64) {
                return "EOF after " + in.length + " of 64 bytes";
            }
            int bad = verify(in, 64, 1000 + client, round * 64);
            return bad < 0 ? null : "echo byte " + bad + " differs";
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** One connection of the SIGTERM test; used by its selector thread only (and read after that thread ended). */
    private static final class Conn {
        final int index;
        final SocketChannel channel;
        final ByteBuffer out = ByteBuffer.allocate(1024).flip();
        SelectionKey key;
        long sent;
        long received;
        /** {@link #received} when the thread stopped sending. */
        long receivedAtStop;
        boolean finished;
        String problem;

        Conn(int index, SocketChannel channel) {
            this.index = index;
            this.channel = channel;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sigterm_during_traffic_on_200_connections_echoes_every_byte_sent_before_shutdown_and_exits_0()
            throws Exception {
        int connections = 200;
        int threads = 4;
        long window = 1024 * 1024;
        Dist.Launched run = start("sigterm.yaml", echoYaml("5s", "", 2), Map.of());
        int port = port(run.firstResult(30));

        List<Conn> conns = new ArrayList<>();
        List<Selector> selectors = new ArrayList<>();
        List<Thread> loops = new ArrayList<>();
        AtomicReference<Throwable> loopFailure = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(threads);
        AtomicInteger phase = new AtomicInteger(TRAFFIC);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        try {
            for (int t = 0; t < threads; t++) {
                selectors.add(Selector.open());
            }
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                Conn c = new Conn(i, ch);
                conns.add(c);
                c.key = ch.register(selectors.get(i % threads), SelectionKey.OP_READ | SelectionKey.OP_WRITE, c);
            }
            for (int t = 0; t < threads; t++) {
                Selector sel = selectors.get(t);
                List<Conn> mine = new ArrayList<>();
                for (int i = t; i < connections; i += threads) {
                    mine.add(conns.get(i));
                }
                Thread loop = new Thread(() -> clientLoop(sel, mine, phase, stopped, window, giveUp, loopFailure),
                        "sigterm-clients-" + t);
                loops.add(loop);
                loop.start();
            }

            // Traffic both ways, then a moment of writing without reading so that every connection has up to
            // its window in flight (in kernel buffers and the server) when the server is told to stop.
            Thread.sleep(2000);
            phase.set(FILL);
            Thread.sleep(1500);
            phase.set(STOPPED);
            selectors.forEach(Selector::wakeup);
            assertTrue(stopped.await(5, TimeUnit.SECONDS), "the client threads did not stop sending");
            // No thread writes after counting down: these are the final numbers of bytes sent.
            long[] sentAtStop = new long[connections];
            long totalSent = 0;
            long inFlight = 0;
            for (Conn c : conns) {
                sentAtStop[c.index] = c.sent;
                totalSent += c.sent;
                inFlight += c.sent - c.receivedAtStop;
            }
            long sigtermAt = System.nanoTime();
            run.process().destroy();
            AtomicLong exitedAt = new AtomicLong();
            run.process().onExit().thenRun(() -> exitedAt.compareAndSet(0, System.nanoTime()));

            for (Thread loop : loops) {
                loop.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime()) + 2000));
            }
            long limitMs = 5000 + 3000;
            boolean exited = run.process().waitFor(
                    Math.max(0, limitMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigtermAt)),
                    TimeUnit.MILLISECONDS);
            if (exited) {
                exitedAt.compareAndSet(0, System.nanoTime());
            }

            assertEquals(null, loopFailure.get(), "a client thread failed");
            List<String> wrong = new ArrayList<>();
            long totalReceived = 0;
            for (Conn c : conns) {
                totalReceived += c.received;
                if (c.problem != null || c.received != sentAtStop[c.index] || c.sent != sentAtStop[c.index]) {
                    wrong.add("connection " + c.index + ": sent " + sentAtStop[c.index] + ", received "
                            + c.received + " (" + c.receivedAtStop + " at the stop)"
                            + (c.problem == null ? "" : ", " + c.problem));
                }
            }
            System.out.printf("sigterm: %d connections sent %d bytes before SIGTERM, %d of them not echoed yet at"
                    + " the stop; %d came back; server exited %s ms after SIGTERM%n", connections, totalSent, inFlight,
                    totalReceived,
                    exitedAt.get() == 0 ? "not yet" : TimeUnit.NANOSECONDS.toMillis(exitedAt.get() - sigtermAt));
            assertTrue(inFlight > connections * 64 * 1024L, "too little in flight at the stop for the test to mean"
                    + " anything: " + inFlight + " bytes");
            assertTrue(wrong.isEmpty(), wrong.size() + " of " + connections
                    + " connections did not get back exactly what they sent: "
                    + wrong.subList(0, Math.min(10, wrong.size())));
            assertTrue(exited, "the server did not exit within shutdownTimeout + 3 s of SIGTERM");
            assertEquals(0, run.process().exitValue(), run.stderr());
        } finally {
            phase.set(STOPPED);
            for (Conn c : conns) {
                c.channel.close();
            }
            for (Selector s : selectors) {
                s.close();
            }
            for (Thread loop : loops) {
                loop.join(5000);
            }
        }
    }

    /** The phases of the SIGTERM test's clients: write and read; write only; read only (after the stop). */
    private static final int TRAFFIC = 0;
    private static final int FILL = 1;
    private static final int STOPPED = 2;

    /**
     * Drives the connections {@code mine} on {@code sel} until each has got back all it sent after the stop, or
     * {@code giveUp}. Writes 1 KiB chunks while fewer than {@code window} bytes are unanswered, unless stopped;
     * reads unless filling. On first seeing {@link #STOPPED} it writes no more and counts {@code stopped} down.
     */
    private static void clientLoop(Selector sel, List<Conn> mine, AtomicInteger phase,
                                   CountDownLatch stopped, long window, long giveUp,
                                   AtomicReference<Throwable> failure) {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        boolean acked = false;
        try {
            while (System.nanoTime() < giveUp) {
                int ph = phase.get();
                if (ph == STOPPED && !acked) {
                    for (Conn c : mine) {
                        c.receivedAtStop = c.received;
                    }
                    acked = true;
                    stopped.countDown();
                }
                boolean all = true;
                for (Conn c : mine) {
                    if (c.finished) {
                        continue;
                    }
                    if (acked && c.received == c.sent) {
                        c.finished = true;
                        c.key.cancel();
                        c.channel.close();
                        continue;
                    }
                    all = false;
                    int ops = (ph != FILL ? SelectionKey.OP_READ : 0)
                            | (!acked && c.sent - c.received < window ? SelectionKey.OP_WRITE : 0);
                    if (c.key.interestOps() != ops) {
                        c.key.interestOps(ops);
                    }
                }
                if (acked && all) {
                    return;
                }
                sel.select(50);
                Iterator<SelectionKey> keys = sel.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn c = (Conn) key.attachment();
                    if (!c.finished && ph != FILL && key.isValid() && key.isReadable()) {
                        readEcho(c, in, key);
                    }
                    if (!acked && !c.finished && key.isValid() && key.isWritable()) {
                        writeChunk(c, key, window);
                    }
                }
            }
            for (Conn c : mine) {
                if (!c.finished) {
                    c.finished = true;
                    c.problem = "gave up waiting after 40 s";
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Reads what the server echoed on {@code c} and checks it against what was sent. */
    private static void readEcho(Conn c, ByteBuffer in, SelectionKey key) throws IOException {
        in.clear();
        int n;
        try {
            n = c.channel.read(in);
        } catch (IOException e) {
            finish(c, key, "read failed after " + c.received + " bytes: " + e);
            return;
        }
        if (n < 0) {
            finish(c, key, c.received == c.sent ? null : "EOF from the server after " + c.received + " bytes");
            return;
        }
        if (c.received + n > c.sent) {
            finish(c, key, (c.received + n - c.sent) + " bytes more than were sent");
            return;
        }
        int bad = verify(in.array(), n, 2000 + c.index, c.received);
        if (bad >= 0) {
            finish(c, key, "byte " + (c.received + bad) + " differs from what was sent");
            return;
        }
        c.received += n;
    }

    /** Writes the rest of the current 1 KiB chunk of {@code c}, or the next one, while under the window. */
    private static void writeChunk(Conn c, SelectionKey key, long window) throws IOException {
        if (c.sent - c.received >= window) {
            return;
        }
        if (!c.out.hasRemaining()) {
            c.out.clear();
            fill(c.out.array(), 1024, 2000 + c.index, c.sent);
            c.out.limit(1024);
        }
        try {
            c.sent += c.channel.write(c.out);
        } catch (IOException e) {
            finish(c, key, "write failed after " + c.sent + " bytes: " + e);
        }
    }

    private static void finish(Conn c, SelectionKey key, String problem) throws IOException {
        c.finished = true;
        c.problem = problem;
        key.cancel();
        c.channel.close();
    }

    // ------------------------------------------------------------------------------------------------------------

    private Dist.Launched start(String name, String yaml, Map<String, String> env) throws IOException {
        Dist.Launched run = dist.launch(env, "run", "-c", Files.writeString(work.resolve(name), yaml).toString(),
                "--output", "json");
        started.add(run);
        return run;
    }

    private static String echoYaml(String shutdownTimeout, String extraRuntime, int instances) {
        return echoYaml(shutdownTimeout, extraRuntime, instances, "");
    }

    private static String echoYaml(String shutdownTimeout, String extraRuntime, int instances, String extraConfig) {
        return "runtime:\n  shutdownTimeout: " + shutdownTimeout + "\n" + extraRuntime
                + "processes:\n  echo:\n    kind: tcp-server\n    instances: " + instances + "\n    config:\n"
                + "      host: 127.0.0.1\n      port: 0\n      handler: echo\n      maxConnections: 1000\n"
                + extraConfig + "      options: { tcpNoDelay: true, backlog: 1024 }\n";
    }

    private static int port(JsonObject started) {
        assertEquals("success", started.getString("status"), started.encodePrettily());
        String a = started.getString("address");
        return HostPort.parse(a).port();
    }

    /**
     * What the server said about its connections, for failure messages: the distinct {@code error} and
     * {@code close} details of its audit log (at most 10) and the last lines of its stderr.
     */
    private static String serverSide(Path audit, Dist.Launched run) {
        StringBuilder b = new StringBuilder();
        try {
            if (Files.exists(audit)) {
                Files.readAllLines(audit, StandardCharsets.UTF_8).stream().map(JsonObject::new)
                        .filter(j -> j.getLong("connection", 0L) > 0)
                        .filter(j -> "error".equals(j.getString("op")) || "close".equals(j.getString("op")))
                        .map(j -> j.getString("op") + " " + j.getString("detail", "")).distinct().limit(10)
                        .forEach(d -> b.append("[").append(d).append("] "));
            }
            List<String> err = run.stderr().lines().toList();
            b.append("stderr tail: ").append(err.subList(Math.max(0, err.size() - 5), err.size()));
        } catch (IOException | RuntimeException e) {
            b.append("(cannot read: ").append(e).append(")");
        }
        return b.toString();
    }

    /** The resident set of process {@code pid} in KiB, from {@code /proc/<pid>/status}. */
    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    /** 8 pseudo-random bytes for group {@code g} of stream {@code stream} (a SplitMix64-style finaliser). */
    private static long mix(long stream, long g) {
        long z = g * 0x9E3779B97F4A7C15L + stream * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fills {@code b[0..len)} with bytes {@code pos..pos+len} of stream {@code stream}. */
    private static void fill(byte[] b, int len, long stream, long pos) {
        long m = 0;
        for (int k = 0; k < len; k++) {
            long p = pos + k;
            if (k == 0 || (p & 7) == 0) {
                m = mix(stream, p >>> 3);
            }
            b[k] = (byte) (m >>> ((p & 7) << 3));
        }
    }

    /** The index of the first of {@code b[0..len)} that is not byte {@code pos + index} of the stream, or -1. */
    private static int verify(byte[] b, int len, long stream, long pos) {
        long m = 0;
        for (int k = 0; k < len; k++) {
            long p = pos + k;
            if (k == 0 || (p & 7) == 0) {
                m = mix(stream, p >>> 3);
            }
            if (b[k] != (byte) (m >>> ((p & 7) << 3))) {
                return k;
            }
        }
        return -1;
    }
}
