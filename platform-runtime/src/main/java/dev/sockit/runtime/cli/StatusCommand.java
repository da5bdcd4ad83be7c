package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.SockitException;
import dev.sockit.api.Status;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sockit status [ID]}: the state, address and counters of a running runtime's processes, read from the
 * status file that {@code sockit run --status-file} keeps up to date ({@link StatusFile}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a running runtime's processes: state, address, and what each reports of itself "
            + "(connections, bytes, effective options). Reads the status file of a runtime started with "
            + "'sockit run --status-file [FILE]'; with ID, that process only."},
        footer = {"", "Examples:", "  sockit run -c my.yaml --status-file &", "  sockit status", "  sockit status echo",
            "", "Exit codes: 0 the runtime runs (and the process, with ID, is not FAILED); 1 no runtime writes the "
            + "file, its runtime is gone, or the process FAILED; 2 bad usage (an unknown ID)."})
final class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "ID", description = "A process id of the config; default: all.")
    String id;

    @Option(names = "--status-file", paramLabel = "FILE",
            description = "The status file the runtime writes (default: " + StatusFile.DEFAULT + " in the sockit "
                + "home, where 'sockit run --status-file' writes it).")
    String file;

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() {
        Path path = StatusFile.path(file, SockitHome.current());
        Result result = status(read(path), path, id, Instant.now());
        output.print(result, System.out);
        return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static JsonObject read(Path path) {
        try {
            return new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new SockitException("no runtime writes " + path + ": start one with 'sockit run --status-file"
                    + (path.endsWith(StatusFile.DEFAULT) ? "" : " " + path) + "'");
        } catch (IOException e) {
            throw new SockitException("cannot read the status file " + path + " (" + e.getMessage() + ")");
        } catch (DecodeException e) {
            throw new BadRequestException(path + " is not a sockit status file (not JSON)");
        }
    }

    /**
     * The Result {@code status} prints for the status file {@code json} read from {@code path} at {@code now}: the
     * runtime's (or process {@code id}'s) Result as written, an error when the pid that wrote it is gone, a warning
     * when it was not updated for longer than three writes.
     */
    static Result status(JsonObject json, Path path, String id, Instant now) {
        Result written;
        long pid;
        Instant updated;
        try {
            written = Result.fromJson(json);
            pid = written.data().getLong("pid");
            updated = Instant.parse(written.data().getString("updatedAt"));
        } catch (RuntimeException e) {
            throw new BadRequestException(path + " is not a sockit status file (no pid or updatedAt)");
        }
        Result shown = written;
        if (id != null) {
            JsonArray processes = written.data().getJsonArray("statuses", new JsonArray());
            List<String> ids = new ArrayList<>();
            shown = null;
            for (int i = 0; i < processes.size(); i++) {
                JsonObject p = processes.getJsonObject(i);
                String processId = p.getJsonObject("data", new JsonObject()).getString("id", "");
                ids.add(processId);
                if (processId.equals(id)) {
                    shown = Result.fromJson(p);
                }
            }
            if (shown == null) {
                throw new BadRequestException("no process " + Quote.of(id) + " in the runtime of " + path
                        + " (processes: " + String.join(", ", ids) + ")");
            }
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        Duration age = Duration.between(updated, now);
        Result.Builder b = Result.builder(shown.operation(), shown.target()).address(shown.address())
                .status(shown.status());
        shown.findings().forEach(b::finding);
        shown.recommendations().forEach(b::recommendation);
        if (!alive) {
            b.status(Status.ERROR).finding("the runtime (pid " + pid + ") that wrote " + path + " is not running; "
                    + "this is its state at " + updated).recommendation("Start it again: sockit run --status-file");
        } else if (age.compareTo(StatusFile.EVERY.multipliedBy(3)) > 0) {
            b.status(shown.status() == Status.ERROR ? Status.ERROR : Status.WARNING)
                    .finding("the runtime (pid " + pid + ") has not updated " + path + " for " + age.toSeconds()
                            + " s: it may be stuck");
        }
        return b.data(shown.data().copy().put("pid", pid).put("running", alive).put("updatedAt", updated.toString())
                .put("statusFile", path.toString())).build();
    }
}
