package dev.sockit.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

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

    /**
     * Says that process {@code processId} handles its messages on event loop {@code index}, so that a process
     * sending to it can run there too ({@link #of}): an {@code event-handler} that shares its pool's loop says
     * so, and a {@code tcp-server} forwarding to it then serves its connections on that loop, which leaves no
     * thread to wake between a connection, its frames' handler and the pool. Kept in {@code vertx}'s local shared
     * data (one map per Vert.x instance), until {@link #withdraw}.
     */
    public static void publish(Vertx vertx, String processId, int index) {
        published(vertx).put(processId, index);
    }

    /** The event loop {@code processId} said it handles its messages on, if it said so (and has not withdrawn). */
    public static OptionalInt of(Vertx vertx, String processId) {
        Integer index = published(vertx).get(processId);
        return index == null || index >= count(vertx) ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** Takes back what {@link #publish} said for {@code processId} (the process stops). */
    public static void withdraw(Vertx vertx, String processId) {
        published(vertx).remove(processId);
    }

    private static LocalMap<String, Integer> published(Vertx vertx) {
        return vertx.sharedData().getLocalMap("sockit.event-loops");
    }

    private static List<EventLoop> loops(Vertx vertx) {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : ((VertxInternal) vertx).nettyEventLoopGroup()) {
            loops.add((EventLoop) e);
        }
        return loops;
    }
}
