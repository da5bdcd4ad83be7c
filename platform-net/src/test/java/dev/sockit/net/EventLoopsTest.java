package dev.sockit.net;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Contexts on Vert.x's event loops by index: the same index is the same thread, another index another one. */
class EventLoopsTest {

    private static String threadOf(ContextInternal context) throws Exception {
        CompletableFuture<String> name = new CompletableFuture<>();
        context.runOnContext(v -> name.complete(Thread.currentThread().getName()));
        return name.get(5, TimeUnit.SECONDS);
    }

    @Test
    void two_contexts_on_one_index_share_its_thread_and_another_index_has_its_own() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));
        try {
            assertEquals(3, EventLoops.count(vertx));
            String first = threadOf(EventLoops.contextOn(vertx, 1));
            assertEquals(first, threadOf(EventLoops.contextOn(vertx, 1)));
            assertNotEquals(first, threadOf(EventLoops.contextOn(vertx, 2)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EventLoops.contextOn(vertx, 3));
            assertEquals("event loop 3 (expected: 0-2)", e.getMessage());
        } finally {
            vertx.close().await();
        }
    }
}
