package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection pool's accounting, with no I/O of its own: slots bounded by {@code maxSize}, {@code minIdle}
 * connections kept ready, a bounded queue of waiters with a timeout each, validation on acquire, lifetime with
 * jitter, idle eviction, keepalive probes, leak detection, and reconnect with backoff per target. The connections
 * themselves are made, checked and closed by a {@link PoolEnv}.
 *
 * <p>Not thread-safe by design: every call comes from one thread, the event loop of the pool's context (callers
 * elsewhere hop onto it), so acquire and release are plain field updates. Waiter callbacks run on that thread,
 * possibly before {@link #acquire} returns.
 *
 * <p>Invariants, checked by the property test after every event: connecting + idle + leased + probing ≤
 * {@code maxSize}; waiters ≤ {@code maxWaiters}; created − destroyed = the connections held; every lease is
 * released at most once.
 *
 * @param <C> the connection type
 */
public final class Pool<C> {

    private final PoolSettings settings;
    private final PoolEnv<C> env;
    private final List<PoolTarget> targets;
    private final List<PoolSlot<C>> slots = new ArrayList<>();
    private final ArrayDeque<Waiter<C>> waiters = new ArrayDeque<>();
    private final PoolCounters counters = new PoolCounters();
    private final boolean captureStacks;
    private final TargetChooser choose;
    private PoolEnv.Cancellable housekeeper;
    private PoolEnv.Cancellable retry;
    /**
     * The one acquire timer, armed for the oldest waiter's deadline: every waiter waits the same
     * {@code acquireTimeout} and the queue is in arrival order, so the head is always the first due. A waiter served
     * or cancelled leaves it armed; when it fires it times out the waiters that are due and re-arms for the next.
     */
    private PoolEnv.Cancellable waitTimer;
    private long nextSlotId = 1;
    private int connecting;
    private int idle;
    private int leased;
    private int probing;
    private boolean closed;
    private PoolTarget lastFailed;

    /** A pool over {@code targets} (at least one). Call {@link #start()} to pre-warm and start housekeeping. */
    public Pool(PoolSettings settings, List<HostPort> targets, PoolEnv<C> env) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one target");
        }
        this.settings = settings;
        this.env = env;
        List<PoolTarget> list = new ArrayList<>();
        for (HostPort t : targets) {
            list.add(new PoolTarget(t, list.size()));
        }
        this.targets = List.copyOf(list);
        this.captureStacks = settings.leakThreshold() > 0;
        this.choose = new TargetChooser(settings.balance(), this.targets, env::random);
    }

    /** Makes the {@code minIdle} connections and starts the housekeeper. */
    public void start() {
        housekeeper = env.schedule(settings.housekeepingPeriod(), this::housekeepAndReschedule);
        fill();
    }

    /**
     * Asks for a connection. {@code done} gets a {@link Lease} or an {@link AcquireException}: at once when an
     * idle connection is usable or the waiter queue is full, else when a connection comes free or is made, or
     * after {@code acquireTimeout}. The returned waiter can be {@link #cancel cancelled}.
     */
    public Waiter<C> acquire(AcquireCallback<C> done) {
        long now = env.nanoTime();
        Waiter<C> waiter = new Waiter<>(done, now,
                captureStacks ? new Throwable("lease taken here (acquire called)") : null);
        if (closed) {
            waiter.fail(AcquireException.closed(connecting));
            return waiter;
        }
        PoolSlot<C> slot = waiters.isEmpty() ? takeIdle(now) : null;
        if (slot != null) {
            lease(slot, waiter, now);
            if (idle + probing < settings.minIdle() && connecting + idle + leased + probing < settings.maxSize()) {
                fill();
            }
            return waiter;
        }
        if (waiters.size() >= settings.maxWaiters()) {
            counters.rejected++;
            waiter.fail(AcquireException.tooManyWaiters(waiters.size(), settings.maxWaiters(), connecting));
            return waiter;
        }
        waiters.addLast(waiter);
        armWaitTimer(now);
        fill();
        return waiter;
    }

    /** Gives up {@code waiter}'s acquire; {@code true} if it was still waiting (it then gets no callback). */
    public boolean cancel(Waiter<C> waiter) {
        if (!waiters.remove(waiter)) {
            return false;
        }
        waiter.done = true;
        counters.cancelled++;
        return true;
    }

    /** Arms the acquire timer for the oldest waiter, unless it is armed already (for that waiter or an older one). */
    private void armWaitTimer(long now) {
        Waiter<C> head = waiters.peekFirst();
        if (waitTimer == null && head != null && !closed) {
            waitTimer = env.schedule(Math.max(1, head.since + settings.acquireTimeout() - now), this::waitersDue);
        }
    }

    /** The acquire timer fired: times out every waiter that has waited {@code acquireTimeout}, oldest first. */
    private void waitersDue() {
        waitTimer = null;
        long now = env.nanoTime();
        for (Waiter<C> head; (head = waiters.peekFirst()) != null
                && now - head.since >= settings.acquireTimeout(); ) {
            waiters.pollFirst();
            timeout(head);
        }
        armWaitTimer(now);
    }

    private void timeout(Waiter<C> waiter) {
        counters.timeouts++;
        PoolTarget failed = lastFailed != null && lastFailed.failures > 0 ? lastFailed : null;
        waiter.fail(AcquireException.timeout(settings.acquireTimeout(), leased, settings.maxSize(), connecting,
                failed));
    }

    boolean release(Lease<C> lease, String brokenReason) {
        if (lease.released) {
            counters.doubleReleases++;
            return false;
        }
        lease.released = true;
        PoolSlot<C> slot = lease.slot;
        long now = env.nanoTime();
        leased--;
        slot.target.inUse--;
        slot.acquiredAt = null;
        counters.released++;
        String reason = brokenReason != null ? brokenReason : slot.brokenReason;
        if (reason == null && closed) {
            reason = "pool closed";
        } else if (reason == null && slot.expired(now)) {
            reason = "maxLifetime";
        } else if (reason == null && !env.usable(slot.connection)) {
            reason = "not usable after release";
        }
        if (reason != null) {
            destroy(slot, reason);
            fill();
        } else {
            toIdle(slot, now);
            dispatch(now);
        }
        return true;
    }

    /** The connect of {@code slot} succeeded with {@code connection}. */
    public void connected(PoolSlot<C> slot, C connection) {
        connecting--;
        long now = env.nanoTime();
        slot.connection = connection;
        slot.createdAt = now;
        long lifetime = settings.maxLifetime();
        slot.expiresAt = lifetime <= 0 ? Long.MAX_VALUE
                : now + lifetime - (long) (lifetime * PoolSettings.LIFETIME_JITTER * env.random());
        slot.target.failures = 0;
        slot.target.lastError = null;
        counters.created++;
        if (closed) {
            destroy(slot, "pool closed");
            return;
        }
        toIdle(slot, now);
        dispatch(now);
    }

    /** The connect of {@code slot} failed with {@code cause}: the target backs off. */
    public void connectFailed(PoolSlot<C> slot, Throwable cause) {
        connecting--;
        slot.state = PoolSlot.State.CLOSED;
        slots.remove(slot);
        slot.target.slots--;
        slot.target.failed(cause, env.nanoTime(), settings, env.random());
        lastFailed = slot.target;
        counters.connectFailures++;
        if (!closed) {
            fill();
        }
    }

    /**
     * The connection of {@code slot} closed or failed by itself ({@code reason}): idle, it is dropped now; leased,
     * it is dropped when released; its holder learns from its own I/O.
     */
    public void lost(PoolSlot<C> slot, String reason) {
        switch (slot.state) {
            case IDLE -> {
                removeIdle(slot);
                destroy(slot, reason);
                fill();
            }
            case LEASED, PROBING -> slot.brokenReason = reason;
            default -> {
                // connecting (the env reports that as connectFailed) or gone already
            }
        }
    }

    /** Closes the pool: waiters fail, idle connections close, leased ones close when released. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (housekeeper != null) {
            housekeeper.cancel();
        }
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
        if (waitTimer != null) {
            waitTimer.cancel();
            waitTimer = null;
        }
        while (!waiters.isEmpty()) {
            Waiter<C> w = waiters.pollFirst();
            w.fail(AcquireException.closed(connecting));
        }
        for (PoolSlot<C> slot : List.copyOf(slots)) {
            if (slot.state == PoolSlot.State.IDLE) {
                removeIdle(slot);
                destroy(slot, "pool closed");
            }
        }
    }

    /** The pool's figures now. */
    public PoolStats stats() {
        return new PoolStats(connecting + idle + leased + probing, idle, leased, waiters.size(), connecting,
                counters.created, counters.destroyed, counters.timeouts, counters.rejected,
                counters.connectFailures, counters.acquired, counters.released, counters.doubleReleases,
                counters.leaks, counters.latency.percentile(50), counters.latency.percentile(99),
                counters.latency.max());
    }

    /** The targets, in config order. */
    public List<PoolTarget> targets() {
        return targets;
    }

    /** The slots now held (connecting, idle, leased or probing), for tests and status. */
    List<PoolSlot<C>> slots() {
        return List.copyOf(slots);
    }

    /** Evicts and probes idle connections, reports leaks, refills to {@code minIdle}. */
    void housekeep() {
        long now = env.nanoTime();
        int spare = idle + probing + leased + connecting - settings.minIdle();
        for (PoolSlot<C> slot : List.copyOf(slots)) {
            if (slot.state == PoolSlot.State.IDLE) {
                long idleFor = now - slot.idleSince;
                String reason = slot.expired(now) ? "maxLifetime"
                        : !env.usable(slot.connection) ? "not usable"
                        : settings.idleTimeout() > 0 && idleFor >= settings.idleTimeout() && spare > 0
                        ? "idleTimeout" : null;
                if (reason != null) {
                    removeIdle(slot);
                    destroy(slot, reason);
                    spare--;
                } else if (settings.keepalive() > 0 && idleFor >= settings.keepalive()) {
                    probe(slot);
                }
            } else if (slot.state == PoolSlot.State.LEASED && captureStacks && !slot.leakReported
                    && now - slot.leasedAt >= settings.leakThreshold()) {
                slot.leakReported = true;
                counters.leaks++;
                env.leak(slot, now - slot.leasedAt, slot.acquiredAt);
            }
        }
        fill();
    }

    private void housekeepAndReschedule() {
        if (closed) {
            return;
        }
        housekeep();
        housekeeper = env.schedule(settings.housekeepingPeriod(), this::housekeepAndReschedule);
    }

    private void probe(PoolSlot<C> slot) {
        removeIdle(slot);
        slot.state = PoolSlot.State.PROBING;
        probing++;
        env.probe(slot.connection, ok -> {
            probing--;
            long now = env.nanoTime();
            if (!ok || slot.brokenReason != null || closed) {
                destroy(slot, closed ? "pool closed" : slot.brokenReason != null ? slot.brokenReason
                        : "keepalive probe failed");
                fill();
            } else {
                toIdle(slot, now);
                dispatch(now);
            }
        });
    }

    /** Starts the connects that waiters and {@code minIdle} need, as far as {@code maxSize} and backoff allow. */
    private void fill() {
        if (closed) {
            return;
        }
        long now = env.nanoTime();
        int need = Math.max(waiters.size() - connecting, settings.minIdle() - idle - probing - connecting);
        int room = settings.maxSize() - (connecting + idle + leased + probing);
        for (int i = 0; i < Math.min(need, room); i++) {
            PoolTarget t = choose.forConnect(now);
            if (t == null) {
                scheduleRetry(now);
                return;
            }
            PoolSlot<C> slot = new PoolSlot<>(nextSlotId++, t);
            slots.add(slot);
            t.slots++;
            connecting++;
            env.connect(slot);
        }
    }

    private void scheduleRetry(long now) {
        if (retry != null) {
            return;
        }
        retry = env.schedule(Math.max(1, choose.untilAvailable(now)), () -> {
            retry = null;
            fill();
        });
    }

    /** Hands idle connections to waiters, oldest waiter first. */
    private void dispatch(long now) {
        while (!waiters.isEmpty()) {
            PoolSlot<C> slot = takeIdle(now);
            if (slot == null) {
                return;
            }
            lease(slot, waiters.pollFirst(), now);
        }
    }

    private void lease(PoolSlot<C> slot, Waiter<C> waiter, long now) {
        slot.state = PoolSlot.State.LEASED;
        slot.leasedAt = now;
        slot.leakReported = false;
        slot.acquiredAt = waiter.acquiredAt;
        slot.target.inUse++;
        leased++;
        counters.acquired++;
        counters.latency.record(now - waiter.since);
        waiter.done = true;
        waiter.callback.acquired(new Lease<>(this, slot), null);
    }

    /** An idle connection that passes validation, from the target balance picks; broken ones are evicted. */
    private PoolSlot<C> takeIdle(long now) {
        while (idle > 0) {
            PoolTarget t = choose.forLease();
            @SuppressWarnings("unchecked")
            PoolSlot<C> slot = (PoolSlot<C>) t.idle.pollLast();
            idle--;
            if (slot.expired(now) || slot.brokenReason != null || !env.usable(slot.connection)) {
                destroy(slot, slot.expired(now) ? "maxLifetime"
                        : slot.brokenReason != null ? slot.brokenReason : "failed validation");
                continue;
            }
            return slot;
        }
        fill();
        return null;
    }

    private void toIdle(PoolSlot<C> slot, long now) {
        slot.state = PoolSlot.State.IDLE;
        slot.idleSince = now;
        slot.target.idle.addLast(slot);
        idle++;
    }

    private void removeIdle(PoolSlot<C> slot) {
        if (slot.target.idle.remove(slot)) {
            idle--;
        }
    }

    private void destroy(PoolSlot<C> slot, String reason) {
        slot.state = PoolSlot.State.CLOSED;
        slots.remove(slot);
        slot.target.slots--;
        counters.destroyed++;
        env.close(slot, slot.connection, reason);
    }

}
