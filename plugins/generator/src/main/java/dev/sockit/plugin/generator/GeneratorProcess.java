package dev.sockit.plugin.generator;

import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.api.spi.WorkerVerbs;
import dev.sockit.contracts.GeneratorContract;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * A {@code generator} process: serves {@link GeneratorContract#GENERATE} ({@code sockit.<id>.generate}) and
 * {@link GeneratorContract#LIST} ({@code sockit.<id>.list}) with a Result. Rendering and writing files run on the
 * process's own worker threads ({@link GeneratorConfig#workers()}, through {@link WorkerVerbs}), never on the event
 * loop; a bad request fails with 400 and a message naming the problem.
 */
final class GeneratorProcess implements SockitProcess {

    /** The longest one request may take before Vert.x warns (a big --from export on a slow disk, say). */
    private static final Duration MAX_EXECUTE = Duration.ofMinutes(5);

    private final ProcessContext<GeneratorConfig> ctx;
    private final WorkerVerbs verbs;

    GeneratorProcess(ProcessContext<GeneratorConfig> ctx) {
        this.ctx = ctx;
        GenerateService service = new GenerateService(ctx.id());
        this.verbs = new WorkerVerbs(ctx, ctx.config().workers(), MAX_EXECUTE)
                .serve(GeneratorContract.GENERATE, service::generate)
                .serveUncounted(GeneratorContract.LIST, request -> service.list());
    }

    @Override
    public Deployable newInstance() {
        return verbs.newInstance();
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("workers", ctx.config().workers()).put("generated", verbs.answered())
                .put("refused", verbs.refused()).put("failed", verbs.failed()).put("built", Emitters.built());
    }
}
