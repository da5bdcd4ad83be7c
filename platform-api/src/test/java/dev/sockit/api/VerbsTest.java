package dev.sockit.api;

import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed verbs served with {@code ProcessContext.serve} and requested over a real Vert.x event bus. */
class VerbsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The request of the verb under test. */
    record Greet(String name, int times) {
    }

    private static final Verb<Greet> GREET = Verb.of("greet", Greet.class);

    private final Vertx vertx = Vertx.vertx();
    private final RecordingProcessContext<Object> ctx = new RecordingProcessContext<>(vertx, "hello", "test", null,
            1, Duration.ofSeconds(1));

    @AfterEach
    void close() throws Exception {
        vertx.close().await(WAIT);
    }

    /** Says hello, refuses the name "nobody" as a bad request and fails on "boom". */
    private static Result greet(Greet g) {
        if ("nobody".equals(g.name())) {
            throw new BadRequestException("name 'nobody' (expected: somebody)");
        }
        if ("boom".equals(g.name())) {
            throw new IllegalStateException("the greeting machine is broken");
        }
        return Result.builder("greet", g.name()).finding(("hello " + g.name() + " ").repeat(g.times()).strip())
                .build();
    }

    private Object request(String address, Object body) throws Exception {
        return vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(5000)).await(WAIT).body();
    }

    private ReplyException failure(String address, Object body) {
        Exception e = assertThrows(Exception.class, () -> request(address, body));
        return assertInstanceOf(ReplyException.class, e);
    }

    @Test
    void a_good_request_is_bound_to_the_record_and_answered_with_the_Result() throws Exception {
        ctx.serve(GREET, VerbsTest::greet).completion().await(WAIT);

        Result r = Result.fromJson((JsonObject) request("sockit.hello.greet",
                GREET.body(new Greet("ada", 2))));

        assertEquals("greet", r.operation());
        assertEquals("hello ada hello ada", r.sentences().get(0));
    }

    @Test
    void a_bad_request_from_the_handler_fails_with_400_and_its_message() throws Exception {
        ctx.serve(GREET, VerbsTest::greet).completion().await(WAIT);

        ReplyException e = failure("sockit.hello.greet", new JsonObject().put("name", "nobody"));

        assertEquals(Addresses.FAILURE_BAD_REQUEST, e.failureCode());
        assertEquals("name 'nobody' (expected: somebody)", e.getMessage());
    }

    @Test
    void a_body_that_does_not_bind_fails_with_400_before_the_handler_runs() throws Exception {
        AtomicReference<Greet> seen = new AtomicReference<>();
        ctx.serve(GREET, g -> {
            seen.set(g);
            return greet(g);
        }).completion().await(WAIT);

        ReplyException unknown = failure("sockit.hello.greet", new JsonObject().put("name", "ada").put("colour", 1));
        ReplyException wrongType = failure("sockit.hello.greet", new JsonObject().put("times", "often"));
        ReplyException notAnObject = failure("sockit.hello.greet", "ada");

        assertEquals(Addresses.FAILURE_BAD_REQUEST, unknown.failureCode());
        assertEquals("greet request: unknown key 'colour' (expected one of: name, times)", unknown.getMessage());
        assertEquals(Addresses.FAILURE_BAD_REQUEST, wrongType.failureCode());
        assertEquals("greet request: times: 'often' (expected: an integer)", wrongType.getMessage());
        assertEquals("greet request: expected a JSON object, not ada", notAnObject.getMessage());
        assertEquals(null, seen.get(), "the handler never ran");
    }

    @Test
    void a_handler_failure_is_a_500_that_says_what_happened_without_class_names() throws Exception {
        ctx.serve(GREET, VerbsTest::greet).completion().await(WAIT);

        ReplyException e = failure("sockit.hello.greet", new JsonObject().put("name", "boom"));

        assertEquals(Addresses.FAILURE_INTERNAL, e.failureCode());
        assertEquals("greet failed: the greeting machine is broken", e.getMessage());
    }

    @Test
    void with_workers_the_handler_runs_off_the_event_loop() throws Exception {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("verbs-test-workers", 1);
        AtomicReference<String> thread = new AtomicReference<>();
        ctx.serve(GREET, workers, g -> {
            thread.set(Thread.currentThread().getName());
            return greet(g);
        }).completion().await(WAIT);

        request("sockit.hello.greet", GREET.body(new Greet("ada", 1)));

        assertTrue(thread.get().startsWith("verbs-test-workers"), thread.get());
    }

    @Test
    void the_verb_also_answers_at_its_node_qualified_address_until_unregistered() throws Exception {
        VerbConsumer served = ctx.serve(GREET, VerbsTest::greet);
        served.completion().await(WAIT);

        Result r = Result.fromJson((JsonObject) request("sockit.@local.hello.greet",
                GREET.body(new Greet("grace", 1))));
        assertEquals("hello grace", r.sentences().get(0));

        served.unregister().await(WAIT);
        for (String address : new String[] {"sockit.hello.greet", "sockit.@local.hello.greet"}) {
            assertEquals(ReplyException.class, assertThrows(Exception.class,
                    () -> request(address, new JsonObject())).getClass(), address);
        }
    }

    @Test
    void an_absent_body_binds_as_an_empty_object() {
        assertEquals(new Greet(null, 0), GREET.bind(null));
        assertEquals(new Greet("ada", 3), GREET.bind(GREET.body(new Greet("ada", 3))));
    }
}
