package dev.sockit.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Serves a {@link Verb} on the event bus, the same way for every process: the body is bound to the verb's request
 * type on the event loop (a bad body fails with 400 at once), the handler runs on the event loop or, when given
 * workers, on them; its Result is the reply. A {@link BadRequestException} fails the request with
 * {@link Addresses#FAILURE_BAD_REQUEST} and its message; anything else with {@link Addresses#FAILURE_INTERNAL} and
 * {@code <verb> failed: <reason>}, the trace going to the process's logger.
 *
 * <p>The verb is registered at both addresses of {@link Addresses}' rule: the short form
 * {@code sockit.<processId>.<verb>} as a node-local consumer, the node-qualified form
 * {@code sockit.@<nodeId>.<processId>.<verb>} as a cluster-wide one.
 *
 * <p>{@code ProcessContext.serve(verb, handler)} calls this; a plugin does not need to.
 */
public final class Verbs {

    private Verbs() {
    }

    /**
     * Serves {@code verb} for process {@code processId} on node {@code nodeId}.
     *
     * @param workers where the handler runs; {@code null}: on the event loop (then it must not block)
     * @param logger  where a handler's failure is logged, with its trace
     */
    public static <Q> VerbConsumer serve(Vertx vertx, String nodeId, String processId, Verb<Q> verb,
                                         WorkerExecutor workers, VerbHandler<Q> handler, System.Logger logger) {
        EventBus bus = vertx.eventBus();
        Handler<Message<Object>> serve = msg -> handle(msg, processId, verb, workers, handler, logger);
        MessageConsumer<Object> local = bus.localConsumer(verb.address(processId), serve);
        MessageConsumer<Object> cluster = bus.consumer(Addresses.nodeRequest(nodeId, processId, verb.name()), serve);
        List<MessageConsumer<Object>> consumers = List.of(local, cluster);
        return new VerbConsumer() {
            @Override
            public Future<Void> completion() {
                return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
            }

            @Override
            public Future<Void> unregister() {
                return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
            }
        };
    }

    private static <Q> void handle(Message<Object> msg, String processId, Verb<Q> verb, WorkerExecutor workers,
                                   VerbHandler<Q> handler, System.Logger logger) {
        Q request;
        try {
            request = verb.bind(msg.body());
        } catch (BadRequestException e) {
            msg.fail(Addresses.FAILURE_BAD_REQUEST, e.getMessage());
            return;
        }
        Callable<Result> work = () -> handler.handle(request);
        Future<Result> answer;
        if (workers != null) {
            answer = workers.executeBlocking(work, false);
        } else {
            try {
                answer = Future.succeededFuture(work.call());
            } catch (Exception e) {
                answer = Future.failedFuture(e);
            }
        }
        answer.onComplete(ar -> {
            if (ar.succeeded() && ar.result() != null) {
                msg.reply(ar.result().toJson());
            } else if (ar.succeeded()) {
                msg.fail(Addresses.FAILURE_INTERNAL, verb.name() + " failed: the handler returned no Result");
            } else if (ar.cause() instanceof BadRequestException e) {
                msg.fail(Addresses.FAILURE_BAD_REQUEST, e.getMessage());
            } else {
                logger.log(Level.WARNING, () -> "'" + processId + "' " + verb.name() + " failed", ar.cause());
                // The trace is in the log; the reply says what happened without Java's class names.
                msg.fail(Addresses.FAILURE_INTERNAL, verb.name() + " failed: " + Quote.escape(reason(ar.cause())));
            }
        });
    }

    /**
     * What went wrong in words: the first message from the outside in that is not just its cause's class and
     * message (as {@code new RuntimeException(cause)} makes), or what kind of failure it was.
     */
    public static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && (c.getCause() == null || !m.equals(c.getCause().toString()))) {
                return m;
            }
        }
        return "an internal error (" + t.getClass().getSimpleName() + "), see the log";
    }
}
