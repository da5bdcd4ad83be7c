package dev.sockit.plugin.pool;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sockit.api.ConfigException;
import dev.sockit.api.AuditOp;
import dev.sockit.api.Result;
import dev.sockit.api.testing.RecordingProcessContext;
import dev.sockit.contracts.AnalyzerContract;
import dev.sockit.contracts.PoolContract;
import dev.sockit.net.codec.BuiltInCodecs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool as a process, on real loopback sockets (port 0) to real Vert.x backends in the test. */
class ConnectionPoolProcessTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final long WAIT_S = 20;

    private Vertx vertx;
    private PoolContext ctx;
    private final List<NetServer> servers = new ArrayList<>();

    /** The test kit's context, with the built-in codecs and a logger that keeps what it is told. */
    private static final class PoolContext extends RecordingProcessContext<ConnectionPoolConfig> {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<Throwable> thrown = new CopyOnWriteArrayList<>();

        PoolContext(Vertx vertx, String id, ConnectionPoolConfig config) {
            super(vertx, id, PoolContract.KIND, config, 1, Duration.ofSeconds(5));
            withCodecs(BuiltInCodecs.codecs());
        }

        @Override
        public System.Logger logger() {
            return new System.Logger() {
                @Override
                public String getName() {
                    return "sockit.process." + id();
                }

                @Override
                public boolean isLoggable(Level level) {
                    return true;
                }

                @Override
                public void log(Level level, ResourceBundle bundle, String msg, Throwable t) {
                    if (level == Level.WARNING) {
                        warnings.add(msg);
                        if (t != null) {
                            thrown.add(t);
                        }
                    }
                }

                @Override
                public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                    log(level, bundle, format, (Throwable) null);
                }
            };
        }
    }

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().await(WAIT_S, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.await(WAIT_S, TimeUnit.SECONDS);
    }

    private int echoBackend() throws Exception {
        return backend(s -> s.handler(s::write));
    }

    private int backend(io.vertx.core.Handler<NetSocket> handler) throws Exception {
        NetServer server = await(vertx.createNetServer().connectHandler(handler).listen(0, "127.0.0.1"));
        servers.add(server);
        return server.actualPort();
    }

    private ConnectionPoolProcess process;

    private void start(String configJson) throws Exception {
        ConnectionPoolConfig config = MAPPER.readValue(configJson, ConnectionPoolConfig.class);
        ctx = new PoolContext(vertx, "pool", config);
        process = new ConnectionPoolProcess(ctx);
        await(vertx.deployVerticle(process.newInstance()));
    }

    private Future<Buffer> send(Buffer payload) {
        return vertx.eventBus().<Buffer>request(PoolContract.send("pool"), payload,
                new DeliveryOptions().setSendTimeout(15_000)).map(m -> m.body());
    }

    private JsonObject stats() throws Exception {
        JsonObject body = await(vertx.eventBus().<JsonObject>request(PoolContract.STATS.address("pool"),
                new JsonObject())).body();
        return Result.fromJson(body).toJson().getJsonObject("data");
    }

    @Test
    void sends_500_framed_requests_through_a_real_echo_backend_each_answer_byte_exact() throws Exception {
        int port = echoBackend();
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"maxSize\": 4, \"codec\": {\"type\": \"length-field\","
                + " \"length\": 4}}");
        List<Future<Buffer>> replies = new ArrayList<>();
        List<Buffer> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Buffer request = Buffer.buffer("request " + i + " " + "x".repeat(i % 300));
            requests.add(request);
            replies.add(send(request));
        }
        await(Future.all(replies));
        for (int i = 0; i < 500; i++) {
            assertEquals(requests.get(i), replies.get(i).result(), "reply " + i);
        }
        JsonObject s = stats();
        assertTrue(s.getInteger("total") <= 4, s.encode());
        assertTrue(s.getLong("created") <= 4, "connections are reused: " + s.encode());
        assertEquals(500, s.getLong("acquired"));
        assertEquals(500, s.getLong("released"));
        assertTrue(s.getJsonObject(PoolContract.STAT_ACQUIRE_LATENCY).getDouble("max") > 0, s.encode());
        assertTrue(ctx.audited(AuditOp.CONNECT).size() >= 1, "connects are journalled");
        assertEquals(ctx.config().targets().get(0), ctx.audited(AuditOp.CONNECT).get(0).remote());
    }

    @Test
    void with_pipelining_sends_fill_one_connection_before_the_next_and_each_answer_matches_its_request()
            throws Exception {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger mostInOneRead = new AtomicInteger();
        int port = backend(s -> {
            connections.incrementAndGet();
            s.handler(b -> {
                int lines = (int) b.toString().chars().filter(c -> c == '\n').count();
                mostInOneRead.accumulateAndGet(lines, Math::max);
                s.write(b);
            });
        });
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"maxSize\": 4, \"minIdle\": 0,"
                + " \"pipelining\": 16, \"codec\": \"line\"}");
        for (int round = 0; round < 20; round++) {
            List<Future<Buffer>> replies = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                replies.add(send(Buffer.buffer("round " + round + " request " + i)));
            }
            await(Future.join(replies));
            for (int i = 0; i < 32; i++) {
                assertEquals("round " + round + " request " + i, replies.get(i).result().toString(),
                        "reply " + i + " of round " + round);
            }
        }
        JsonObject s = stats();
        assertTrue(s.getLong("created") <= 4, "never beyond maxSize: " + s.encode());
        assertTrue(connections.get() >= 2, "32 sends at a time with 16 per connection need a second one: "
                + connections.get());
        assertEquals(s.getLong("acquired"), s.getLong("released"), "every lease went back: " + s.encode());
        assertEquals(0, s.getInteger("active"), s.encode());
        assertTrue(s.getLong("acquired") < 640, "sends share leases (640 sends): " + s.encode());
        assertTrue(mostInOneRead.get() > 1, "the backend read several pipelined requests at once: "
                + mostInOneRead.get());
    }

    /** Sends {@code count} requests one after another (the next when the last is answered), checking each. */
    private Future<Void> client(int id, int count) {
        return clientFrom(id, 0, count);
    }

    private Future<Void> clientFrom(int id, int i, int count) {
        if (i == count) {
            return Future.succeededFuture();
        }
        String line = "client " + id + " request " + i;
        return send(Buffer.buffer(line)).compose(reply -> line.equals(reply.toString())
                ? clientFrom(id, i + 1, count)
                : Future.failedFuture("client " + id + " request " + i + ": got '" + reply + "'"));
    }

    @Test
    void sends_that_wait_for_a_full_connection_get_its_room_before_later_sends_do_and_never_time_out()
            throws Exception {
        // Answers one line every 2 ms, in the order the lines came: responses come one by one, so a client's next
        // send reaches the pool before the other outstanding response does, and the connection never drains on its
        // own. One timer at a time keeps the order (a timer per line, each due 2 ms after the one before, does not:
        // a pause between reading the clock and arming the timer can leave a later line's timer due first).
        int port = backend(sock -> {
            java.util.ArrayDeque<Buffer> answers = new java.util.ArrayDeque<>();
            boolean[] armed = {false};
            io.vertx.core.Handler<Long> next = new io.vertx.core.Handler<>() {
                @Override
                public void handle(Long t) {
                    sock.write(answers.pollFirst());
                    armed[0] = !answers.isEmpty();
                    if (armed[0]) {
                        vertx.setTimer(2, this);
                    }
                }
            };
            sock.handler(io.vertx.core.parsetools.RecordParser.newDelimited("\n", line -> {
                answers.addLast(line.copy().appendString("\n"));
                if (!armed[0]) {
                    armed[0] = true;
                    vertx.setTimer(2, next);
                }
            }));
        });
        // One connection, 2 requests on it at a time, 8 clients sending back to back: 6 wait at any moment, each
        // for about 6 answers (~12 ms) when the waiting ones get the room first, far within acquireTimeout even on
        // a busy machine; without that, they would wait until the two clients on the connection are done (2 x 200
        // answers, ~800 ms), beyond it.
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"maxSize\": 1, \"pipelining\": 2,"
                + " \"acquireTimeout\": \"500ms\", \"codec\": \"line\"}");
        await(client(-1, 1));
        List<Future<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(client(c, 200));
        }
        await(Future.all(clients));
        JsonObject s = stats();
        assertEquals(0, s.getLong("timeouts"), s.encode());
        assertEquals(1, s.getLong("created"), s.encode());
        assertEquals(s.getLong("acquired"), s.getLong("released"), s.encode());
    }

    @Test
    void a_pipelining_value_out_of_range_names_the_key_and_the_range() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConnectionPoolConfig(
                List.of("127.0.0.1:7100"), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, 0));
        assertEquals("pipelining", e.path());
        assertTrue(e.problem().contains("1-1024") || e.problem().contains("1..1024"), e.problem());
    }

    @Test
    void the_keepalive_probe_sends_its_payload_on_idle_connections_and_keeps_those_that_answer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        int port = backend(s -> s.handler(b -> {
            seen.add(b.toString());
            s.write(b);
        }));
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"codec\": \"line\", \"keepalive\": \"100ms\","
                + " \"keepaliveProbe\": \"ping\"}");
        for (int i = 0; i < 100 && seen.size() < 2; i++) {
            Thread.sleep(50);
        }
        assertTrue(seen.size() >= 2, "probes seen by the backend: " + seen);
        assertEquals("ping\n", seen.get(0));
        JsonObject s = stats();
        assertEquals(0, s.getLong("destroyed"), "a connection that answers its probe stays: " + s);
        assertEquals(1, s.getInteger("idle"), s.encode());
        assertTrue(process.status().getJsonObject("stats").containsKey(PoolContract.STAT_TOTAL),
                "status() shows the figures: " + process.status().encode());
        assertEquals(List.of("127.0.0.1:" + port), process.status().getJsonArray("targets").getList());
    }

    @Test
    void never_more_than_max_size_connections_reach_the_backend() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int port = backend(s -> {
            most.accumulateAndGet(open.incrementAndGet(), Math::max);
            s.closeHandler(v -> open.decrementAndGet());
            // A slow echo: every sender waits, so the pool is pressed to open more connections.
            s.handler(b -> vertx.setTimer(20, t -> s.write(b)));
        });
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"maxSize\": 3, \"codec\": {\"type\": \"length-field\","
                + " \"length\": 2}}");
        List<Future<Buffer>> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            replies.add(send(Buffer.buffer("n" + i)));
        }
        await(Future.all(replies));
        assertTrue(most.get() <= 3, "backend saw " + most.get() + " connections at once");
        assertEquals(3, most.get(), "the pool did use maxSize connections under pressure");
        JsonObject s = stats();
        assertEquals(60, s.getLong("acquired"));
        assertTrue(s.getLong("pending") == 0 && s.getInteger("total") <= 3, s.encode());
    }

    @Test
    void backend_down_fails_within_acquire_timeout_saying_refused_and_the_pool_recovers_alone() throws Exception {
        NetServer probe = await(vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1"));
        int port = probe.actualPort();
        await(probe.close());
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"acquireTimeout\": \"500ms\", \"reconnectDelay\":"
                + " \"50ms\", \"reconnectMaxDelay\": \"200ms\", \"codec\": {\"type\": \"length-field\","
                + " \"length\": 4}}");

        long t0 = System.nanoTime();
        ReplyException down = assertThrows(ReplyException.class, () -> await(send(Buffer.buffer("ping"))));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(PoolContract.FAILURE_UNAVAILABLE, down.failureCode());
        assertTrue(tookMs < 500 + 1_000, "failed after " + tookMs + "ms");
        assertTrue(down.getMessage().startsWith("pool 'pool': no connection within acquireTimeout 500ms"),
                down.getMessage());
        assertTrue(down.getMessage().contains("connection refused by 127.0.0.1:" + port + ": nothing listens there"),
                down.getMessage());
        assertTrue(ctx.audited(AuditOp.ERROR).stream().anyMatch(e -> e.detail().startsWith("connect failed")),
                "connect failures are journalled");

        // The backend comes back on the same port: the pool reconnects by itself, no restart.
        servers.add(await(vertx.createNetServer().connectHandler(s -> s.handler(s::write)).listen(port,
                "127.0.0.1")));
        Buffer reply = null;
        for (int i = 0; i < 50 && reply == null; i++) {
            try {
                reply = await(send(Buffer.buffer("back")));
            } catch (ReplyException e) {
                assertEquals(PoolContract.FAILURE_UNAVAILABLE, e.failureCode(), e.getMessage());
            }
        }
        assertEquals(Buffer.buffer("back"), reply);
        assertTrue(stats().getLong("timeouts") >= 1);
    }

    @Test
    void an_analyzer_named_in_explain_with_adds_its_advice_to_the_503() throws Exception {
        NetServer probe = await(vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1"));
        int port = probe.actualPort();
        await(probe.close());
        List<String> asked = new CopyOnWriteArrayList<>();
        await(vertx.eventBus().<JsonObject>consumer(AnalyzerContract.EXPLAIN.address("why"), m -> {
            asked.add(m.body().getString("error"));
            m.reply(Result.builder("explain", "ECONNREFUSED").finding("No process listens on that port.").build()
                    .toJson());
        }).completion());
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"acquireTimeout\": \"200ms\", \"explainWith\": \"why\"}");

        ReplyException down = assertThrows(ReplyException.class, () -> await(send(Buffer.buffer("x"))));
        assertEquals(PoolContract.FAILURE_UNAVAILABLE, down.failureCode());
        assertTrue(down.getMessage().endsWith("; analyzer 'why': No process listens on that port."),
                down.getMessage());
        assertTrue(asked.get(0).toLowerCase().contains("refused"), asked.toString());
    }

    @Test
    void a_response_that_does_not_come_fails_with_504_and_the_connection_is_dropped() throws Exception {
        int port = backend(s -> s.handler(b -> { }));
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"requestTimeout\": \"200ms\", \"minIdle\": 0}");
        ReplyException late = assertThrows(ReplyException.class, () -> await(send(Buffer.buffer("anyone?"))));
        assertEquals(PoolContract.FAILURE_TIMEOUT, late.failureCode());
        assertTrue(late.getMessage().startsWith("pool 'pool': no response from 127.0.0.1:" + port
                + " within requestTimeout 200ms"), late.getMessage());
        JsonObject s = stats();
        assertEquals(1, s.getLong("destroyed"), "a connection whose response may still come is not reused: " + s);
        assertEquals(0, s.getInteger("total"), s.encode());
    }

    @Test
    void a_backend_that_closes_mid_request_fails_it_with_502_and_the_next_send_gets_a_fresh_connection()
            throws Exception {
        AtomicInteger connections = new AtomicInteger();
        int port = backend(s -> {
            int n = connections.incrementAndGet();
            s.handler(b -> {
                if (n == 1) {
                    s.close();
                } else {
                    s.write(b);
                }
            });
        });
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"minIdle\": 0, \"maxSize\": 1}");
        ReplyException reset = assertThrows(ReplyException.class, () -> await(send(Buffer.buffer("one"))));
        assertEquals(PoolContract.FAILURE_BAD_GATEWAY, reset.failureCode());
        assertTrue(reset.getMessage().contains("127.0.0.1:" + port + " closed the connection before it answered"),
                reset.getMessage());
        assertEquals(Buffer.buffer("two"), await(send(Buffer.buffer("two"))));
        assertEquals(2, connections.get());
        assertTrue(ctx.details(AuditOp.CLOSE).stream().anyMatch(d -> d.contains("bytesOut=3")), ctx.audited()
                .toString());
    }

    @Test
    void a_lease_held_beyond_the_leak_threshold_is_logged_once_with_the_stack_that_took_it() throws Exception {
        int port = backend(s -> s.handler(b -> vertx.setTimer(700, t -> s.write(b))));
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"leakDetectionThreshold\": \"200ms\"}");
        assertEquals(Buffer.buffer("slow"), await(send(Buffer.buffer("slow"))));

        assertEquals(1, ctx.warnings.size(), ctx.warnings.toString());
        assertTrue(ctx.warnings.get(0).startsWith("'pool' connection 1 to 127.0.0.1:" + port
                + " has been leased for "), ctx.warnings.get(0));
        assertTrue(ctx.warnings.get(0).contains("beyond leakDetectionThreshold 200ms"), ctx.warnings.get(0));
        Throwable where = ctx.thrown.get(0);
        assertNotNull(where);
        assertTrue(List.of(where.getStackTrace()).stream().anyMatch(e -> e.getMethodName().equals("send")
                && e.getClassName().endsWith("ConnectionPoolProcess$PoolVerticle")), "the stack names send");
        assertEquals(1, stats().getLong("leaks"));
    }

    /** Vert.x 5 deprecates SelfSignedCertificate (it needs keytool or BouncyCastle): fine for a test. */
    @SuppressWarnings("removal")
    private int tlsEchoBackend(SelfSignedCertificate certificate) throws Exception {
        NetServer server = await(vertx.createNetServer(new NetServerOptions().setSsl(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .connectHandler(s -> s.handler(s::write)).listen(0, "127.0.0.1"));
        servers.add(server);
        return server.actualPort();
    }

    @Test
    @SuppressWarnings("removal")
    void tls_to_a_backend_whose_certificate_the_pool_trusts_carries_the_frames() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        int port = tlsEchoBackend(certificate);
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"tls\": {\"trust\": \""
                + certificate.certificatePath() + "\", \"serverName\": \"localhost\"}, \"codec\": \"line\"}");
        assertEquals(Buffer.buffer("secret"), await(send(Buffer.buffer("secret"))));
    }

    @Test
    @SuppressWarnings("removal")
    void tls_to_a_backend_whose_certificate_is_not_trusted_is_a_503_that_says_tls() throws Exception {
        int port = tlsEchoBackend(SelfSignedCertificate.create("localhost"));
        start("{\"targets\": [\"127.0.0.1:" + port + "\"], \"acquireTimeout\": \"3s\", \"tls\": {}}");
        ReplyException e = assertThrows(ReplyException.class, () -> await(send(Buffer.buffer("x"))));
        assertEquals(PoolContract.FAILURE_UNAVAILABLE, e.failureCode());
        assertTrue(e.getMessage().contains("TLS handshake with 127.0.0.1:" + port + " failed"), e.getMessage());
    }

    @Test
    void a_body_that_is_not_a_buffer_is_a_bad_request() throws Exception {
        int port = echoBackend();
        start("{\"targets\": [\"127.0.0.1:" + port + "\"]}");
        ReplyException bad = assertThrows(ReplyException.class, () -> await(vertx.eventBus()
                .request(PoolContract.send("pool"), new JsonObject().put("a", 1))));
        assertEquals(400, bad.failureCode());
        assertEquals("send: the body is a JsonObject (expected: a Buffer, the payload of one request frame)",
                bad.getMessage());
    }

    @Test
    void a_codec_the_runtime_does_not_know_is_a_config_error_under_codec() {
        ConnectionPoolConfig config = ConnectionPoolConfig.of("127.0.0.1:1");
        ConnectionPoolConfig withCodec = new ConnectionPoolConfig(config.targets(), null, null, null, null, null,
                null, null, null, null, null, null, null, dev.sockit.api.frame.CodecSpec.of("morse"), null, null,
                null, null, null, null);
        dev.sockit.api.ConfigException e = assertThrows(dev.sockit.api.ConfigException.class,
                () -> new ConnectionPoolProcess(new PoolContext(vertx, "pool", withCodec)));
        assertEquals("codec.type", e.path());
        assertInstanceOf(String.class, e.problem());
        assertTrue(e.problem().contains("morse"), e.problem());
    }
}
