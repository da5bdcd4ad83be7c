package dev.sockit.api.spi;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.Verb;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verbs served on a process's own workers, over a real Vert.x event bus, deployed and undeployed as a process is. */
class WorkerVerbsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The request of the verbs under test. */
    record Job(String what) {
    }

    private static final Verb<Job> RUN = Verb.of("run", Job.class);
    private static final Verb<Job> LIST = Verb.of("list", Job.class);

    private final Vertx vertx = Vertx.vertx();
    private final RecordingProcessContext<Object> ctx = new RecordingProcessContext<>(vertx, "jobs", "test", null,
            1, Duration.ofSeconds(1));
    /** The threads the handlers ran on, and whether each was an event loop. */
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(WAIT);
    }

    private Result run(Job job) {
        threads.add(Thread.currentThread().getName() + (Context.isOnEventLoopThread() ? " (event loop)" : ""));
        return switch (job.what()) {
            case "bad" -> throw new BadRequestException("what 'bad' (expected: good)");
            case "boom" -> throw new IllegalStateException("the job broke");
            default -> Result.builder("run", job.what()).finding("ran " + job.what()).build();
        };
    }

    private Object request(Verb<Job> verb, String what) throws Exception {
        return vertx.eventBus().request(verb.address("jobs"), verb.body(new Job(what)),
                new DeliveryOptions().setSendTimeout(5000)).await(WAIT).body();
    }

    private ReplyException failure(Verb<Job> verb, String what) {
        return assertInstanceOf(ReplyException.class, assertThrows(Exception.class, () -> request(verb, what)));
    }

    @Test
    void verbs_run_on_the_process_s_own_workers_and_count_answered_refused_and_failed() throws Exception {
        WorkerVerbs verbs = new WorkerVerbs(ctx, 2, Duration.ofMinutes(1)).serve(RUN, this::run)
                .serveUncounted(LIST, this::run);
        vertx.deployVerticle(verbs.newInstance()).await(WAIT);

        assertEquals("ran a", Result.fromJson((JsonObject) request(RUN, "a")).sentences().get(0));
        assertEquals(400, failure(RUN, "bad").failureCode());
        assertEquals(500, failure(RUN, "boom").failureCode());
        request(LIST, "b");
        failure(LIST, "bad");

        assertEquals(1, verbs.answered());
        assertEquals(1, verbs.refused());
        assertEquals(1, verbs.failed(), "the uncounted verb's calls are not in the counts");
        assertEquals(5, threads.size());
        for (String t : threads) {
            assertTrue(t.startsWith("sockit-jobs-") && !t.endsWith("(event loop)"), "ran on " + t);
        }
    }

    @Test
    void undeploying_the_instance_takes_its_verbs_back() throws Exception {
        WorkerVerbs verbs = new WorkerVerbs(ctx, 1, Duration.ofSeconds(30)).serve(RUN, this::run);
        String id = vertx.deployVerticle(verbs.newInstance()).await(WAIT);
        request(RUN, "a");

        vertx.undeploy(id).await(WAIT);

        assertEquals(ReplyFailure.NO_HANDLERS, failure(RUN, "a").failureType());
    }

    @Test
    void a_pool_without_threads_or_time_is_refused_with_the_value() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WorkerVerbs(ctx, 0, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("workers: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WorkerVerbs(ctx, 1, Duration.ZERO));
        assertTrue(e.getMessage().contains("maxExecuteTime"), e.getMessage());
    }
}
