package dev.sockit.plugin.eventhandler;

import dev.sockit.api.SockitException;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.frame.FrameHandler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The handlers of a {@code chain}, run in order per frame: each step's {@link FrameAction} either hands a payload to
 * the next step or ends the chain with a reply or a close. A chain that runs to its end answers
 * {@link FrameAction#next} with the last payload, which the caller writes nowhere. Steps that complete at once run
 * in a loop, without a future per step; a step that throws, returns {@code null} or fails fails the whole frame with
 * a {@link FrameChainException} naming the step. Thread-safe if its handlers are.
 */
public final class FrameChain {

    private final Step[] steps;

    /** A chain of {@code steps}, run in this order. */
    public FrameChain(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: empty (expected: at least one handler)");
        }
        this.steps = steps.toArray(new Step[0]);
    }

    /** What the chain does with {@code payload}; never throws, failures are a failed future. */
    public Future<FrameAction> run(FrameContext frame, Buffer payload) {
        return run(frame, payload, 0);
    }

    private Future<FrameAction> run(FrameContext frame, Buffer payload, int from) {
        Buffer current = payload;
        for (int i = from; i < steps.length; i++) {
            Step step = steps[i];
            Future<FrameAction> f;
            try {
                f = step.handler().handle(frame, current);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                return Future.failedFuture(new FrameChainException(step, t));
            }
            if (f == null) {
                return Future.failedFuture(new FrameChainException(step, "returned no future"));
            }
            if (!f.isComplete()) {
                int next = i + 1;
                return f.transform(ar -> ar.succeeded() ? after(frame, step, ar.result(), next)
                        : Future.failedFuture(new FrameChainException(step, ar.cause())));
            }
            if (f.failed()) {
                return Future.failedFuture(new FrameChainException(step, f.cause()));
            }
            FrameAction action = f.result();
            if (action == null) {
                return Future.failedFuture(new FrameChainException(step, "answered no action"));
            }
            if (action.step() != FrameAction.Step.CONTINUE) {
                return Future.succeededFuture(action);
            }
            current = action.payload();
        }
        return Future.succeededFuture(FrameAction.next(current));
    }

    private Future<FrameAction> after(FrameContext frame, Step step, FrameAction action, int next) {
        if (action == null) {
            return Future.failedFuture(new FrameChainException(step, "answered no action"));
        }
        return action.step() == FrameAction.Step.CONTINUE ? run(frame, action.payload(), next)
                : Future.succeededFuture(action);
    }

    /** The handlers of the steps, in order. */
    public List<FrameHandler> handlers() {
        return Arrays.stream(steps).map(Step::handler).toList();
    }

    /** The names of the steps, in order. */
    public List<String> names() {
        return Arrays.stream(steps).map(Step::name).toList();
    }

    /** Each step's name and, where its handler keeps statistics, its status. */
    public JsonArray status() {
        JsonArray a = new JsonArray();
        for (Step s : steps) {
            JsonObject o = new JsonObject().put("handler", s.name());
            JsonObject st = s.handler().status();
            if (st != null) {
                o.put("status", st);
            }
            a.add(o);
        }
        return a;
    }

    /**
     * One step.
     *
     * @param index   its place in the chain, from 0
     * @param name    the handler's name, as the config writes it
     * @param handler the handler
     */
    public record Step(int index, String name, FrameHandler handler) {

        /** Checks the fields. */
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(handler, "handler");
        }

        /** {@code chain[1] route}: how messages name the step. */
        @Override
        public String toString() {
            return "chain[" + index + "] " + name;
        }
    }

    /** A step that failed a frame: its message names the step and says why. */
    public static final class FrameChainException extends SockitException {

        private static final long serialVersionUID = 1L;

        FrameChainException(Step step, Throwable cause) {
            super(step + ": " + describe(cause), cause);
        }

        FrameChainException(Step step, String problem) {
            super(step + ": " + problem);
        }

        private static String describe(Throwable t) {
            String m = t.getMessage();
            return t instanceof SockitException && m != null ? m
                    : t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        }
    }
}
