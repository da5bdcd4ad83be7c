package dev.sockit.plugin.analyzer;

import dev.sockit.api.Addresses;
import dev.sockit.api.AuditOp;
import dev.sockit.api.Result;
import dev.sockit.api.Verbs;
import dev.sockit.api.testing.RecordingProcessContext;
import dev.sockit.contracts.AnalyzerContract;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analyzer's verbs over a real event bus: Results for good requests, FAILURE_BAD_REQUEST for bad input. */
@ExtendWith(VertxExtension.class)
class AnalyzerProcessTest {

    @TempDir
    Path dir;

    private static RecordingProcessContext<AnalyzerConfig> context(Vertx vertx) {
        return new RecordingProcessContext<>(vertx, "analyzer", AnalyzerContract.KIND, AnalyzerConfig.defaults(), 1,
                Duration.ofSeconds(5));
    }

    @Test
    void explain_answers_with_a_Result_naming_the_errno_and_its_numbers(Vertx vertx, VertxTestContext test) {
        RecordingProcessContext<AnalyzerConfig> ctx = context(vertx);
        AnalyzerProcess process = new AnalyzerProcess(ctx);
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.eventBus().<JsonObject>request(
                        AnalyzerContract.EXPLAIN.address("analyzer"),
                        AnalyzerContract.EXPLAIN.body(new AnalyzerContract.ExplainRequest("ECONNRESET"))))
                .onComplete(test.succeeding(reply -> test.verify(() -> {
                    Result r = Result.fromJson(reply.body());
                    assertEquals("explain", r.operation());
                    String text = String.join(" ", r.sentences());
                    assertTrue(text.contains("104"), text);
                    assertTrue(text.contains("Connection reset by peer"), text);
                    assertEquals(1L, process.status().getLong("answered"));
                    test.completeNow();
                })));
    }

    @Test
    void analyze_of_a_file_of_no_known_format_fails_as_a_bad_request_naming_the_file(Vertx vertx,
                                                                                    VertxTestContext test)
            throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.txt"), "dear diary,\ntoday the sockets were fine\n");
        AnalyzerProcess process = new AnalyzerProcess(context(vertx));
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.eventBus().request(AnalyzerContract.ANALYZE.address("analyzer"),
                        AnalyzerContract.ANALYZE.body(new AnalyzerContract.AnalyzeRequest(junk.toString(),
                        "notes.txt", "auto", false, null, null, 1, 1000))))
                .onComplete(test.failing(e -> test.verify(() -> {
                    ReplyException failure = (ReplyException) e;
                    assertEquals(Addresses.FAILURE_BAD_REQUEST, failure.failureCode());
                    assertTrue(failure.getMessage().startsWith("notes.txt: not a format the analyzer knows"),
                            failure.getMessage());
                    assertTrue(failure.getMessage().contains("'dear diary,'"), failure.getMessage());
                    assertEquals(1L, process.status().getLong("refused"));
                    test.completeNow();
                })));
    }

    @Test
    void options_applies_them_to_a_real_socket_and_audits_each(Vertx vertx, VertxTestContext test) {
        RecordingProcessContext<AnalyzerConfig> ctx = context(vertx);
        Map<String, String> set = new LinkedHashMap<>();
        set.put("tcpNoDelay", "true");
        set.put("keepAlive", "true");
        set.put("keepAliveIdle", "45s");
        AnalyzerProcess process = new AnalyzerProcess(ctx);
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.eventBus().<JsonObject>request(AnalyzerContract.OPTIONS.address("analyzer"),
                        AnalyzerContract.OPTIONS.body(new AnalyzerContract.OptionsRequest("tcp", set))))
                .onComplete(test.succeeding(reply -> test.verify(() -> {
                    Result r = Result.fromJson(reply.body());
                    JsonObject options = r.data().getJsonObject("options");
                    assertEquals(true, options.getJsonObject("tcpNoDelay").getValue("effective"), r.toJson().encode());
                    assertEquals("45s", options.getJsonObject("keepAliveIdle").getValue("effective"),
                            r.toJson().encode());
                    assertTrue(r.sentences().stream().anyMatch(f -> f.startsWith("kernel limits: net.core.rmem_max ")),
                            r.sentences().toString());
                    assertFalse(ctx.audited(AuditOp.CONNECT).isEmpty());
                    assertEquals(3, ctx.audited(AuditOp.OPTION_SET).size(), ctx.audited(AuditOp.OPTION_SET).toString());
                    test.completeNow();
                })));
    }

    @Test
    void an_internal_failure_is_told_in_words_without_java_class_names() {
        assertEquals("cannot read the live host under /x", Verbs.reason(new java.io.UncheckedIOException(
                "cannot read the live host under /x", new java.io.IOException("Is a directory"))));
        assertEquals("Is a directory", Verbs.reason(new RuntimeException(
                new java.io.IOException("Is a directory"))));
        assertEquals("an internal error (NullPointerException), see the log",
                Verbs.reason(new NullPointerException()));
    }
}
