package dev.sockit.api.frame;

import io.vertx.core.buffer.Buffer;

import java.util.Objects;

/**
 * What a {@link FrameHandler} decided about a frame: {@link #next(Buffer) continue} the chain with a payload,
 * {@link #reply(Buffer) reply} with a payload, or {@link #close() close} the connection, after a reply or not.
 *
 * @param step    what happens next
 * @param payload the payload handed on ({@link Step#CONTINUE}) or written back ({@link Step#REPLY},
 *                {@link Step#CLOSE}); {@code null} only for a close without a reply
 */
public record FrameAction(Step step, Buffer payload) {

    /** The one close that writes nothing. */
    private static final FrameAction CLOSE = new FrameAction(Step.CLOSE, null);

    /** Checks that only a close goes without a payload. */
    public FrameAction {
        Objects.requireNonNull(step, "step");
        if (payload == null && step != Step.CLOSE) {
            throw new IllegalArgumentException("payload: null for " + step + " (expected: a buffer, maybe empty)");
        }
    }

    /** Hands {@code payload} to the next step of the chain; at the chain's end nothing is written. */
    public static FrameAction next(Buffer payload) {
        return new FrameAction(Step.CONTINUE, payload);
    }

    /** Ends the chain: {@code payload} is written back, framed by the connection's codec (empty: nothing). */
    public static FrameAction reply(Buffer payload) {
        return new FrameAction(Step.REPLY, payload);
    }

    /** Ends the chain: {@code payload} is written back, then the connection closes. */
    public static FrameAction replyAndClose(Buffer payload) {
        return new FrameAction(Step.CLOSE, payload);
    }

    /** Ends the chain and closes the connection, writing nothing. */
    public static FrameAction close() {
        return CLOSE;
    }

    /** What happens after a step. */
    public enum Step {
        /** The next step gets the payload. */
        CONTINUE,
        /** The payload is written back; the chain ends. */
        REPLY,
        /** The payload, if any, is written back, then the connection closes; the chain ends. */
        CLOSE
    }
}
