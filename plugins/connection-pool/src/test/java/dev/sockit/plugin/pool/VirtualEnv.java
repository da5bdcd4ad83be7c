package dev.sockit.plugin.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A {@link PoolEnv} on virtual time for pool tests: timers run when the test advances the clock, connects and
 * probes wait until the test completes them, connections are plain objects that can be killed.
 */
final class VirtualEnv implements PoolEnv<VirtualEnv.Conn> {

    /** A pretend connection. */
    static final class Conn {
        final long slotId;
        boolean open = true;
        int closes;
        String closeReason;

        Conn(long slotId) {
            this.slotId = slotId;
        }
    }

    private static final class Task implements Cancellable {
        final long due;
        final long seq;
        final Runnable run;
        boolean cancelled;

        Task(long due, long seq, Runnable run) {
            this.due = due;
            this.seq = seq;
            this.run = run;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    record Probe(Conn conn, Consumer<Boolean> done) {
    }

    record Leak(long slotId, long heldNanos, Throwable acquiredAt) {
    }

    final Random random;
    Pool<Conn> pool;
    long now = 1_000_000_000L;
    long seq;
    final List<Task> tasks = new ArrayList<>();
    final List<PoolSlot<Conn>> connects = new ArrayList<>();
    final List<Probe> probes = new ArrayList<>();
    final List<Conn> opened = new ArrayList<>();
    final List<Leak> leaks = new ArrayList<>();
    final List<Long> expiries = new ArrayList<>();

    VirtualEnv(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + delayNanos, seq++, task);
        tasks.add(t);
        return t;
    }

    @Override
    public double random() {
        return random.nextDouble();
    }

    @Override
    public void connect(PoolSlot<Conn> slot) {
        connects.add(slot);
    }

    @Override
    public void close(PoolSlot<Conn> slot, Conn connection, String reason) {
        if (connection != null) {
            connection.open = false;
            connection.closes++;
            connection.closeReason = reason;
        }
    }

    @Override
    public boolean usable(Conn connection) {
        return connection.open;
    }

    @Override
    public void probe(Conn connection, Consumer<Boolean> done) {
        probes.add(new Probe(connection, done));
    }

    @Override
    public void leak(PoolSlot<Conn> slot, long heldNanos, Throwable acquiredAt) {
        leaks.add(new Leak(slot.id(), heldNanos, acquiredAt));
    }

    /** Completes pending connect {@code i}: a connection if {@code up}, else "Connection refused". */
    void completeConnect(int i, boolean up) {
        PoolSlot<Conn> slot = connects.remove(i);
        if (up) {
            Conn c = new Conn(slot.id());
            opened.add(c);
            pool.connected(slot, c);
            expiries.add(slot.expiresAt());
        } else {
            pool.connectFailed(slot, new java.net.ConnectException("Connection refused"));
        }
    }

    /** Completes every pending connect. */
    void completeConnects(boolean up) {
        while (!connects.isEmpty()) {
            completeConnect(0, up);
        }
    }

    /** Moves the clock on by {@code nanos}, running the timers that fall due, in time order. */
    void advance(long nanos) {
        long until = now + nanos;
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.due <= until)
                    .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.seq)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.run.run();
        }
        tasks.removeIf(t -> t.cancelled);
        now = until;
    }
}
