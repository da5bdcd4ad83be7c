package dev.sockit.plugin.pool;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The send path of a pool, with or without {@code pipelining}. With {@code depth} one, each send takes a lease of its
 * own, as a JDBC pool lends a connection. With {@code depth} above one, a send joins the lease held for earlier
 * sends that has the fewest requests outstanding, as long as that is fewer than {@code depth}, and takes a lease
 * (another connection) only when every held one is full: as an HTTP/2 client fills a connection's streams before it
 * opens another. Packing requests onto few connections is what makes pipelining pay: the backend reads several
 * requests in one {@code read} and answers them in one {@code write}, and the pool's writes leave together (see
 * {@link PoolConnection}). When every connection is full, a send waits in the pool's queue as any acquire does
 * (bounded by {@code maxWaiters}, failing after {@code acquireTimeout}); the first held lease to get room again takes
 * the oldest such send (its acquire is cancelled, and counted so in the pool's stats), so that waiting sends are
 * not starved by leases that never drain. A lease goes back to the pool when its last outstanding request is
 * answered, broken if any of them failed.
 *
 * <p>So the pool's accounting is unchanged (a lease is a connection in use, released once), and a lease shared
 * by a steady stream still comes back: after {@link #MAX_USES} requests it takes no more, drains and is released,
 * which keeps {@code maxLifetime}, validation and leak detection working. Used on the pool's event loop only.
 */
final class SharedLeases {

    /** Requests one lease carries at most before it is left to drain and go back to the pool. */
    static final int MAX_USES = 1024;

    private final Pool<PoolConnection> pool;
    private final int depth;
    private final long timeoutMillis;
    private final List<Held> held = new ArrayList<>();
    /** Sends of this path waiting in the pool's queue, oldest first (with {@code depth} above one). */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    SharedLeases(Pool<PoolConnection> pool, int depth, long timeoutMillis) {
        this.pool = pool;
        this.depth = depth;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends {@code payload} through a connection and tells {@code done} the response, or why there is none: an
     * {@link AcquireException} (no connection), a {@link java.util.concurrent.TimeoutException} or an I/O error.
     */
    void send(Buffer payload, BiConsumer<AsyncResult<Buffer>, Lease<PoolConnection>> done) {
        if (depth > 1) {
            Held h = leastLoaded();
            if (h != null) {
                issue(h, payload, done);
                return;
            }
        }
        Waiting w = new Waiting(payload, done);
        Waiter<PoolConnection> waiter = pool.acquire((lease, failure) -> {
            w.settled = true;
            if (depth > 1) {
                waiting.remove(w);
            }
            if (failure != null) {
                done.accept(Future.failedFuture(failure), null);
                return;
            }
            Held h = new Held(lease);
            if (depth > 1) {
                held.add(h);
            }
            issue(h, payload, done);
        });
        if (depth > 1 && !w.settled) {
            w.waiter = waiter;
            waiting.addLast(w);
        }
    }

    /** Leases held for sends now. */
    int held() {
        return held.size();
    }

    private Held leastLoaded() {
        Held best = null;
        for (int i = 0; i < held.size(); i++) {
            Held h = held.get(i);
            if (h.failed == null && h.uses < MAX_USES && h.outstanding < depth
                    && (best == null || h.outstanding < best.outstanding)) {
                best = h;
            }
        }
        return best;
    }

    private void issue(Held h, Buffer payload, BiConsumer<AsyncResult<Buffer>, Lease<PoolConnection>> done) {
        h.outstanding++;
        h.uses++;
        h.lease.connection().request(payload, timeoutMillis).onComplete(ar -> {
            h.outstanding--;
            if (ar.failed() && h.failed == null) {
                h.failed = ar.cause() instanceof java.util.concurrent.TimeoutException ? "response timed out"
                        : PoolConnection.reason(ar.cause());
            }
            // Room again on this lease: a send queued in the pool for a connection of its own takes it instead.
            while (!waiting.isEmpty() && h.failed == null && h.uses < MAX_USES && h.outstanding < depth) {
                Waiting next = waiting.pollFirst();
                if (pool.cancel(next.waiter)) {
                    next.settled = true;
                    issue(h, next.payload, next.done);
                }
            }
            if (h.outstanding == 0) {
                if (depth > 1) {
                    held.remove(h);
                }
                if (h.failed == null) {
                    h.lease.release();
                } else {
                    h.lease.releaseBroken(h.failed);
                }
            }
            done.accept(ar, h.lease);
        });
    }

    /** A send waiting in the pool's queue for a connection, which a held lease with room may take instead. */
    private static final class Waiting {

        final Buffer payload;
        final BiConsumer<AsyncResult<Buffer>, Lease<PoolConnection>> done;
        Waiter<PoolConnection> waiter;
        boolean settled;

        Waiting(Buffer payload, BiConsumer<AsyncResult<Buffer>, Lease<PoolConnection>> done) {
            this.payload = payload;
            this.done = done;
        }
    }

    /** A lease and the requests it carries now. */
    private static final class Held {

        final Lease<PoolConnection> lease;
        int outstanding;
        int uses;
        String failed;

        Held(Lease<PoolConnection> lease) {
            this.lease = lease;
        }
    }
}
