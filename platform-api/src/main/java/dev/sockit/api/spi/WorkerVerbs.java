package dev.sockit.api.spi;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.Verb;
import dev.sockit.api.VerbConsumer;
import dev.sockit.api.VerbHandler;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The verbs of a process whose work blocks (reading files, running a compiler, sleeping between samples): served
 * on a worker pool of the process's own, named {@code sockit-<id>}, so that they never hold the event loop or
 * Vert.x's shared workers, and counted for the process's status (answered, refused as bad input, failed).
 * <pre>{@code
 * WorkerVerbs verbs = new WorkerVerbs(ctx, 4, Duration.ofMinutes(5))
 *         .serve(MyContract.RUN, service::run)
 *         .serveUncounted(MyContract.LIST, request -> service.list());
 * // SockitProcess.newInstance(): return verbs.newInstance();
 * }</pre>
 * Add the verbs before the first instance starts; every instance serves all of them (more instances only add
 * consumers: the work runs on the one pool either way).
 */
public final class WorkerVerbs {

    private final ProcessContext<?> ctx;
    private final int workers;
    private final Duration maxExecuteTime;
    private final List<Served<?>> served = new ArrayList<>();
    private final LongAdder answered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /**
     * Verbs of {@code ctx}'s process, run on {@code workers} threads (requests beyond wait their turn), each allowed
     * {@code maxExecuteTime} before Vert.x's blocked-thread checker warns.
     */
    public WorkerVerbs(ProcessContext<?> ctx, int workers, Duration maxExecuteTime) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        if (workers < 1) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: at least 1)");
        }
        if (maxExecuteTime.isNegative() || maxExecuteTime.isZero()) {
            throw new IllegalArgumentException("maxExecuteTime: " + maxExecuteTime + " (expected: above zero)");
        }
        this.workers = workers;
        this.maxExecuteTime = maxExecuteTime;
    }

    /** Serves {@code verb} with {@code handler} on the workers, counting its outcomes. */
    public <Q> WorkerVerbs serve(Verb<Q> verb, VerbHandler<Q> handler) {
        served.add(new Served<>(verb, counted(handler)));
        return this;
    }

    /** Serves {@code verb} with {@code handler} on the workers, leaving it out of the counts (a listing, say). */
    public <Q> WorkerVerbs serveUncounted(Verb<Q> verb, VerbHandler<Q> handler) {
        served.add(new Served<>(verb, handler));
        return this;
    }

    /**
     * An instance: on start it makes (or joins) the worker pool and serves every verb; on stop it takes the
     * consumers back and lets go of the pool.
     */
    public Deployable newInstance() {
        List<Served<?>> verbs = List.copyOf(served);
        return new VerticleBase() {
            private final List<VerbConsumer> consumers = new ArrayList<>();
            private WorkerExecutor pool;

            @Override
            public Future<?> start() {
                pool = vertx.createSharedWorkerExecutor("sockit-" + ctx.id(), workers, maxExecuteTime.toMillis(),
                        TimeUnit.MILLISECONDS);
                for (Served<?> s : verbs) {
                    consumers.add(s.serve(ctx, pool));
                }
                return Future.all(consumers.stream().map(VerbConsumer::completion).toList());
            }

            @Override
            public Future<?> stop() {
                return Future.all(consumers.stream().map(VerbConsumer::unregister).toList())
                        .eventually(() -> pool.close());
            }
        };
    }

    /** Requests answered with a Result (counted verbs only). */
    public long answered() {
        return answered.sum();
    }

    /** Requests refused as bad input: a {@link BadRequestException}, 400. */
    public long refused() {
        return refused.sum();
    }

    /** Requests whose handler failed otherwise: 500. */
    public long failed() {
        return failed.sum();
    }

    private <Q> VerbHandler<Q> counted(VerbHandler<Q> handler) {
        Objects.requireNonNull(handler, "handler");
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

    /** A verb and the handler it is served with. */
    private record Served<Q>(Verb<Q> verb, VerbHandler<Q> handler) {

        VerbConsumer serve(ProcessContext<?> ctx, WorkerExecutor pool) {
            return ctx.serve(verb, pool, handler);
        }
    }
}
