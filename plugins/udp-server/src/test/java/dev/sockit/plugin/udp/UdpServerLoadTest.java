package dev.sockit.plugin.udp;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.testing.LinuxTransports;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 datagrams of mixed sizes, up to the largest IPv4 carries, echoed over the loopback at the pace of a
 * window of outstanding datagrams, each checked byte for byte. Loss is counted; on the loopback none is expected.
 */
@ExtendWith(VertxExtension.class)
class UdpServerLoadTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int DATAGRAMS = 100_000;
    /** Datagrams outstanding at most. */
    private static final int WINDOW = 64;
    /** Asked of both sockets; the kernel may cap it at net.core.rmem_max, and the byte window follows. */
    private static final int RECEIVE_BUFFER = 4 << 20;
    /** The whole exchange stops here, whatever is left. */
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** A datagram not back within this is counted as lost. */
    private static final int LOSS_TIMEOUT_MS = 500;
    /**
     * The first echo may take longer: a Vert.x built for the test loads the classes of its first datagram read and
     * send then (on a loaded 2-core host, over 500 ms on epoll), which is start-up, not loss.
     */
    private static final int FIRST_ECHO_TIMEOUT_MS = 5000;
    private static final int HEADER = 8;

    private UdpTestClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void echoes_100k_datagrams_of_mixed_sizes_without_loss_on_the_loopback(Vertx vertx, VertxTestContext test) {
        echoAll(vertx, test);
    }

    /** The same on epoll and on io_uring, where the server reads several datagrams per call into one buffer. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {LinuxTransports.EPOLL, LinuxTransports.IO_URING})
    @org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
    void echoes_100k_datagrams_of_mixed_sizes_without_loss_on_each_native_transport(String transport)
            throws Throwable {
        Vertx nativeVertx = LinuxTransports.vertxOn(transport);
        try {
            VertxTestContext test = new VertxTestContext();
            echoAll(nativeVertx, test);
            assertTrue(test.awaitCompletion(50, TimeUnit.SECONDS), "the exchange did not finish in 50 s");
            if (test.failed()) {
                throw test.causeOfFailure();
            }
            assertEquals(transport, RecordingProcessContext.transportOf(nativeVertx));
            if (transport.equals(LinuxTransports.IO_URING)) {
                assertTrue(LinuxTransports.ioUringRings() > 0, "no io_uring instance is open in this JVM");
            }
        } finally {
            nativeVertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private void echoAll(Vertx vertx, VertxTestContext test) {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.SEND_BUFFER_SIZE, RECEIVE_BUFFER)
                .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, RECEIVE_BUFFER).build();
        UdpServerConfig config = UdpServerVerticleTest.builder(LOOPBACK).options(options).build();
        TestProcessContext<UdpServerConfig> ctx = new TestProcessContext<>(vertx, "load", config, 1);
        UdpServerProcess process = new UdpServerProcess(ctx);
        client = UdpTestClient.bound(LOOPBACK).option(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.executeBlocking(() -> run(UdpServerVerticleTest.portOf(process),
                        serverReceiveBuffer(process))))
                .onComplete(test.succeeding(run -> test.verify(() -> {
                    assertEquals(0, run.corrupt, "echoes that differ from what was sent");
                    assertEquals(DATAGRAMS, run.sent, "datagrams sent within the time budget");
                    assertEquals(0, run.lost, "datagrams lost of " + run.sent + " (" + run.bytes + " bytes echoed in "
                            + run.millis + " ms)");
                    assertEquals(DATAGRAMS, run.echoed);
                    JsonObject status = process.status();
                    assertEquals(DATAGRAMS, status.getLong("datagramsIn"));
                    assertEquals(DATAGRAMS, status.getLong("datagramsOut"));
                    assertEquals(run.bytes, status.getLong("bytesOut"));
                    assertEquals(0L, status.getLong("oversize"));
                    assertEquals(0L, status.getLong("dropped"));
                    assertEquals(0L, status.getLong("sendFailures"));
                    assertTrue(run.maxSize > 60_000, "the largest datagram sent was " + run.maxSize);
                    test.completeNow();
                })));
    }

    /** Sends and checks every datagram with at most {@link #WINDOW} datagrams and a byte window outstanding. */
    private Run run(int port, int serverReceiveBuffer) {
        // Keep what is outstanding well inside both receive buffers, whose accounting adds overhead per datagram.
        long byteWindow = Math.max(UdpServerConfig.MAX_DATAGRAM_SIZE_LIMIT,
                Math.min(client.receiveBufferSize(), serverReceiveBuffer) / 4);
        Random sizes = new Random(7);
        int[] sizeOf = new int[DATAGRAMS];
        BitSet done = new BitSet(DATAGRAMS);
        Run run = new Run();
        long start = System.nanoTime();
        int outstanding = 0;
        long outstandingBytes = 0;
        while (run.echoed + run.lost < DATAGRAMS && System.nanoTime() - start < BUDGET_NANOS) {
            while (run.sent < DATAGRAMS && outstanding < WINDOW
                    && (outstanding == 0 || outstandingBytes + UdpServerConfig.MAX_DATAGRAM_SIZE_LIMIT <= byteWindow)) {
                int seq = run.sent++;
                sizeOf[seq] = mixedSize(sizes, seq);
                run.maxSize = Math.max(run.maxSize, sizeOf[seq]);
                client.send(payload(seq, sizeOf[seq]), LOOPBACK, port);
                outstanding++;
                outstandingBytes += sizeOf[seq];
            }
            byte[] echo = client.receive(run.echoed == 0 ? FIRST_ECHO_TIMEOUT_MS : LOSS_TIMEOUT_MS);
            if (echo == null) {
                // Whatever is outstanding now did not come back in time: count it lost and go on.
                for (int seq = done.nextClearBit(0); seq < run.sent; seq = done.nextClearBit(seq + 1)) {
                    done.set(seq);
                    run.lost++;
                }
                outstanding = 0;
                outstandingBytes = 0;
                continue;
            }
            int seq = echo.length >= HEADER ? ByteBuffer.wrap(echo).getInt() : -1;
            if (seq < 0 || seq >= run.sent || done.get(seq)) {
                continue;
            }
            done.set(seq);
            outstanding--;
            outstandingBytes -= sizeOf[seq];
            if (echo.length != sizeOf[seq] || !Arrays.equals(payload(seq, sizeOf[seq]), echo)) {
                run.corrupt++;
            }
            run.echoed++;
            run.bytes += echo.length;
        }
        run.lost += run.sent - run.echoed - run.lost;
        run.millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return run;
    }

    /**
     * Sizes spread evenly over the orders of magnitude from 8 bytes to 65,507, so that small datagrams are
     * common and large ones are there; every 1000th is the largest.
     */
    private static int mixedSize(Random random, int seq) {
        if (seq % 1000 == 999) {
            return UdpServerConfig.MAX_DATAGRAM_SIZE_LIMIT;
        }
        double log = Math.log(HEADER) + random.nextDouble() * (Math.log(UdpServerConfig.MAX_DATAGRAM_SIZE_LIMIT)
                - Math.log(HEADER));
        return (int) Math.min(UdpServerConfig.MAX_DATAGRAM_SIZE_LIMIT, Math.round(Math.exp(log)));
    }

    /** The datagram number {@code seq}: the number, the size, then bytes that depend on both. */
    private static byte[] payload(int seq, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(seq).putInt(size);
        for (int i = HEADER; i < size; i++) {
            b.put((byte) (seq * 31 + i));
        }
        return b.array();
    }

    private static int serverReceiveBuffer(UdpServerProcess process) {
        return process.status().getJsonObject("effectiveOptions").getJsonObject("receiveBufferSize")
                .getInteger("effective");
    }

    /** What one run counted. */
    private static final class Run {
        int sent;
        int echoed;
        int lost;
        int corrupt;
        int maxSize;
        long bytes;
        long millis;
    }
}
