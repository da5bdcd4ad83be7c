package dev.sockit.plugin.eventhandler;

import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.frame.FrameHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameChainTest {

    private static Vertx vertx;
    private static FrameContext frame;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
        frame = new TestProcessContext(vertx, "frames", "{'chain': [{'echo': {}}]}").frame(7);
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    private static FrameChain chain(FrameHandler... handlers) {
        List<FrameChain.Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < handlers.length; i++) {
            steps.add(new FrameChain.Step(i, "h" + i, handlers[i]));
        }
        return new FrameChain(steps);
    }

    private static FrameHandler append(String s) {
        return (f, p) -> Future.succeededFuture(FrameAction.next(p.copy().appendString(s)));
    }

    @Test
    void hands_each_step_the_payload_of_the_one_before_and_stops_at_a_reply() {
        AtomicInteger after = new AtomicInteger();
        FrameChain chain = chain(append("a"), append("b"), (f, p) -> Future.succeededFuture(FrameAction.reply(p)),
                (f, p) -> {
                    after.incrementAndGet();
                    return Future.succeededFuture(FrameAction.reply(p));
                });
        FrameAction action = chain.run(frame, Buffer.buffer("x")).await();
        assertEquals(FrameAction.Step.REPLY, action.step());
        assertEquals("xab", action.payload().toString());
        assertEquals(0, after.get(), "no step runs after a reply");
    }

    @Test
    void a_chain_that_runs_to_its_end_answers_continue_with_the_last_payload() {
        FrameAction action = chain(append("1"), append("2")).run(frame, Buffer.buffer("")).await();
        assertEquals(FrameAction.Step.CONTINUE, action.step());
        assertEquals("12", action.payload().toString());
    }

    @Test
    void continues_after_a_step_that_completes_later() {
        FrameHandler later = (f, p) -> {
            Promise<FrameAction> promise = Promise.promise();
            f.vertx().setTimer(5, t -> promise.complete(FrameAction.next(p.copy().appendString("-later"))));
            return promise.future();
        };
        FrameAction action = chain(later, append("!"), (f, p) -> Future.succeededFuture(FrameAction.replyAndClose(p)))
                .run(frame, Buffer.buffer("x")).await();
        assertEquals(FrameAction.Step.CLOSE, action.step());
        assertEquals("x-later!", action.payload().toString());
    }

    @Test
    void a_step_that_throws_fails_the_frame_naming_the_step_and_the_cause() {
        FrameChain chain = chain(append("a"), (f, p) -> {
            throw new IllegalStateException("boom");
        });
        Throwable t = chain.run(frame, Buffer.buffer("x")).cause();
        assertInstanceOf(FrameChain.FrameChainException.class, t);
        assertEquals("chain[1] h1: IllegalStateException: boom", t.getMessage());
    }

    @Test
    void a_failed_future_a_null_future_and_a_null_action_fail_the_frame() {
        assertEquals("chain[0] h0: IllegalArgumentException: bad",
                chain((f, p) -> Future.failedFuture(new IllegalArgumentException("bad")))
                        .run(frame, Buffer.buffer()).cause().getMessage());
        assertEquals("chain[0] h0: returned no future",
                chain((f, p) -> null).run(frame, Buffer.buffer()).cause().getMessage());
        assertEquals("chain[0] h0: answered no action",
                chain((f, p) -> Future.succeededFuture(null)).run(frame, Buffer.buffer()).cause().getMessage());
        Promise<FrameAction> later = Promise.promise();
        Future<FrameAction> f = chain(append("a"), (c, p) -> later.future()).run(frame, Buffer.buffer());
        later.fail("late failure");
        assertTrue(f.cause().getMessage().startsWith("chain[1] h1: "), f.cause().getMessage());
    }

    @Test
    void a_close_without_a_reply_has_no_payload() {
        FrameAction action = chain((f, p) -> Future.succeededFuture(FrameAction.close())).run(frame,
                Buffer.buffer("x")).await();
        assertEquals(FrameAction.Step.CLOSE, action.step());
        assertNull(action.payload());
    }

    @Test
    void reports_each_steps_name_and_status() {
        FrameChain chain = chain(append("a"), new FrameHandler() {
            @Override
            public Future<FrameAction> handle(FrameContext f, Buffer p) {
                return Future.succeededFuture(FrameAction.reply(p));
            }

            @Override
            public io.vertx.core.json.JsonObject status() {
                return new io.vertx.core.json.JsonObject().put("seen", 3);
            }
        });
        assertEquals(List.of("h0", "h1"), chain.names());
        assertEquals("[{\"handler\":\"h0\"},{\"handler\":\"h1\",\"status\":{\"seen\":3}}]",
                chain.status().encode());
    }
}
