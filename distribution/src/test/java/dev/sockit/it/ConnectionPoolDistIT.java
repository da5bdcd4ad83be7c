package dev.sockit.it;

import dev.sockit.api.Result;
import dev.sockit.contracts.PoolContract;
import dev.sockit.runtime.SockitRuntime;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped {@code connection-pool} plugin, loaded from the distribution's plugins directory, in front of the
 * shipped {@code tcp-server} echo: the pool half of issue 11's proxy, from config alone.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConnectionPoolDistIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Test
    void the_shipped_pool_sends_framed_requests_to_the_shipped_echo_server_and_reports_its_stats()
            throws Exception {
        int port = freePort();
        String yaml = "runtime:\n  shutdownTimeout: 2s\n  audit: " + work.resolve("pool-audit.jsonl") + "\n"
                + "processes:\n"
                + "  backend:\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: " + port
                + ", handler: echo }\n"
                + "  pool:\n    kind: connection-pool\n    config:\n"
                + "      targets: [ \"127.0.0.1:" + port + "\" ]\n      maxSize: 8\n      acquireTimeout: 2s\n"
                + "      codec: { type: length-field, length: 4 }\n";
        Duration timeout = Duration.ofSeconds(15);
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "pool.yaml"),
                new SockitHome(dist.home()));
        try {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            Random random = new Random(11);
            List<Buffer> sent = new ArrayList<>();
            List<Future<Buffer>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] payload = new byte[1 + random.nextInt(4096)];
                random.nextBytes(payload);
                Buffer request = Buffer.buffer(payload);
                sent.add(request);
                replies.add(runtime.vertx().eventBus().<Buffer>request(PoolContract.send("pool"), request,
                        new DeliveryOptions().setSendTimeout(timeout.toMillis())).map(m -> m.body()));
            }
            Future.all(replies).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < sent.size(); i++) {
                assertEquals(sent.get(i), replies.get(i).result(), "reply " + i);
            }

            Result stats = runtime.request(PoolContract.STATS, "pool", new PoolContract.StatsRequest(), timeout)
                    .await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonObject data = stats.toJson().getJsonObject("data");
            assertEquals(200L, data.getLong(PoolContract.STAT_CREATED) >= 1 ? data.getLong("acquired") : -1L,
                    data.encode());
            assertTrue(data.getInteger(PoolContract.STAT_TOTAL) <= 8, data.encode());
            assertEquals(0, data.getInteger(PoolContract.STAT_PENDING), data.encode());
        } finally {
            runtime.stop();
        }
    }

    @Test
    void the_issue_s_proxy_from_config_alone_answers_50_clients_byte_exact_and_in_order() throws Exception {
        int backend = freePort();
        int front = freePort();
        String yaml = "runtime:\n  shutdownTimeout: 2s\n  audit: " + work.resolve("proxy-audit.jsonl") + "\n"
                + "processes:\n"
                + "  backend:\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: " + backend
                + ", handler: echo }\n"
                + "  pool:\n    kind: connection-pool\n    config:\n"
                + "      targets: [ \"127.0.0.1:" + backend + "\" ]\n      maxSize: 8\n      acquireTimeout: 2s\n"
                + "      codec: { type: length-field, length: 4 }\n"
                + "  frames:\n    kind: event-handler\n    config:\n"
                + "      codec: { type: length-field, length: 4, maxFrame: 1MiB }\n"
                + "      chain: [ { route: pool } ]\n      onError: close\n"
                + "  front:\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: " + front
                + ", handler: forward, forwardTo: frames }\n";
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "proxy.yaml"),
                new SockitHome(dist.home()));
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < 50; c++) {
                long seed = c;
                done.add(clients.submit(() -> exchange(front, seed, 20)));
            }
            for (java.util.concurrent.Future<Integer> d : done) {
                assertEquals(20, d.get(120, TimeUnit.SECONDS));
            }
            Result stats = runtime.request(PoolContract.STATS, "pool", new PoolContract.StatsRequest(),
                    Duration.ofSeconds(10)).await(10, TimeUnit.SECONDS);
            JsonObject data = stats.toJson().getJsonObject("data");
            assertEquals(1000L, data.getLong("acquired"), data.encode());
            assertTrue(data.getInteger(PoolContract.STAT_TOTAL) <= 8, data.encode());
        } finally {
            clients.shutdownNow();
            runtime.stop();
        }
    }

    /** {@code n} length-field frames on one connection, each answered before the next; the replies that matched. */
    private static int exchange(int port, long seed, int n) throws Exception {
        Random random = new Random(seed);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            int matched = 0;
            for (int i = 0; i < n; i++) {
                byte[] payload = new byte[1 + random.nextInt(2048)];
                random.nextBytes(payload);
                out.writeInt(payload.length);
                out.write(payload);
                out.flush();
                byte[] reply = new byte[in.readInt()];
                in.readFully(reply);
                if (Arrays.equals(payload, reply)) {
                    matched++;
                }
            }
            return matched;
        }
    }
}
