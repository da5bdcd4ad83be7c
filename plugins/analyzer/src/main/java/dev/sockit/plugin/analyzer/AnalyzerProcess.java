package dev.sockit.plugin.analyzer;

import dev.sockit.api.Addresses;
import dev.sockit.contracts.AnalyzerContract;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * An {@code analyzer} process: answers {@code sockit.<id>.analyze}, {@code .explain} and {@code .options} with a
 * Result. The work (reading files and /proc, opening probe sockets, sleeping between watch samples) runs on the
 * process's own worker threads, never on the event loop; a request with bad input fails with {@link Addresses#FAILURE_BAD_REQUEST} and a message naming the problem.
 */
final class AnalyzerProcess implements SockitProcess {

    /** Requests served at once; more wait their turn. */
    private static final int WORKERS = 4;
    /** The longest a request may run before Vert.x warns: longer than the longest watch (3600 samples, 1 h apart). */
    private static final long MAX_EXECUTE_HOURS = 3601;

    private final ProcessContext<AnalyzerConfig> ctx;
    private final Services services;
    private final LongAdder answered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    AnalyzerProcess(ProcessContext<AnalyzerConfig> ctx) {
        this.ctx = ctx;
        this.services = new Services(ctx.config(), ctx.audit(), ctx.id());
    }

    @Override
    public Deployable newInstance() {
        return new VerticleBase() {
            private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
            private WorkerExecutor workers;

            @Override
            public Future<?> start() {
                // Its own workers: a --watch sleeps between samples for up to hours, which would hold a thread of
                // Vert.x's shared pool and trip its blocked-thread warning after 60 s.
                workers = vertx.createSharedWorkerExecutor("sockit-" + ctx.id(), WORKERS, MAX_EXECUTE_HOURS,
                        TimeUnit.HOURS);
                consumers.add(serve(workers, AnalyzerContract.VERB_ANALYZE, body -> services.analyze(body,
                        (address, interval) -> ctx.vertx().eventBus().send(address, interval.toJson()))));
                consumers.add(serve(workers, AnalyzerContract.VERB_EXPLAIN, services::explain));
                consumers.add(serve(workers, AnalyzerContract.VERB_OPTIONS, services::options));
                return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
            }

            @Override
            public Future<?> stop() {
                return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                        .eventually(() -> workers.close());
            }
        };
    }

    private MessageConsumer<Object> serve(WorkerExecutor workers, String verb, Function<JsonObject, Result> work) {
        return ctx.vertx().eventBus().consumer(Addresses.request(ctx.id(), verb),
                msg -> handle(workers, msg, verb, work));
    }

    private void handle(WorkerExecutor workers, Message<Object> msg, String verb, Function<JsonObject, Result> work) {
        JsonObject body = msg.body() instanceof JsonObject j ? j : new JsonObject();
        workers.executeBlocking(() -> work.apply(body), false).onComplete(ar -> {
            if (ar.succeeded()) {
                answered.increment();
                msg.reply(ar.result().toJson());
            } else if (ar.cause() instanceof AnalyzerInputException e) {
                refused.increment();
                msg.fail(Addresses.FAILURE_BAD_REQUEST, e.getMessage());
            } else {
                failed.increment();
                ctx.logger().log(Level.WARNING, () -> "'" + ctx.id() + "' " + verb + " failed", ar.cause());
                // The trace is in the log; the reply says what happened without Java's class names.
                msg.fail(Addresses.FAILURE_INTERNAL, verb + " failed: " + Quote.escape(reason(ar.cause())));
            }
        });
    }

    /**
     * What went wrong in words: the first message from the outside in that is not just its cause's class and
     * message (as {@code new RuntimeException(cause)} makes), or what kind of failure it was.
     */
    static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && (c.getCause() == null || !m.equals(c.getCause().toString()))) {
                return m;
            }
        }
        return "an internal error (" + t.getClass().getSimpleName() + "), see the log";
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("procRoot", ctx.config().procRoot()).put("answered", answered.sum())
                .put("refused", refused.sum()).put("failed", failed.sum());
    }
}
