package dev.sockit.net;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The counters a socket process reports in its status, in the order it reports them. Each is a {@link Number} that
 * the hot path holds and updates directly, a {@link java.util.concurrent.atomic.LongAdder} or an
 * {@link java.util.concurrent.atomic.AtomicLong}: nothing is looked up by name while counting, and
 * {@link #putInto(JsonObject)} reads each one's {@code longValue()} when the status is written.
 *
 * <pre>{@code
 * final LongAdder accepted = counters.add("accepted", new LongAdder());
 * ...
 * counters.putInto(status);   // "accepted": 12, ...
 * }</pre>
 *
 * <p>Counters are added while the process is constructed, before any status is asked for; the counters themselves
 * are safe to update and read from any thread.
 */
public final class StatusCounters {

    private final List<String> names = new ArrayList<>();
    private final List<Number> counters = new ArrayList<>();

    /** No counter yet. */
    public StatusCounters() {
    }

    /**
     * Adds {@code counter}, reported as {@code name} after those added before it, and returns it for the caller to
     * hold.
     *
     * @throws IllegalArgumentException when {@code name} is added already
     */
    public <N extends Number> N add(String name, N counter) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(counter, "counter");
        if (names.contains(name)) {
            throw new IllegalArgumentException("counter " + name + " is added already (expected: one counter"
                    + " per status key)");
        }
        names.add(name);
        counters.add(counter);
        return counter;
    }

    /** Puts every counter's current value into {@code status} under its name, in the order they were added. */
    public JsonObject putInto(JsonObject status) {
        for (int i = 0; i < names.size(); i++) {
            status.put(names.get(i), counters.get(i).longValue());
        }
        return status;
    }
}
