package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.EventType;
import dev.sockit.api.Policy;
import dev.sockit.api.Result;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.SockitException;
import dev.sockit.api.Transport;
import dev.sockit.api.Verb;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code SockitRuntime.request(verb, processId, body, timeout)} and the embedded request of the commands, against a
 * real plugin jar whose process serves a verb with {@code ProcessContext.serve}; and the node rule of addresses.
 */
class RuntimeRequestTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The client's view of the verb: the same name and JSON shape, its own record. */
    record Greet(String name) {
    }

    private static final Verb<Greet> GREET = Verb.of("greet", Greet.class);

    @TempDir
    Path home;

    private SockitRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    private void plugins() throws IOException {
        Files.createDirectories(home.resolve("plugins"));
        Testkit.plugin("verbs", "dev.sockit.testkit", "VerbKind").build(home.resolve("plugins"));
    }

    private SockitRuntime start(String runtimeSection) throws IOException {
        plugins();
        runtime = SockitRuntime.start(ConfigLoader.parse("runtime:\n  shutdownTimeout: 1s\n" + runtimeSection
                + "processes:\n  hi:\n    kind: test-verbs\n", "verbs.yaml"), new SockitHome(home));
        return runtime;
    }

    @Test
    void a_request_is_answered_with_the_Result() throws Exception {
        start("");

        Result r = runtime.request(GREET, "hi", new Greet("ada"), WAIT).await(WAIT);

        assertEquals("hello ada", r.sentences().get(0));
    }

    @Test
    void a_bad_request_comes_back_as_the_one_bad_input_exception_with_the_message() throws Exception {
        start("");

        Exception e = assertThrows(Exception.class,
                () -> runtime.request(GREET, "hi", new Greet("nobody"), WAIT).await(WAIT));

        BadRequestException bad = assertInstanceOf(BadRequestException.class, e);
        assertEquals("name 'nobody' (expected: somebody)", bad.getMessage());
    }

    @Test
    void a_handler_failure_and_a_missing_process_come_back_as_reply_failures() throws Exception {
        start("");

        ReplyException failed = assertInstanceOf(ReplyException.class, assertThrows(Exception.class,
                () -> runtime.request(GREET, "hi", new Greet("boom"), WAIT).await(WAIT)));
        ReplyException missing = assertInstanceOf(ReplyException.class, assertThrows(Exception.class,
                () -> runtime.request(GREET, "nobody-home", new Greet("ada"), WAIT).await(WAIT)));

        assertEquals(Addresses.FAILURE_INTERNAL, failed.failureCode());
        assertEquals("greet failed: the greeting machine is broken", failed.getMessage());
        assertTrue(missing.getMessage().contains("No handlers for address sockit.nobody-home.greet"),
                missing.getMessage());
    }

    @Test
    void every_process_and_the_runtime_services_answer_at_the_node_qualified_address_too() throws Exception {
        start("  nodeId: n7\n");

        JsonObject greeted = (JsonObject) runtime.vertx().eventBus()
                .request("sockit.@n7.hi.greet", new JsonObject().put("name", "grace")).await(WAIT).body();
        JsonObject status = (JsonObject) runtime.vertx().eventBus()
                .request(Addresses.nodeRequest("n7", "hi", Addresses.VERB_STATUS), new JsonObject()).await(WAIT)
                .body();
        JsonObject processes = (JsonObject) runtime.vertx().eventBus()
                .request(Addresses.onNode("n7", Addresses.RUNTIME_PROCESSES), new JsonObject()).await(WAIT).body();

        assertEquals("hello grace", Result.fromJson(greeted).sentences().get(0));
        assertEquals("RUNNING", Result.fromJson(status).data().getString("state"));
        assertEquals("hi", Result.fromJson(processes).data().getJsonArray("processes").getJsonObject(0)
                .getString("id"));
    }

    @Test
    void the_embedded_request_of_the_commands_throws_the_bad_request_the_cli_exits_2_with() throws Exception {
        plugins();

        BadRequestException bad = assertThrows(BadRequestException.class, () -> EmbeddedRequest.send(
                new SockitHome(home), "test-verbs", "hi", GREET, new Greet("nobody"), WAIT));
        Result ok = EmbeddedRequest.send(new SockitHome(home), "test-verbs", "hi", GREET, new Greet("ada"), WAIT);
        SockitException missing = assertThrows(SockitException.class, () -> EmbeddedRequest.send(
                new SockitHome(home), "no-such-kind", "hi", GREET, new Greet("ada"), WAIT));

        assertEquals("name 'nobody' (expected: somebody)", bad.getMessage());
        assertEquals("hello ada", ok.sentences().get(0));
        assertTrue(missing.getMessage().startsWith("'sockit greet' needs the no-such-kind plugin in "),
                missing.getMessage());
    }

    @Test
    void events_go_to_the_local_short_address_and_the_node_qualified_one() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DefaultProcessContext<Object> ctx = new DefaultProcessContext<>(vertx, "echo", "test", null, 1,
                    e -> { }, Policy.DEFAULT, Duration.ofSeconds(1), ProcPortChecker.live(), Transport.NIO, "n7");
            List<String> seen = new CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer("sockit.events.echo", m -> seen.add("short " + m.body()
                    .getString("type"))).completion().await(WAIT);
            vertx.eventBus().<JsonObject>consumer("sockit.@n7.events.echo", m -> seen.add("node " + m.body()
                    .getString("type"))).completion().await(WAIT);

            SocketEvent event = new SocketEvent(EventType.OPENED, "echo", 1, "127.0.0.1:1", "127.0.0.1:2", 0, 0,
                    Instant.EPOCH, "");
            String type = event.toJson().getString("type");
            ctx.publish(event);

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(List.of("node " + type, "short " + type), seen.stream().sorted().toList());
            assertEquals("n7", ctx.nodeId());
        } finally {
            vertx.close().await(WAIT);
        }
    }
}
