package dev.sockit.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * Vert.x's event loops by index, so that two processes can agree on one without knowing each other: a pool and
 * the event-handler that routes to it run on the loop {@code PoolContract.homeLoop} names, and a message between
 * consumers on one loop is queued there instead of waking another thread. Uses Vert.x's internal API
 * ({@code io.vertx.core.internal}, exported but not promised stable): kept to this one class.
 */
public final class EventLoops {

    private EventLoops() {
    }

    /** How many event loops {@code vertx} has. */
    public static int count(Vertx vertx) {
        return loops(vertx).size();
    }

    /** A new Vert.x context on event loop {@code index} (0 to {@link #count} - 1) of {@code vertx}. */
    public static ContextInternal contextOn(Vertx vertx, int index) {
        List<EventLoop> loops = loops(vertx);
        if (index < 0 || index >= loops.size()) {
            throw new IllegalArgumentException("event loop " + index + " (expected: 0-" + (loops.size() - 1) + ")");
        }
        return ((VertxInternal) vertx).contextBuilder().withEventLoop(loops.get(index)).build();
    }

    private static List<EventLoop> loops(Vertx vertx) {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : ((VertxInternal) vertx).nettyEventLoopGroup()) {
            loops.add((EventLoop) e);
        }
        return loops;
    }
}
