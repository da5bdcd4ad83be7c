package dev.sockit.plugin.eventhandler.handlers;

import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.plugin.eventhandler.TestProcessContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltInHandlersTest {

    private static Vertx vertx;
    private static TestProcessContext context;
    private static FrameContext frame;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
        context = new TestProcessContext(vertx, "frames", "{'chain': [{'echo': {}}], 'routeTimeout': '300ms'}");
        frame = context.frame(7);
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    private static <C> FrameHandler handler(FrameHandlerKind<C> kind, C config) {
        return kind.create(config, context);
    }

    private static FrameAction run(FrameHandler h, String payload) {
        return h.handle(frame, Buffer.buffer(payload)).await();
    }

    @Test
    void echo_replies_with_the_payload() {
        FrameAction a = run(handler(new EchoKind(), new NoConfig()), "ping\n");
        assertEquals(FrameAction.Step.REPLY, a.step());
        assertEquals("ping\n", a.payload().toString());
    }

    @Test
    void respond_replies_with_its_fixed_bytes_in_text_base64_or_hex_and_may_close() {
        RespondKind kind = new RespondKind();
        FrameHandler text = handler(kind, RespondKind.Config.text("pong\n"));
        FrameAction first = run(text, "anything");
        FrameAction second = run(text, "else");
        assertEquals(FrameAction.Step.REPLY, first.step());
        assertEquals("pong\n", first.payload().toString());
        assertNotSame(first.payload(), second.payload(), "each reply gets its own buffer");
        assertEquals("pong\n", run(handler(kind, RespondKind.Config.of(null, "cG9uZwo=", null, null)), "x")
                .payload().toString());
        FrameAction hex = run(handler(kind, RespondKind.Config.of(null, null, "00ff 0a", true)), "x");
        assertEquals(FrameAction.Step.CLOSE, hex.step());
        assertEquals(Buffer.buffer(new byte[]{0, (byte) 0xff, 0x0a}), hex.payload());
    }

    @Test
    void count_counts_frames_and_bytes_and_hands_the_payload_on() {
        FrameHandler count = handler(new CountKind(), new NoConfig());
        FrameAction a = run(count, "abc");
        run(count, "de");
        assertEquals(FrameAction.Step.CONTINUE, a.step());
        assertEquals("abc", a.payload().toString());
        assertEquals(new JsonObject().put("frames", 2L).put("bytes", 5L), count.status());
    }

    @Test
    void close_closes_without_a_reply() {
        FrameAction a = run(handler(new CloseKind(), new NoConfig()), "x");
        assertEquals(FrameAction.Step.CLOSE, a.step());
        assertNull(a.payload());
    }

    @Test
    void log_writes_one_escaped_line_cut_at_max_bytes() {
        Buffer payload = Buffer.buffer("hi\n\u0001\"\\".getBytes(StandardCharsets.UTF_8)).appendString("0123456789");
        assertEquals("'frames' frame of 16 bytes on connection 7 of 'front' from 127.0.0.1:5000:"
                + " \"hi\\n\\x01\\\"\\\\0123\" (+6 bytes)", LogKind.line(frame, payload, 10, 0));
        assertTrue(LogKind.line(frame, Buffer.buffer("x"), 10, 3).endsWith(
                " (3 frames not logged before this one: over perSecond)"));
    }

    @Test
    void log_writes_at_most_per_second_lines_a_second_and_counts_the_rest() {
        AtomicLong now = new AtomicLong(0);
        LogKind.FrameLogger log = new LogKind.FrameLogger(LogKind.Config.of(8, 2), now::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(FrameAction.Step.CONTINUE, run(log, "f" + i).step());
        }
        assertEquals(new JsonObject().put("logged", 2L).put("suppressed", 3L), log.status());
        now.addAndGet(1_000_000_000L);
        run(log, "next second");
        assertEquals(new JsonObject().put("logged", 3L).put("suppressed", 3L), log.status());
    }

    @Test
    void route_to_a_process_sends_the_bare_payload_to_its_send_verb_and_replies_with_the_reply_body() {
        List<String> headers = new CopyOnWriteArrayList<>();
        MessageConsumer<Buffer> pool = vertx.eventBus().consumer("sockit.pool.send", m -> {
            m.headers().forEach(e -> headers.add(e.getKey()));
            m.reply(Buffer.buffer("re:").appendBuffer(m.body()));
        });
        pool.completion().await();
        try {
            FrameAction a = run(handler(new RouteKind(), RouteKind.Config.process("pool")), "hello");
            assertEquals(FrameAction.Step.REPLY, a.step());
            assertEquals("re:hello", a.payload().toString());
            assertEquals(List.of(), headers, "a pool reads the payload alone");
        } finally {
            pool.unregister().await();
        }
    }

    @Test
    void route_to_an_address_carries_the_frame_s_process_connection_and_peer_headers() {
        MessageConsumer<Buffer> custom = vertx.eventBus().consumer("custom.frames", m -> m.reply(Buffer.buffer(
                m.headers().get("process") + "/" + m.headers().get("connectionId") + "/" + m.headers().get("peer"))));
        custom.completion().await();
        try {
            FrameAction a = run(handler(new RouteKind(), RouteKind.Config.of(null, "custom.frames", null)), "x");
            assertEquals(frame.sourceProcess() + "/7/" + frame.peer(), a.payload().toString());
        } finally {
            custom.unregister().await();
        }
    }

    @Test
    void route_closes_when_the_reply_says_close_and_takes_json_replies_as_bytes() {
        MessageConsumer<Object> custom = vertx.eventBus().consumer("custom.verb", m ->
                m.reply(new JsonObject().put("ok", true), new DeliveryOptions().addHeader("close", "true")));
        custom.completion().await();
        try {
            FrameAction a = run(handler(new RouteKind(), RouteKind.Config.of(null, "custom.verb", null)), "x");
            assertEquals(FrameAction.Step.CLOSE, a.step());
            assertEquals("{\"ok\":true}", a.payload().toString());
        } finally {
            custom.unregister().await();
        }
    }

    @Test
    void route_times_out_after_routeTimeout_with_an_error_naming_address_and_timeout() {
        MessageConsumer<Object> silent = vertx.eventBus().consumer("sockit.silent.send", m -> { });
        silent.completion().await();
        try {
            long start = System.nanoTime();
            Throwable failure = handler(new RouteKind(), RouteKind.Config.process("silent"))
                    .handle(frame, Buffer.buffer("x")).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
                    .await();
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals("route to 'sockit.silent.send' timed out after 300ms (routeTimeout): no reply from the"
                    + " process there", failure.getMessage());
            assertTrue(tookMs >= 250 && tookMs < 5_000, "took " + tookMs + " ms");
        } finally {
            silent.unregister().await();
        }
    }

    @Test
    void route_to_an_address_nobody_serves_fails_at_once_saying_so() {
        Throwable failure = handler(new RouteKind(), RouteKind.Config.of(null, "nobody.here", Duration.ofSeconds(9)))
                .handle(frame, Buffer.buffer("x")).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
                .await();
        assertEquals("route to 'nobody.here': nothing serves that address (expected: a running process, such as a"
                + " connection-pool, at it)", failure.getMessage());
    }

    @Test
    void route_reports_a_failed_reply_with_its_code_and_message() {
        MessageConsumer<Object> pool = vertx.eventBus().consumer("sockit.down.send",
                m -> m.fail(503, "no connection to 127.0.0.1:7100 within 2s"));
        pool.completion().await();
        try {
            Throwable failure = handler(new RouteKind(), RouteKind.Config.process("down"))
                    .handle(frame, Buffer.buffer("x"))
                    .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
            assertEquals("route to 'sockit.down.send' failed (503): no connection to 127.0.0.1:7100 within 2s",
                    failure.getMessage());
        } finally {
            pool.unregister().await();
        }
    }
}
