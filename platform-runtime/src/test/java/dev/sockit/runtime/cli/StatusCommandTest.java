package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code sockit status} makes of a status file: live, stale, gone, one process, an unknown one. */
class StatusCommandTest {

    private static final Path FILE = Path.of("/run/sockit/status.json");
    private static final Instant WRITTEN = Instant.parse("2026-01-01T00:00:00Z");

    /** A status file as StatusFile writes it, by {@code pid}, with one process 'echo'. */
    private static JsonObject file(long pid) {
        JsonObject echo = Result.builder("status", "process").address("127.0.0.1:7007")
                .finding("process 'echo' (tcp-server) is RUNNING on 127.0.0.1:7007, 1 instance")
                .data(new JsonObject().put("id", "echo").put("state", "RUNNING")
                        .put("status", new JsonObject().put("open", 3))).build().toJson();
        return Result.builder("status", "runtime").address("127.0.0.1:7007")
                .finding("process 'echo' (tcp-server) is RUNNING on 127.0.0.1:7007, 1 instance")
                .data(new JsonObject().put("pid", pid).put("updatedAt", WRITTEN.toString())
                        .put("statuses", new JsonArray().add(echo))).build().toJson();
    }

    @Test
    void a_fresh_file_of_a_live_runtime_is_its_result() {
        Result r = StatusCommand.status(file(ProcessHandle.current().pid()), FILE, null, WRITTEN.plusMillis(500));
        assertEquals(Status.SUCCESS, r.status());
        assertEquals(true, r.data().getBoolean("running"));
    }

    @Test
    void one_process_is_its_own_result_with_its_counters() {
        Result r = StatusCommand.status(file(ProcessHandle.current().pid()), FILE, "echo", WRITTEN);
        assertEquals("process", r.target());
        assertEquals(3, r.data().getJsonObject("status").getInteger("open"));
    }

    @Test
    void a_file_not_updated_for_long_is_a_warning() {
        Result r = StatusCommand.status(file(ProcessHandle.current().pid()), FILE, null, WRITTEN.plusSeconds(30));
        assertEquals(Status.WARNING, r.status());
        assertTrue(r.sentences().get(1).contains("has not updated " + FILE + " for 30 s"), r.sentences().toString());
    }

    @Test
    void a_file_whose_pid_is_gone_is_an_error() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Result r = StatusCommand.status(file(done.pid()), FILE, null, WRITTEN);
        assertEquals(Status.ERROR, r.status());
        assertTrue(r.sentences().get(1).startsWith("the runtime (pid " + done.pid() + ") that wrote " + FILE
                + " is not running"), r.sentences().toString());
    }

    @Test
    void an_unknown_process_and_a_foreign_file_are_bad_input() {
        BadRequestException unknown = assertThrows(BadRequestException.class,
                () -> StatusCommand.status(file(1), FILE, "nope", WRITTEN));
        assertEquals("no process 'nope' in the runtime of " + FILE + " (processes: echo)", unknown.getMessage());
        BadRequestException foreign = assertThrows(BadRequestException.class,
                () -> StatusCommand.status(new JsonObject().put("hello", 1), FILE, null, WRITTEN));
        assertEquals(FILE + " is not a sockit status file (no pid or updatedAt)", foreign.getMessage());
    }

    @Test
    void the_text_form_of_one_process_lists_what_it_reports_of_itself() {
        Result r = StatusCommand.status(file(ProcessHandle.current().pid()), FILE, "echo", WRITTEN);
        java.util.List<String> text = Output.text(r);
        assertTrue(text.contains("  open: 3"), text.toString());
    }
}
