package dev.sockit.plugin.pool;

import dev.sockit.contracts.PoolContract;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * A Vert.x context on the event loop that {@link PoolContract#homeLoop(String, int)} names for a pool: the pool runs
 * there, and a caller with one event loop of its own that runs there too exchanges messages with the pool without
 * waking another thread (a message to a consumer on the sender's own loop is queued, not signalled).
 */
final class HomeContext {

    private HomeContext() {
    }

    /** A new context on pool {@code poolId}'s home loop of {@code vertx}. */
    static ContextInternal of(Vertx vertx, String poolId) {
        VertxInternal v = (VertxInternal) vertx;
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : v.nettyEventLoopGroup()) {
            loops.add((EventLoop) e);
        }
        return v.contextBuilder().withEventLoop(loops.get(PoolContract.homeLoop(poolId, loops.size()))).build();
    }
}
