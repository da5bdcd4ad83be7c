package dev.sockit.plugin.generator;

import dev.sockit.api.Addresses;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.api.testing.RecordingProcessContext;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator process over a real event bus: its {@code generate} verb writes real files into a temporary folder
 * and answers one Result; bad requests fail with 400 and say what is valid; {@code list} answers the matrix.
 */
class GeneratorProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** A deployed generator process, {@code generator}, with its Vert.x; closes both. */
    private static final class Deployed implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();
        final GeneratorProcess process;

        Deployed() throws Exception {
            RecordingProcessContext<GeneratorConfig> ctx = new RecordingProcessContext<>(vertx, "generator",
                    GeneratorContract.KIND, new GeneratorConfig(null), 1, TIMEOUT);
            process = new GeneratorProcess(ctx);
            vertx.deployVerticle(process::newInstance, new DeploymentOptions()).await(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        Result generate(GenerateRequest request) throws Exception {
            JsonObject reply = vertx.eventBus().<JsonObject>request(GeneratorContract.GENERATE.address("generator"),
                    GeneratorContract.GENERATE.body(request)).await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .body();
            return Result.fromJson(reply);
        }

        ReplyException refused(GenerateRequest request) {
            return assertThrows(ReplyException.class, () -> generate(request));
        }

        @Override
        public void close() throws java.util.concurrent.TimeoutException {
            vertx.close().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static GenerateRequest epoll(Path out, int port) {
        return new GenerateRequest("tcp-server", "c", "epoll", "posix", "127.0.0.1", port, 64, null, "echo",
                out == null ? null : out.toString(), null, null, false);
    }

    @Test
    void generate_writes_the_emitters_files_and_answers_them_as_artifacts_with_build_and_run() throws Exception {
        Path out = dir.resolve("out");
        GenerateRequest request = epoll(out, 7100);
        Map<String, String> expected = new CGenerator().render(request);
        try (Deployed d = new Deployed()) {
            Result r = d.generate(request);
            assertEquals("generate", r.operation());
            assertEquals("tcp-server c/posix epoll", r.target());
            assertEquals(Status.SUCCESS, r.status(), r.toJson().encode());
            assertEquals("sockit.generator.generate", r.address());
            List<String> names = new ArrayList<>(expected.keySet());
            assertEquals(names.stream().map(n -> out.resolve(n).toString()).toList(), r.artifacts());
            for (String name : names) {
                assertEquals(expected.get(name), Files.readString(out.resolve(name), StandardCharsets.UTF_8), name);
            }
            assertEquals("make -C " + out, r.data().getString("build"));
            assertEquals(out.resolve("tcp-server") + " 127.0.0.1 7100", r.data().getString("run"));
            assertEquals(out.resolve("tcp-server").toString(), r.data().getString("program"));
            JsonArray files = r.data().getJsonArray("files");
            assertEquals(names.size(), files.size());
            assertEquals(Files.size(out.resolve(names.get(0))), files.getJsonObject(0).getLong("bytes"));
            assertEquals(1L, d.process.status().getLong("generated"));
            try (var left = Files.list(out)) {
                assertEquals(names.size(), left.count(), "no temporary file is left behind");
            }
        }
    }

    @Test
    void an_impossible_combination_is_a_bad_request_listing_the_valid_models() throws Exception {
        try (Deployed d = new Deployed()) {
            GenerateRequest iocp = new GenerateRequest("tcp-server", "c", "iocp", "posix", null, 1, 1, null, null,
                    dir.toString(), null, null, false);
            ReplyException e = d.refused(iocp);
            assertEquals(Addresses.FAILURE_BAD_REQUEST, e.failureCode());
            assertTrue(e.getMessage().contains("io 'iocp' is not an I/O model of c on posix"), e.getMessage());
            assertTrue(e.getMessage().contains(GeneratorContract.models("c", "posix").toString()), e.getMessage());
            assertEquals(1L, d.process.status().getLong("refused"));
        }
    }

    @Test
    void existing_files_are_refused_by_name_unless_overwrite_is_asked() throws Exception {
        Path out = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(out.resolve("Makefile"), "all:\n\techo mine\n");
        try (Deployed d = new Deployed()) {
            ReplyException e = d.refused(epoll(out, 7007));
            assertEquals(Addresses.FAILURE_BAD_REQUEST, e.failureCode());
            assertTrue(e.getMessage().contains("already has [Makefile]"), e.getMessage());
            assertEquals("all:\n\techo mine\n", Files.readString(out.resolve("Makefile")));
            GenerateRequest overwrite = new GenerateRequest("tcp-server", "c", "epoll", "posix", null, 7007, 64, null,
                    null, out.toString(), null, null, true);
            assertEquals(Status.SUCCESS, d.generate(overwrite).status());
            assertNotEquals("all:\n\techo mine\n", Files.readString(out.resolve("Makefile")));
        }
    }

    @Test
    void a_request_without_an_output_folder_or_into_a_file_is_a_bad_request() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        try (Deployed d = new Deployed()) {
            ReplyException none = d.refused(epoll(null, 7007));
            assertEquals(Addresses.FAILURE_BAD_REQUEST, none.failureCode());
            assertTrue(none.getMessage().startsWith("outputDir is missing"), none.getMessage());
            ReplyException intoFile = d.refused(epoll(file, 7007));
            assertTrue(intoFile.getMessage().contains("is a file; expected a folder"), intoFile.getMessage());
            assertEquals(2L, d.process.status().getLong("refused"));
        }
    }

    @Test
    void a_parameter_the_program_does_not_honour_is_a_warning_naming_it_and_the_honoured_ones_are_not()
            throws Exception {
        Path out = dir.resolve("limits");
        // A client keeps no connection table and no idle timer: one warning, for the timeout.
        GenerateRequest client = new GenerateRequest("tcp-client", "c", "epoll", "posix", null, 7007, 64, null,
                null, out.toString(), null, 30_000L, false);
        GenerateRequest threads = new GenerateRequest("tcp-server", "c", "threads", "posix", null, 7007, 64, null,
                null, dir.resolve("threads").toString(), 100, 1_500L, false);
        GenerateRequest uring = new GenerateRequest("tcp-server", "c", "io_uring", "posix", null, 7007, 64, null,
                null, dir.resolve("io_uring").toString(), 100, 2_500L, false);
        try (Deployed d = new Deployed()) {
            Result r = d.generate(client);
            assertEquals(Status.WARNING, r.status(), r.toJson().encode());
            assertEquals(List.of("parameter_not_honoured"), r.findings().stream().map(f -> f.code()).toList(),
                    r.toJson().encode());
            assertEquals("idleTimeoutMillis", r.findings().get(0).evidence().get("parameter"), r.toJson().encode());
            assertTrue(r.sentences().stream().anyMatch(s -> s.contains("not written by the c/posix emitter yet")),
                    r.sentences().toString());
            assertTrue(Files.exists(out.resolve("Makefile")), "the files are written all the same");

            for (GenerateRequest server : List.of(threads, uring)) {
                Result both = d.generate(server);
                assertEquals(Status.SUCCESS, both.status(), both.toJson().encode());
                String source = Files.readString(Path.of(server.outputDir()).resolve("tcp_server.c"));
                assertTrue(source.contains("#define MAX_CONNS 100") && source.contains("#define IDLE_TIMEOUT_MS "
                        + server.idleTimeoutMillis()), server.io() + ": the program is written with the request's"
                        + " limits");
            }
        }
    }

    @Test
    void a_c_server_beyond_its_static_table_is_refused_with_the_limit() throws Exception {
        GenerateRequest big = new GenerateRequest("tcp-server", "c", "epoll", "posix", null, 7007, 64, null,
                null, dir.resolve("big").toString(), CGenerator.MAX_CONNS_LIMIT + 1, null, false);
        try (Deployed d = new Deployed()) {
            ReplyException e = d.refused(big);
            assertEquals(Addresses.FAILURE_BAD_REQUEST, e.failureCode());
            assertTrue(e.getMessage().contains("maxConnections " + (CGenerator.MAX_CONNS_LIMIT + 1)
                    + " (expected: 1-" + CGenerator.MAX_CONNS_LIMIT), e.getMessage());
        }
    }

    @Test
    void list_answers_every_combination_of_the_matrix_marking_the_built_ones() throws Exception {
        try (Deployed d = new Deployed()) {
            JsonObject reply = d.vertx.eventBus().<JsonObject>request(GeneratorContract.LIST.address("generator"),
                    GeneratorContract.LIST.body(new GeneratorContract.ListRequest()))
                    .await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).body();
            Result r = Result.fromJson(reply);
            assertEquals("sockit.generator.list", r.address());
            JsonArray rows = r.data().getJsonArray("matrix");
            int combinations = 0;
            for (Map.Entry<String, Map<String, List<String>>> lang : GeneratorContract.MATRIX.entrySet()) {
                for (String platform : lang.getValue().keySet()) {
                    for (String role : GeneratorContract.ROLES) {
                        combinations += GeneratorContract.models(role, lang.getKey(), platform).size();
                    }
                }
            }
            assertEquals(combinations, rows.size());
            assertTrue(rows.stream().map(JsonObject.class::cast).noneMatch(o -> o.getString("io").equals("nio2")
                    && o.getString("role").startsWith("udp-")), "java nio2 cannot carry UDP: " + rows.encode());
            long built = rows.stream().map(JsonObject.class::cast).filter(o -> o.getBoolean("built")).count();
            long covered = Emitters.all().stream().flatMap(e -> e.covered().values().stream())
                    .mapToInt(List::size).sum();
            assertEquals(covered, built);
            assertTrue(rows.stream().map(JsonObject.class::cast).anyMatch(o -> o.getString("io").equals("epoll")
                    && o.getString("role").equals("tcp-server") && o.getBoolean("built")), rows.encode());
        }
    }
}
