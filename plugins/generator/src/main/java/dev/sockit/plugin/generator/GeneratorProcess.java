package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.VerbConsumer;
import dev.sockit.api.VerbHandler;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.contracts.GeneratorContract;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@code generator} process: serves {@link GeneratorContract#GENERATE} ({@code sockit.<id>.generate}) and
 * {@link GeneratorContract#LIST} ({@code sockit.<id>.list}) with a Result. Rendering and writing files run on the
 * process's own worker threads ({@link GeneratorConfig#workers()}), never on the event loop; a bad request fails
 * with 400 and a message naming the problem.
 */
final class GeneratorProcess implements SockitProcess {

    private final ProcessContext<GeneratorConfig> ctx;
    private final GenerateService service;
    private final LongAdder generated = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    GeneratorProcess(ProcessContext<GeneratorConfig> ctx) {
        this.ctx = ctx;
        this.service = new GenerateService(ctx.id());
    }

    @Override
    public Deployable newInstance() {
        return new VerticleBase() {
            private final List<VerbConsumer> verbs = new ArrayList<>();
            private WorkerExecutor workers;

            @Override
            public Future<?> start() {
                workers = vertx.createSharedWorkerExecutor("sockit-" + ctx.id(), ctx.config().workers());
                verbs.add(ctx.serve(GeneratorContract.GENERATE, workers, counted(service::generate)));
                verbs.add(ctx.serve(GeneratorContract.LIST, workers, request -> service.list()));
                return Future.all(verbs.stream().map(VerbConsumer::completion).toList());
            }

            @Override
            public Future<?> stop() {
                return Future.all(verbs.stream().map(VerbConsumer::unregister).toList())
                        .eventually(() -> workers.close());
            }
        };
    }

    /** {@code handler}, counting what it generated, refused as bad input and failed, for {@link #status()}. */
    private <Q> VerbHandler<Q> counted(VerbHandler<Q> handler) {
        return request -> {
            try {
                Result r = handler.handle(request);
                generated.increment();
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
        return new JsonObject().put("workers", ctx.config().workers()).put("generated", generated.sum())
                .put("refused", refused.sum()).put("failed", failed.sum()).put("built", Emitters.built());
    }
}
