package dev.sockit.plugin.pool;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** The three {@link Balance} rules as one choice over a pool's targets. Allocates nothing. */
final class Balancing {

    private Balancing() {
    }

    /**
     * The target {@code balance} picks among those {@code eligible}, {@code null} if none is.
     *
     * @param load   what least-in-use and power-of-two compare (connections in use, or held)
     * @param rotate the next round-robin start, advanced by each call
     * @param random a number in [0, 1) for power-of-two
     */
    static PoolTarget pick(Balance balance, List<PoolTarget> targets, Predicate<PoolTarget> eligible,
                           ToIntFunction<PoolTarget> load, IntSupplier rotate, DoubleSupplier random) {
        int n = targets.size();
        if (n == 1) {
            PoolTarget only = targets.get(0);
            return eligible.test(only) ? only : null;
        }
        switch (balance) {
            case ROUND_ROBIN -> {
                int start = rotate.getAsInt();
                for (int i = 0; i < n; i++) {
                    PoolTarget t = targets.get((start + i) % n);
                    if (eligible.test(t)) {
                        return t;
                    }
                }
                return null;
            }
            case POWER_OF_TWO -> {
                PoolTarget a = targets.get((int) (random.getAsDouble() * n));
                PoolTarget b = targets.get((int) (random.getAsDouble() * n));
                boolean okA = eligible.test(a);
                boolean okB = eligible.test(b);
                if (okA && okB) {
                    return load.applyAsInt(b) < load.applyAsInt(a) ? b : a;
                }
                if (okA || okB) {
                    return okA ? a : b;
                }
                return least(targets, eligible, load);
            }
            default -> {
                return least(targets, eligible, load);
            }
        }
    }

    private static PoolTarget least(List<PoolTarget> targets, Predicate<PoolTarget> eligible,
                                    ToIntFunction<PoolTarget> load) {
        PoolTarget best = null;
        for (PoolTarget t : targets) {
            if (eligible.test(t) && (best == null || load.applyAsInt(t) < load.applyAsInt(best))) {
                best = t;
            }
        }
        return best;
    }
}
