package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import dev.sockit.net.codec.BuiltInCodecs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One pooled connection's response timeout, on a real loopback socket to a backend that answers its first line and
 * never the next: one deadline timer per connection (not one per request) still fails each request that gets no
 * response exactly as a timer of its own would.
 */
class PoolConnectionTest {

    private static final long TIMEOUT_MS = 300;

    private Vertx vertx;
    private Context context;
    private int port;
    private PoolConnection connection;

    @BeforeEach
    void connect() throws Exception {
        vertx = Vertx.vertx();
        AtomicInteger lines = new AtomicInteger();
        NetServer server = vertx.createNetServer().connectHandler(s -> s.handler(b -> {
            if (lines.getAndIncrement() == 0) {
                s.write(b);
            }
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        port = server.actualPort();
        FrameCodec codec = BuiltInCodecs.codecs().create(CodecSpec.of("line"));
        context = vertx.getOrCreateContext();
        Promise<PoolConnection> made = Promise.promise();
        context.runOnContext(v -> vertx.createNetClient().connect(port, "127.0.0.1").onComplete(ar -> {
            if (ar.failed()) {
                made.fail(ar.cause());
                return;
            }
            made.complete(new PoolConnection(ar.result(), codec, vertx, 1, HostPort.of("127.0.0.1", port),
                    c -> { }));
        }));
        connection = made.future().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Sends {@code line} on the connection's context; the future completes with the response or its failure. */
    private Future<Buffer> request(String line) {
        Promise<Buffer> p = Promise.promise();
        context.runOnContext(v -> connection.request(Buffer.buffer(line), TIMEOUT_MS).onComplete(p));
        return p.future();
    }

    @Test
    void a_request_sent_after_an_answered_one_times_out_its_full_timeout_after_its_own_send() throws Exception {
        assertEquals("first", request("first").await(10, TimeUnit.SECONDS).toString(),
                "the first line is answered (and leaves the deadline timer armed)");
        // Half the timeout later: the timer armed for the first request fires before the second is due and must
        // re-arm for the rest of the second's time, not fail it early.
        Thread.sleep(TIMEOUT_MS / 2);
        long sent = System.nanoTime();
        Future<Buffer> second = request("second");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> second.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        long waitedMs = (System.nanoTime() - sent) / 1_000_000L;

        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals("no response from 127.0.0.1:" + port + " within " + TIMEOUT_MS + "ms", e.getCause().getMessage());
        assertTrue(waitedMs >= TIMEOUT_MS - 1, "failed after " + waitedMs + " ms (expected: at least " + TIMEOUT_MS
                + ")");
        assertTrue(waitedMs < TIMEOUT_MS + 2_000, "failed after " + waitedMs + " ms (expected: soon after "
                + TIMEOUT_MS + ")");
        Promise<Boolean> usable = Promise.promise();
        context.runOnContext(v -> usable.complete(connection.usable()));
        assertFalse(usable.future().await(10, TimeUnit.SECONDS), "a timed-out connection is broken: never reused");
    }

    @Test
    void a_request_with_no_answer_times_out_with_the_same_error_as_before() throws Exception {
        request("first").await(10, TimeUnit.SECONDS);
        Future<Buffer> stale = request("never answered");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stale.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals("no response from 127.0.0.1:" + port + " within " + TIMEOUT_MS + "ms", e.getCause().getMessage());
        Future<Buffer> after = request("after");
        ExecutionException broken = assertThrows(ExecutionException.class,
                () -> after.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(broken.getCause().getMessage().contains("broken: response timed out"),
                broken.getCause().getMessage());
    }

    /** A connection of {@code depth} to a backend that echoes every line, made on {@link #context}. */
    private PoolConnection pipelined(int depth, boolean answer) throws Exception {
        NetServer server = vertx.createNetServer().connectHandler(s -> s.handler(b -> {
            if (answer) {
                s.write(b);
            }
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        FrameCodec codec = BuiltInCodecs.codecs().create(CodecSpec.of("line"));
        Promise<PoolConnection> made = Promise.promise();
        context.runOnContext(v -> vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").onComplete(ar ->
                made.complete(new PoolConnection(ar.result(), codec, vertx, 2,
                        HostPort.of("127.0.0.1", server.actualPort()), depth, c -> { }))));
        return made.future().await(10, TimeUnit.SECONDS);
    }

    /** Sends every line at once on {@code c}'s context, up to its depth and one more. */
    private java.util.List<Future<Buffer>> sendAll(PoolConnection c, String... lines) throws Exception {
        java.util.List<Future<Buffer>> out = new java.util.ArrayList<>();
        Promise<Void> sent = Promise.promise();
        context.runOnContext(v -> {
            for (String line : lines) {
                out.add(c.request(Buffer.buffer(line), TIMEOUT_MS));
            }
            sent.complete();
        });
        sent.future().await(10, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void pipelined_requests_are_answered_in_order_and_one_beyond_the_depth_is_refused() throws Exception {
        PoolConnection c = pipelined(4, true);
        java.util.List<Future<Buffer>> replies = sendAll(c, "a", "b", "c", "d", "e");
        for (int i = 0; i < 4; i++) {
            assertEquals(String.valueOf((char) ('a' + i)), replies.get(i).await(10, TimeUnit.SECONDS).toString());
        }
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> replies.get(4).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("connection 2 has 4 requests outstanding (expected: fewer than 4)", e.getCause().getMessage());
        Promise<Boolean> usable = Promise.promise();
        context.runOnContext(v -> usable.complete(c.usable() && c.outstanding() == 0));
        assertTrue(usable.future().await(10, TimeUnit.SECONDS), "answered and quiet again: usable");
    }

    @Test
    void when_the_oldest_pipelined_request_times_out_every_one_behind_it_fails_too() throws Exception {
        PoolConnection c = pipelined(3, false);
        java.util.List<Future<Buffer>> replies = sendAll(c, "x", "y", "z");
        ExecutionException first = assertThrows(ExecutionException.class,
                () -> replies.get(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, first.getCause());
        for (int i = 1; i < 3; i++) {
            int n = i;
            ExecutionException behind = assertThrows(ExecutionException.class,
                    () -> replies.get(n).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(behind.getCause().getMessage().contains("an earlier request on it timed out"),
                    behind.getCause().getMessage());
        }
    }
}
