package dev.sockit.it;

import dev.sockit.api.HostPort;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution's tcp-server under many connections and at its connection limit, as a separate process, on
 * each Linux native transport ({@code runtime.transport: epoll} and {@code io_uring}). Every connect and read has
 * a timeout: a broken limit fails the test instead of hanging the build.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TcpServerLoadIT {

    /** The longest a connect or a read of an echo may take. */
    private static final int IO_TIMEOUT_MS = 10_000;

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

    private Dist.Launched start(String name, String transport, int instances, int maxConnections)
            throws Exception {
        String yaml = "runtime:\n  shutdownTimeout: 5s\n  transport: " + transport
                + "\nprocesses:\n  echo:\n    kind: tcp-server\n"
                + "    instances: " + instances + "\n    config:\n      port: 0\n      maxConnections: "
                + maxConnections + "\n      options: { backlog: 4096 }\n";
        Dist.Launched run = dist.launch("run", "-c", Files.writeString(work.resolve(transport + "-" + name), yaml)
                .toString(),
                "--output", "json");
        started.add(run);
        return run;
    }

    private static int port(JsonObject started) {
        String a = started.getString("address");
        return HostPort.parse(a).port();
    }

    /** The start Result, checked to name the transport the config asked for. */
    private static JsonObject started(Dist.Launched run, String transport) throws Exception {
        JsonObject result = run.firstResult(30);
        assertEquals(transport, result.getJsonObject("data").getString("transport"), result.encode());
        return result;
    }

    /** A blocking channel whose connect and reads (through its socket's stream) time out. */
    private static SocketChannel connect(int port) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.socket().connect(new InetSocketAddress("127.0.0.1", port), IO_TIMEOUT_MS);
        ch.socket().setSoTimeout(IO_TIMEOUT_MS);
        return ch;
    }

    private static byte[] payload(int i, int size) {
        byte[] b = new byte[size];
        for (int k = 0; k < size; k++) {
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    /** Reads {@code n} bytes, or what came before EOF; fails when nothing comes for {@link #IO_TIMEOUT_MS}. */
    private static byte[] readFully(SocketChannel ch, int n) throws IOException {
        try {
            return ch.socket().getInputStream().readNBytes(n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no echo within " + IO_TIMEOUT_MS + " ms on " + ch.getLocalAddress(), e);
        }
    }

    /** Established server-side sockets on {@code port}, as the kernel reports them. */
    private static int established(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "sport = :" + port)
                .redirectErrorStream(true).start();
        long n = new String(ss.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).count();
        ss.waitFor();
        return (int) n;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"epoll", "io_uring"})
    void echoes_on_2000_concurrent_connections(String transport) throws Exception {
        Dist.Launched run = start("c2000.yaml", transport, 2, 5000);
        int port = port(started(run, transport));
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) {
                channels.add(connect(port));
            }
            for (int i = 0; i < channels.size(); i++) {
                channels.get(i).write(ByteBuffer.wrap(payload(i, 1024)));
            }
            for (int i = 0; i < channels.size(); i++) {
                assertArrayEquals(payload(i, 1024), readFully(channels.get(i), 1024), "connection " + i);
            }
            assertEquals(2000, established(port), "server-side established sockets while all are open");
        } finally {
            for (SocketChannel ch : channels) {
                ch.close();
            }
        }
        assertEquals(0, run.terminate(30), run.stderr());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"epoll", "io_uring"})
    void max_connections_rejects_the_excess_at_once_and_the_others_keep_echoing(String transport)
            throws Exception {
        Dist.Launched run = start("max.yaml", transport, 1, 10);
        int port = port(started(run, transport));
        List<SocketChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                SocketChannel ch = connect(port);
                open.add(ch);
                ch.write(ByteBuffer.wrap(payload(i, 16)));
                assertArrayEquals(payload(i, 16), readFully(ch, 16));
            }
            long t0 = System.nanoTime();
            try (SocketChannel extra = connect(port)) {
                int n;
                try {
                    n = extra.socket().getInputStream().read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the 11th connection is still open after " + IO_TIMEOUT_MS + " ms", e);
                } catch (IOException reset) {
                    n = -1;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(-1, n, "the 11th connection must be closed by the server");
                assertTrue(ms < 100, "rejected after " + ms + " ms (expected: within 100 ms)");
            }
            for (int i = 0; i < open.size(); i++) {
                open.get(i).write(ByteBuffer.wrap(payload(100 + i, 512)));
                assertArrayEquals(payload(100 + i, 512), readFully(open.get(i), 512), "connection " + i);
            }
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
        }
        assertEquals(0, run.terminate(30), run.stderr());
    }
}
