package dev.sockit.plugin.pool;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Which target a {@link Pool} leases from or connects to, by its {@link Balance}: the pool's choice of target, kept
 * apart from its accounting. Its functions are made once, so a choice allocates nothing. Used on the pool's thread.
 */
final class TargetChooser {

    private final Balance balance;
    private final List<PoolTarget> targets;
    private final IntSupplier rotate = this::rotate;
    private final DoubleSupplier random;
    private final ToIntFunction<PoolTarget> inUse = t -> t.inUse;
    private final ToIntFunction<PoolTarget> held = t -> t.slots;
    private final Predicate<PoolTarget> hasIdle = t -> !t.idle.isEmpty();
    private int next;

    TargetChooser(Balance balance, List<PoolTarget> targets, DoubleSupplier random) {
        this.balance = balance;
        this.targets = targets;
        this.random = random;
    }

    /** A target with an idle connection (the pool has one somewhere). */
    PoolTarget forLease() {
        if (targets.size() == 1) {
            return targets.get(0);
        }
        return Balancing.pick(balance, targets, hasIdle, inUse, rotate, random);
    }

    /** A target not backing off at {@code now}, or {@code null}; least-in-use counts the connections it holds. */
    PoolTarget forConnect(long now) {
        return Balancing.pick(balance, targets, t -> t.available(now),
                balance == Balance.LEAST_IN_USE ? held : inUse, rotate, random);
    }

    /** How long until the first target's backoff ends, from {@code now}: 0 if one is available now. */
    long untilAvailable(long now) {
        long wait = Long.MAX_VALUE;
        for (PoolTarget t : targets) {
            wait = Math.min(wait, Math.max(0, t.nextAttemptAt - now));
        }
        return wait;
    }

    private int rotate() {
        int i = next;
        next = (next + 1) % targets.size();
        return i;
    }
}
