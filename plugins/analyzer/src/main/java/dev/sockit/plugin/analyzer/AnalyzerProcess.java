package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.VerbConsumer;
import dev.sockit.api.VerbHandler;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.contracts.AnalyzerContract;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@code analyzer} process: serves {@link AnalyzerContract#ANALYZE}, {@link AnalyzerContract#EXPLAIN} and
 * {@link AnalyzerContract#OPTIONS} ({@code sockit.<id>.analyze}, {@code .explain}, {@code .options}) with a Result.
 * The work (reading files and /proc, opening probe sockets, sleeping between watch samples) runs on the process's own
 * worker threads, never on the event loop; a request with bad input fails with 400 and a message naming the problem
 * ({@link ProcessContext#serve}).
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
            private final List<VerbConsumer> verbs = new ArrayList<>();
            private WorkerExecutor workers;

            @Override
            public Future<?> start() {
                // Its own workers: a --watch sleeps between samples for up to hours, which would hold a thread of
                // Vert.x's shared pool and trip its blocked-thread warning after 60 s.
                workers = vertx.createSharedWorkerExecutor("sockit-" + ctx.id(), WORKERS, MAX_EXECUTE_HOURS,
                        TimeUnit.HOURS);
                verbs.add(ctx.serve(AnalyzerContract.ANALYZE, workers, counted(request -> services.analyze(request,
                        (address, interval) -> ctx.vertx().eventBus().send(address, interval.toJson())))));
                verbs.add(ctx.serve(AnalyzerContract.EXPLAIN, workers, counted(services::explain)));
                verbs.add(ctx.serve(AnalyzerContract.OPTIONS, workers, counted(services::options)));
                verbs.add(ctx.serve(AnalyzerContract.CAPTURE, workers, counted(services::capture)));
                verbs.add(ctx.serve(AnalyzerContract.LAB, workers, counted(request -> LabRun.run(request,
                        (address, built) -> ctx.vertx().eventBus().send(address, built.toJson())))));
                return Future.all(verbs.stream().map(VerbConsumer::completion).toList());
            }

            @Override
            public Future<?> stop() {
                return Future.all(verbs.stream().map(VerbConsumer::unregister).toList())
                        .eventually(() -> workers.close());
            }
        };
    }

    /** {@code handler}, counting what it answered, refused as bad input and failed, for {@link #status()}. */
    private <Q> VerbHandler<Q> counted(VerbHandler<Q> handler) {
        return request -> {
            try {
                Result r = handler.handle(request);
                answered.increment();
                return r;
            } catch (BadRequestException e) {
                refused.increment();
                throw e;
            } catch (Exception | Error e) {
                failed.increment();
                throw e;
            }
        };
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("procRoot", ctx.config().procRoot()).put("answered", answered.sum())
                .put("refused", refused.sum()).put("failed", failed.sum());
    }
}
