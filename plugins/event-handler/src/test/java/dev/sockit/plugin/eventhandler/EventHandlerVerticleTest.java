package dev.sockit.plugin.eventhandler;

import dev.sockit.api.AuditOp;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.contracts.PoolContract;
import dev.sockit.net.EventLoops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer side of forward v2 on a real event bus: this test plays the forwarding server, sending
 * {@code opened}, {@code data} and {@code closed} (and datagrams) as the contract says, to a deployed
 * {@code event-handler}.
 */
class EventHandlerVerticleTest {

    private Vertx vertx;
    private final List<String> deployments = new ArrayList<>();

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** A handler a plugin might contribute, which throws on a frame that says {@code boom}. */
    static final class ThrowingKind implements FrameHandlerKind<ThrowingKind.Config> {
        record Config() {
        }

        @Override
        public String name() {
            return "fragile";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public FrameHandler create(Config config, ProcessContext<?> process) {
            return (f, p) -> {
                if (p.toString().startsWith("boom")) {
                    throw new IllegalStateException("cannot take " + p.length() + " bytes of boom");
                }
                return Future.succeededFuture(FrameAction.next(p));
            };
        }
    }

    private EventHandlerProcess deploy(TestProcessContext ctx) {
        EventHandlerProcess process = new EventHandlerProcess(ctx, Chains.kinds(ctx));
        deployments.add(vertx.deployVerticle(process.newInstance()).await());
        return process;
    }

    private TestProcessContext context(String json) {
        return new TestProcessContext(vertx, "frames", json).with(FrameHandlerKind.class, new ThrowingKind());
    }

    private static DeliveryOptions headers(String type, long connectionId) {
        return new DeliveryOptions().addHeader("type", type).addHeader("process", "front")
                .addHeader("connectionId", Long.toString(connectionId)).addHeader("version", "2");
    }

    private Message<Object> opened(long id) {
        JsonObject body = new JsonObject().put("local", "127.0.0.1:7101").put("remote", "127.0.0.1:" + (50000 + id))
                .put("writeAddress", "sockit.front.write." + id);
        return vertx.eventBus().request("sockit.frames.connection", body.toBuffer(), headers("opened", id)).await();
    }

    private Future<Message<Object>> data(long id, String payload) {
        return vertx.eventBus().request("sockit.frames.connection", Buffer.buffer(payload), headers("data", id));
    }

    private static Throwable failure(Future<?> f) {
        return f.transform(ar -> Future.succeededFuture(ar.cause())).await();
    }

    @Test
    void answers_opened_with_its_codec_and_max_in_flight_and_remembers_the_connection_until_closed() {
        EventHandlerProcess process = deploy(context("{'codec': {'type': 'line', 'maxLength': 100},"
                + " 'maxInFlight': 8, 'chain': [{'echo': {}}]}"));
        Message<Object> reply = opened(1);
        JsonObject body = new JsonObject((Buffer) reply.body());
        assertEquals(new JsonObject().put("codec", new JsonObject().put("type", "line").put("maxLength", 100))
                .put("maxInFlight", 8), body);
        assertEquals(1, process.status().getInteger("connections"));
        vertx.eventBus().send("sockit.frames.connection", new JsonObject().put("bytesIn", 5).put("bytesOut", 5)
                .put("reason", "").toBuffer(), headers("closed", 1));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (process.status().getInteger("connections") != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, process.status().getInteger("connections"));
        assertEquals(1L, process.status().getLong("connectionsClosed"));
    }

    @Test
    void runs_each_data_frame_through_the_chain_and_replies_with_the_payload_to_write() {
        EventHandlerProcess process = deploy(context("{'chain': [{'count': {}}, {'fragile': {}}, {'echo': {}}]}"));
        opened(2);
        for (int i = 0; i < 20; i++) {
            Message<Object> reply = data(2, "frame " + i).await();
            assertEquals("frame " + i, reply.body().toString());
            assertNull(reply.headers().get("close"));
        }
        JsonObject status = process.status();
        assertEquals(20L, status.getLong("frames"));
        assertEquals(20L, status.getLong("replies"));
        assertEquals(20L, status.getJsonArray("chain").getJsonObject(0).getJsonObject("status").getLong("frames"));
    }

    @Test
    void a_chain_that_closes_replies_with_the_close_header() {
        deploy(context("{'chain': [{'respond': {'text': 'bye', 'close': true}}]}"));
        opened(3);
        Message<Object> reply = data(3, "quit").await();
        assertEquals("bye", reply.body().toString());
        assertEquals("true", reply.headers().get("close"));
    }

    @Test
    void a_chain_that_ends_without_a_reply_writes_nothing() {
        deploy(context("{'chain': [{'count': {}}]}"));
        opened(4);
        assertNull(data(4, "just counted").await().body());
    }

    @Test
    void a_throwing_handler_fails_only_its_frame_with_the_reason_and_an_audit_line() {
        TestProcessContext ctx = context("{'chain': [{'fragile': {}}, {'echo': {}}]}");
        EventHandlerProcess process = deploy(ctx);
        opened(5);
        opened(6);
        Throwable t = failure(data(5, "boom!"));
        ReplyException r = assertInstanceOf(ReplyException.class, t);
        assertEquals(500, r.failureCode());
        assertEquals("chain[0] fragile: IllegalStateException: cannot take 5 bytes of boom", r.getMessage());
        assertEquals("still fine", data(6, "still fine").await().body().toString());
        List<String> errors = ctx.details(AuditOp.ERROR);
        assertEquals(List.of("frame from 'front' failed: chain[0] fragile: IllegalStateException: cannot take 5"
                + " bytes of boom"), errors);
        assertEquals(1L, process.status().getLong("errors"));
        assertEquals(5L, ctx.audited(AuditOp.ERROR).get(0).connectionId());
    }

    @Test
    void with_on_error_reply_a_failed_handler_writes_an_error_frame_and_keeps_the_connection() {
        deploy(context("{'onError': 'reply', 'chain': [{'fragile': {}}, {'echo': {}}]}"));
        opened(7);
        Message<Object> reply = data(7, "boom").await();
        assertEquals("error: chain[0] fragile: IllegalStateException: cannot take 4 bytes of boom",
                reply.body().toString());
        assertNull(reply.headers().get("close"));
    }

    @Test
    void a_route_that_times_out_closes_its_connection_with_the_route_error() {
        vertx.eventBus().consumer("sockit.pool.send", m -> { }).completion().await();
        deploy(context("{'routeTimeout': '200ms', 'chain': [{'route': 'pool'}]}"));
        opened(8);
        ReplyException r = assertInstanceOf(ReplyException.class, failure(data(8, "GET")));
        assertEquals("chain[0] route: route to 'sockit.pool.send' timed out after 200ms (routeTimeout): no reply"
                + " from the process there", r.getMessage());
    }

    @Test
    void refuses_another_contract_version_and_messages_without_their_headers() {
        EventHandlerProcess process = deploy(context("{'chain': [{'echo': {}}]}"));
        DeliveryOptions v1 = headers("opened", 9).addHeader("version", "1");
        v1.getHeaders().set("version", "1");
        ReplyException r = assertInstanceOf(ReplyException.class, failure(vertx.eventBus()
                .request("sockit.frames.connection", Buffer.buffer("{}"), v1)));
        assertEquals(400, r.failureCode());
        assertTrue(r.getMessage().endsWith("forward contract version 1 (expected: 2)"), r.getMessage());
        DeliveryOptions noId = new DeliveryOptions().addHeader("type", "data").addHeader("version", "2");
        r = assertInstanceOf(ReplyException.class, failure(vertx.eventBus()
                .request("sockit.frames.connection", Buffer.buffer("x"), noId)));
        assertEquals(400, r.failureCode());
        assertEquals(2L, process.status().getLong("badMessages"));
    }

    @Test
    void serves_datagrams_through_the_same_chain() {
        EventHandlerProcess process = deploy(context("{'chain': [{'respond': 'pong'}]}"));
        DeliveryOptions h = new DeliveryOptions().addHeader("type", "datagram").addHeader("process", "udp")
                .addHeader("peer", "127.0.0.1:40000").addHeader("local", "127.0.0.1:7200").addHeader("version", "2");
        Message<Object> reply = vertx.eventBus().request("sockit.frames.datagram", Buffer.buffer("ping"), h).await();
        assertEquals("pong", reply.body().toString());
        assertEquals(1L, process.status().getLong("datagrams"));
    }

    @Test
    void serves_many_connections_with_frames_in_flight_at_once() {
        EventHandlerProcess process = deploy(context("{'chain': [{'echo': {}}]}"));
        int connections = 50;
        int frames = 20;
        List<Future<Message<Object>>> replies = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            opened(100 + c);
        }
        for (int c = 0; c < connections; c++) {
            for (int f = 0; f < frames; f++) {
                replies.add(data(100 + c, c + ":" + f));
            }
        }
        Future.all(replies).await();
        for (int i = 0; i < replies.size(); i++) {
            assertEquals((i / frames) + ":" + (i % frames), replies.get(i).result().body().toString());
        }
        assertEquals(connections, process.status().getInteger("connections"));
        assertEquals((long) connections * frames, process.status().getLong("frames"));
    }

    @Test
    void a_chain_that_routes_asks_the_server_to_wait_for_its_routes_timeouts_and_a_margin() {
        deploy(context("{'chain': [{'route': 'pool'}, {'route': {'address': 'x.y', 'timeout': '2s'}}]}"));
        JsonObject body = new JsonObject((Buffer) opened(1).body());
        assertEquals(8_000L, body.getLong("replyTimeout"), body.encode());
        EventHandlerProcess long1 = new EventHandlerProcess(context("{'routeTimeout': '10m', 'chain': [{'route':"
                + " 'a'}, {'route': 'b'}]}"), Chains.kinds(context("{'chain': [{'echo': {}}]}")));
        assertEquals(600_000L, new JsonObject(long1.openedReply()).getLong("replyTimeout"), "capped at 10 minutes");
    }

    /** A handler that notes the thread each frame runs on and passes the frame on. */
    static final class ThreadSpyKind implements FrameHandlerKind<ThreadSpyKind.Config> {
        record Config() {
        }

        final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "spy";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public FrameHandler create(Config config, ProcessContext<?> process) {
            return (f, p) -> {
                threads.add(Thread.currentThread());
                return Future.succeededFuture(FrameAction.next(p));
            };
        }
    }

    @Test
    void one_instance_that_routes_to_a_pool_runs_its_frames_on_the_pool_s_home_loop() {
        Thread[] home = new Thread[1];
        io.vertx.core.Promise<Void> found = io.vertx.core.Promise.promise();
        EventLoops.contextOn(vertx, PoolContract.homeLoop("pool", EventLoops.count(vertx))).runOnContext(v -> {
            home[0] = Thread.currentThread();
            found.complete();
        });
        found.future().await();
        vertx.eventBus().<Buffer>consumer("sockit.pool.send", m -> m.reply(m.body())).completion().await();
        ThreadSpyKind spy = new ThreadSpyKind();
        deploy(new TestProcessContext(vertx, "frames", "{'chain': [{'spy': {}}, {'route': 'pool'}]}")
                .with(FrameHandlerKind.class, spy));
        opened(11);
        for (int i = 0; i < 5; i++) {
            assertEquals("frame " + i, data(11, "frame " + i).await().body().toString());
        }
        assertEquals(5, spy.threads.size());
        for (Thread t : spy.threads) {
            assertEquals(home[0], t, "frames run on the pool's home loop " + home[0].getName());
        }
    }

    @Test
    void only_one_instance_with_a_route_to_a_process_moves_to_that_process_s_home_loop() {
        EventHandlerProcess routes = new EventHandlerProcess(context("{'chain': [{'count': {}}, {'route': 'db'},"
                + " {'route': 'pool'}]}"), Chains.kinds(context("{'chain': [{'echo': {}}]}")));
        assertEquals("db", EventHandlerVerticle.homePool(routes.chain(), 1), "the first route's process");
        assertNull(EventHandlerVerticle.homePool(routes.chain(), 2), "more instances spread over loops");
        EventHandlerProcess address = new EventHandlerProcess(context("{'chain': [{'route': {'address': 'x.y'}}]}"),
                Chains.kinds(context("{'chain': [{'echo': {}}]}")));
        assertNull(EventHandlerVerticle.homePool(address.chain(), 1), "an address names no process");
        EventHandlerProcess echo = new EventHandlerProcess(context("{'chain': [{'echo': {}}]}"),
                Chains.kinds(context("{'chain': [{'echo': {}}]}")));
        assertNull(EventHandlerVerticle.homePool(echo.chain(), 1));
    }
}
