package dev.sockit.contracts;

import dev.sockit.api.Addresses;
import dev.sockit.api.Verb;

/**
 * The event-bus contract of the {@code connection-pool} plugin (docs/connection-pool.md).
 *
 * <ul>
 *   <li>{@code sockit.<id>.send} ({@link #send(String)}): a request whose body is a {@code Buffer}, one request
 *       frame's payload. The pool frames it with its codec, writes it on a leased connection and replies with the
 *       payload of the one response frame, a {@code Buffer}. Failures are {@code message.fail(code, text)}, the
 *       text naming the target and the reason: {@link #FAILURE_UNAVAILABLE} (no connection within
 *       {@code acquireTimeout}, or {@code maxWaiters} already waiting), {@link #FAILURE_TIMEOUT} (no response
 *       within {@code requestTimeout}), {@link #FAILURE_BAD_GATEWAY} (the backend closed or reset the connection,
 *       or sent what the codec cannot frame). A body that is not a {@code Buffer} fails with
 *       {@link Addresses#FAILURE_BAD_REQUEST}.</li>
 *   <li>{@code sockit.<id>.stats} ({@link #STATS}): a JSON request (an empty object), answered with a Result whose
 *       {@code data} holds the figures under the {@code STAT_*} keys.</li>
 * </ul>
 * These are node-local short addresses ({@link Addresses}); the pool also answers at the node-qualified ones.
 * The pool runs on the event loop {@link #homeLoop(String, int)} names, so that a caller can share it.
 */
public final class PoolContract {

    /** The process kind. */
    public static final String KIND = "connection-pool";
    /** The verb that sends one frame and answers with one frame. */
    public static final String VERB_SEND = "send";
    /** The pool's figures. */
    public static final Verb<StatsRequest> STATS = Verb.of("stats", StatsRequest.class);

    /** No connection within {@code acquireTimeout}, or too many waiters: try later or raise the limits. */
    public static final int FAILURE_UNAVAILABLE = 503;
    /** The backend did not answer within {@code requestTimeout}. */
    public static final int FAILURE_TIMEOUT = 504;
    /** The backend closed or reset the connection, or answered with what the codec cannot frame. */
    public static final int FAILURE_BAD_GATEWAY = 502;

    /** Connections held: connecting, idle, in use, being probed. */
    public static final String STAT_TOTAL = "total";
    /** Connections ready for a lease. */
    public static final String STAT_IDLE = "idle";
    /** Connections leased. */
    public static final String STAT_ACTIVE = "active";
    /** Acquires waiting. */
    public static final String STAT_PENDING = "pending";
    /** Connections made since start. */
    public static final String STAT_CREATED = "created";
    /** Connections closed since start. */
    public static final String STAT_DESTROYED = "destroyed";
    /** Acquires that timed out. */
    public static final String STAT_TIMEOUTS = "timeouts";
    /** Acquire latency in microseconds: an object with {@code p50}, {@code p99} and {@code max}. */
    public static final String STAT_ACQUIRE_LATENCY = "acquireLatencyMicros";

    private PoolContract() {
    }

    /** {@code sockit.<poolId>.send}: where a frame is sent through pool {@code poolId}. */
    public static String send(String poolId) {
        return Addresses.request(poolId, VERB_SEND);
    }

    /**
     * Which of the runtime's {@code loops} event loops (in the order the event-loop group lists them) the pool
     * {@code poolId} runs on: its {@code send} consumer, its connections and its timers. A caller that runs on the
     * same loop (an {@code event-handler} with one instance whose chain routes to the pool) sends and gets its
     * replies without waking another thread. A hint for speed, not a rule: any caller on any thread is served.
     *
     * @return an index in {@code [0, loops)}
     */
    public static int homeLoop(String poolId, int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops: " + loops + " (expected: at least 1)");
        }
        return Math.floorMod(poolId.hashCode(), loops);
    }

    /** The body of a {@code stats} request: nothing to say. */
    public record StatsRequest() {
    }
}
