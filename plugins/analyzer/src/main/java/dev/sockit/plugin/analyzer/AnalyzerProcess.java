package dev.sockit.plugin.analyzer;

import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.api.spi.WorkerVerbs;
import dev.sockit.contracts.AnalyzerContract;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * An {@code analyzer} process: serves {@link AnalyzerContract#ANALYZE}, {@link AnalyzerContract#EXPLAIN},
 * {@link AnalyzerContract#OPTIONS}, {@link AnalyzerContract#CAPTURE} and {@link AnalyzerContract#LAB}
 * ({@code sockit.<id>.analyze}, {@code .explain}, {@code .options}, {@code .capture}, {@code .lab}) with a Result.
 * The work (reading files and /proc, opening probe sockets, sleeping between watch samples) runs on the process's own
 * worker threads, never on the event loop; a request with bad input fails with 400 and a message naming the problem
 * ({@link ProcessContext#serve}, through {@link WorkerVerbs}).
 */
final class AnalyzerProcess implements SockitProcess {

    /** Requests served at once; more wait their turn. */
    private static final int WORKERS = 4;
    /**
     * The longest a request may run before Vert.x warns: longer than the longest watch (3600 samples, 1 h apart).
     * Its own workers, because a --watch sleeps between samples for up to hours, which would hold a thread of
     * Vert.x's shared pool and trip its blocked-thread warning after 60 s.
     */
    private static final Duration MAX_EXECUTE = Duration.ofHours(3601);

    private final ProcessContext<AnalyzerConfig> ctx;
    private final WorkerVerbs verbs;

    AnalyzerProcess(ProcessContext<AnalyzerConfig> ctx) {
        this.ctx = ctx;
        Services services = new Services(ctx.config(), ctx.audit(), ctx.id());
        this.verbs = new WorkerVerbs(ctx, WORKERS, MAX_EXECUTE)
                .serve(AnalyzerContract.ANALYZE, request -> services.analyze(request,
                        (address, interval) -> ctx.vertx().eventBus().send(address, interval.toJson())))
                .serve(AnalyzerContract.EXPLAIN, services::explain)
                .serve(AnalyzerContract.OPTIONS, services::options)
                .serve(AnalyzerContract.CAPTURE, services::capture)
                .serve(AnalyzerContract.LAB, request -> LabRun.run(request,
                        (address, built) -> ctx.vertx().eventBus().send(address, built.toJson())));
    }

    @Override
    public Deployable newInstance() {
        return verbs.newInstance();
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("procRoot", ctx.config().procRoot()).put("answered", verbs.answered())
                .put("refused", verbs.refused()).put("failed", verbs.failed());
    }
}
