package dev.sockit.api.frame;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One step of a frame chain: takes a whole frame's payload and says what happens next ({@link FrameAction}):
 * continue to the next step with a payload, reply with a payload, or close. Handlers compose: the chain runs them in
 * order until one replies or closes; a chain that runs to its end writes nothing.
 *
 * <p>{@link #handle} runs on an event loop and must never block it: work that waits (an event-bus request, a
 * lookup) returns a future that completes later. One handler serves every connection of its process, possibly from
 * several event loops at once, so any state it keeps is thread-safe and bounded. A handler that throws or returns a
 * failed future fails only the frame's connection (its process's {@code onError} says how).
 */
@FunctionalInterface
public interface FrameHandler {

    /**
     * What to do with {@code payload}, a whole frame of the connection {@code frame} describes. The payload may be
     * returned as it is, or a new buffer in its place.
     */
    Future<FrameAction> handle(FrameContext frame, Buffer payload);

    /** This handler's statistics for its process's status, or {@code null} for none. Called from any thread. */
    default JsonObject status() {
        return null;
    }
}
