package dev.sockit.runtime.cli;

import dev.sockit.api.Result;
import dev.sockit.runtime.ProcessRecord;
import dev.sockit.runtime.SockitRuntime;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The status file of {@code sockit run --status-file FILE}: every {@link #EVERY} the runtime writes its state there
 * (a Result: the process table in {@code data.processes}, each process's status Result with what it reports of
 * itself in {@code data.statuses}, the pid and the time), replacing
 * the file at once so that a reader never sees half of it; {@code sockit status} reads it. The file is deleted
 * when the runtime stops (Vert.x undeploys this verticle last); one left behind names a pid that is gone, which
 * {@code sockit status} reports as a runtime that is not running.
 */
final class StatusFile extends VerticleBase {

    private static final Logger LOG = LogManager.getLogger(StatusFile.class);

    /** How often the file is written. */
    static final Duration EVERY = Duration.ofSeconds(1);
    /** Where it is when {@code --status-file} names no file: below the sockit home. */
    static final String DEFAULT = "var/status.json";

    private final SockitRuntime runtime;
    private final Path file;
    private final Path temp;
    private long timer = -1;
    private boolean warned;

    private StatusFile(SockitRuntime runtime, Path file) {
        this.runtime = runtime;
        this.file = file;
        this.temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    /**
     * Writes the status of {@code runtime} to {@code file} ({@code null}: none; empty: {@link #DEFAULT} below
     * {@code home}) until it stops. A file that cannot be written is a warning in the log, once; the runtime runs on.
     */
    static void writeWhileRunning(SockitRuntime runtime, String file, SockitHome home) {
        if (file == null) {
            return;
        }
        Path path = path(file, home);
        try {
            runtime.vertx().deployVerticle(new StatusFile(runtime, path)).await();
        } catch (RuntimeException e) {
            LOG.warn("Cannot write the status file '{}' ({}): 'sockit status' will not see this runtime", path,
                    e.getMessage());
        }
    }

    /** The file {@code --status-file} names: as given (relative to the working directory), or {@link #DEFAULT}. */
    static Path path(String file, SockitHome home) {
        return file == null || file.isBlank() ? home.resolve(DEFAULT) : Path.of(file).toAbsolutePath().normalize();
    }

    @Override
    public Future<?> start() {
        return vertx.fileSystem().mkdirs(file.toAbsolutePath().getParent().toString())
                .compose(v -> write())
                .onSuccess(v -> timer = vertx.setPeriodic(EVERY.toMillis(), id -> write()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return vertx.fileSystem().delete(file.toString()).otherwise(e -> null);
    }

    private Future<Void> write() {
        Buffer json = Buffer.buffer(snapshot(runtime, ProcessHandle.current().pid(), Instant.now()).toJson()
                .encodePrettily() + "\n");
        return vertx.fileSystem().writeFile(temp.toString(), json)
                .compose(v -> vertx.fileSystem().move(temp.toString(), file.toString(),
                        new CopyOptions().setReplaceExisting(true).setAtomicMove(true)))
                .onFailure(e -> {
                    if (!warned) {
                        warned = true;
                        LOG.warn("Cannot write the status file '{}': {}", file, e.getMessage());
                    }
                });
    }

    /** The status of {@code runtime} as the file holds it. */
    static Result snapshot(SockitRuntime runtime, long pid, Instant now) {
        Result processes = runtime.supervisor().processesResult("status");
        JsonArray each = new JsonArray();
        for (ProcessRecord r : runtime.supervisor().processes()) {
            each.add(runtime.supervisor().statusResult(r).toJson());
        }
        Result.Builder b = Result.builder("status", "runtime").address(processes.address())
                .status(processes.status());
        processes.findings().forEach(b::finding);
        processes.recommendations().forEach(b::recommendation);
        return b.data(processes.data().copy().put("pid", pid).put("updatedAt", now.toString())
                .put("everyMillis", EVERY.toMillis()).put("statuses", each)).build();
    }
}
