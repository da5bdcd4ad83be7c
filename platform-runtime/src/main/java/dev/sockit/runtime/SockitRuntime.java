package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ProcessState;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.SockitException;
import dev.sockit.api.Status;
import dev.sockit.api.Units;
import dev.sockit.api.Verb;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.RuntimeSettings;
import dev.sockit.runtime.config.SockitConfig;
import dev.sockit.runtime.config.SockitHome;
import dev.sockit.runtime.config.TransportChoice;
import dev.sockit.runtime.plugins.PluginHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running sockit: the audit log, Vert.x, the plugins and the supervised processes of one config.
 * {@link #start} returns once every process is RUNNING or FAILED; {@link #stop} stops them gracefully.
 */
public final class SockitRuntime implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(SockitRuntime.class);

    private final SockitConfig config;
    private final JsonLinesAuditLog audit;
    private final Vertx vertx;
    private final dev.sockit.api.Transport transport;
    private final PluginHost plugins;
    private final Supervisor supervisor;
    private final long startMillis;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Completed, with why, when the audit log cannot be written and {@code runtime.audit.onFailure} is stop. */
    private final CompletableFuture<String> auditStop;

    private SockitRuntime(SockitConfig config, JsonLinesAuditLog audit, Vertx vertx,
                          dev.sockit.api.Transport transport,
                          PluginHost plugins, long startMillis, CompletableFuture<String> auditStop) {
        this.config = config;
        this.auditStop = auditStop;
        this.audit = audit;
        this.vertx = vertx;
        this.plugins = plugins;
        this.transport = transport;
        this.supervisor = new Supervisor(vertx, plugins, audit, config.runtime(), ProcPortChecker.live(),
                transport);
        this.startMillis = startMillis;
    }

    /**
     * Starts the runtime of {@code config}: relative paths resolve against {@code home}.
     *
     * @throws ConfigException for a config problem (unknown kind, bad plugin config, missing plugins directory);
     *                         nothing is left running then
     */
    public static SockitRuntime start(SockitConfig config, SockitHome home) {
        long t0 = System.nanoTime();
        Path pluginsDir = home.resolve(config.runtime().plugins());
        if (!Files.isDirectory(pluginsDir)) {
            throw new ConfigException("runtime.plugins", "directory not found: " + pluginsDir,
                    config.file(), config.lineOf("runtime.plugins"));
        }
        Transport transport = transport(config);
        Path auditFile = home.resolve(config.runtime().audit());
        JsonLinesAuditLog audit;
        CompletableFuture<String> auditStop = new CompletableFuture<>();
        try {
            audit = new JsonLinesAuditLog(auditFile, e -> auditFailed(config, auditFile, e, auditStop));
        } catch (IOException e) {
            throw new ConfigException("runtime.audit", "cannot write the audit log " + auditFile + " ("
                    + ConfigLoader.describe(e) + ")",
                    config.file(), config.lineOf("runtime.audit"));
        }
        // Vert.x starts on another core while PF4J reads the plugins: each takes ~100 ms, mostly class loading.
        CompletableFuture<Vertx> starting = CompletableFuture.supplyAsync(
                () -> Vertx.builder().with(new VertxOptions()).withTransport(transport).build());
        PluginHost plugins = null;
        Vertx vertx = null;
        try {
            plugins = PluginHost.load(pluginsDir, home);
            vertx = starting.join();
            SockitRuntime rt = new SockitRuntime(config, audit, vertx, TransportChoice.kindOf(transport), plugins,
                    t0, auditStop);
            rt.supervisor.prepare(config);
            new RuntimeServices(vertx, rt.supervisor, plugins, config.runtime().nodeId()).register();
            LOG.info("Starting {} process(es) from '{}' (plugins: '{}', audit: '{}', transport: {})",
                    config.processes().size(), config.file(), pluginsDir, auditFile,
                    TransportChoice.kindOf(transport).json());
            rt.supervisor.startAll().await();
            rt.logStarted((System.nanoTime() - t0) / 1_000_000);
            return rt;
        } catch (RuntimeException | Error e) {
            closeQuietly(vertx != null ? vertx : starting.join(), plugins, audit);
            throw e;
        }
    }

    /** The audit log cannot be written: one line saying so and what happens, as runtime.audit.onFailure says. */
    private static void auditFailed(SockitConfig config, Path file, IOException e, CompletableFuture<String> stop) {
        String why = "the audit log " + file + " cannot be written: " + e.getMessage();
        if (config.runtime().auditOnFailure() == RuntimeSettings.AuditOnFailure.STOP) {
            LOG.error("{}; stopping, as runtime.audit.onFailure is stop", why);
            stop.complete(why);
        } else {
            LOG.warn("{}; serving on without auditing socket operations, as runtime.audit.onFailure is continue",
                    why);
        }
    }

    /**
     * Completed, with why, when the audit log could not be written and {@code runtime.audit.onFailure} is
     * {@code stop}: the runtime is to stop and exit 1.
     */
    public CompletionStage<String> auditStop() {
        return auditStop;
    }

    /** Whether the runtime stops because its audit log could not be written. */
    public boolean stoppedByAudit() {
        return auditStop.isDone();
    }

    /** Says how the start went: all running, some FAILED, or none running. */
    private void logStarted(long millis) {
        long total = supervisor.processes().size();
        long failed = supervisor.processes().stream().filter(r -> r.state() == ProcessState.FAILED).count();
        if (failed == 0) {
            LOG.info("Started in {} ms", millis);
        } else if (!supervisor.anyRunning()) {
            LOG.error("No process is running: {} of {} FAILED to start (after {} ms)", failed, total, millis);
        } else {
            LOG.warn("Started in {} ms, but {} of {} process(es) FAILED to start", millis, failed, total);
        }
    }

    private static Transport transport(SockitConfig config) {
        try {
            return config.runtime().transport().resolve();
        } catch (ConfigException e) {
            throw e.under("runtime").at(config.file(), config.lineOf("runtime.transport"));
        }
    }

    private static void closeQuietly(Vertx vertx, PluginHost plugins, JsonLinesAuditLog audit) {
        try {
            vertx.close().await(Duration.ofSeconds(10));
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        if (plugins != null) {
            plugins.close();
        }
        audit.close();
    }

    /** The Vert.x instance. */
    public Vertx vertx() {
        return vertx;
    }

    /**
     * Sends {@code request} to {@code verb} of process {@code processId} on this node
     * ({@code sockit.<processId>.<verb>}) and completes with its Result. The future fails with a
     * {@link BadRequestException} carrying the process's message when it refuses the request as bad (400), with
     * Vert.x's {@link ReplyException} for any other failure (no process serves the verb, {@code timeout} passed,
     * the handler failed), and with a {@link SockitException} when the reply is not a Result.
     */
    public <Q> Future<Result> request(Verb<Q> verb, String processId, Q request, Duration timeout) {
        return vertx.eventBus().request(verb.address(processId), verb.body(request),
                        new DeliveryOptions().setSendTimeout(timeout.toMillis()))
                .transform(ar -> {
                    if (ar.failed()) {
                        return Future.failedFuture(ar.cause() instanceof ReplyException e
                                && e.failureCode() == Addresses.FAILURE_BAD_REQUEST
                                ? new BadRequestException(e.getMessage(), e) : ar.cause());
                    }
                    if (!(ar.result().body() instanceof JsonObject result)) {
                        return Future.failedFuture(new SockitException("process '" + processId + "' answered "
                                + verb.name() + " with " + Quote.bare(String.valueOf(ar.result().body()))
                                + ", not a Result"));
                    }
                    return Future.succeededFuture(Result.fromJson(result));
                });
    }

    /** The supervisor of the processes. */
    public Supervisor supervisor() {
        return supervisor;
    }

    /** The loaded plugins. */
    PluginHost plugins() {
        return plugins;
    }

    /** The audit log file. */
    Path auditFile() {
        return audit.file();
    }

    /** The Result of starting: every process with its state, the plugins, the time it took. */
    public Result startResult() {
        Result processes = supervisor.processesResult("run");
        Result.Builder b = Result.builder("run", "runtime").address(processes.address())
                .status(processes.status());
        processes.findings().forEach(b::finding);
        processes.recommendations().forEach(b::recommendation);
        if (!supervisor.anyRunning()) {
            b.finding("no process is running");
        }
        auditFinding(b);
        return b.data(processes.data().copy()
                .put("config", config.file())
                .put("audit", audit.file().toString())
                .put("transport", transport.json())
                .put("startupMillis", (System.nanoTime() - startMillis) / 1_000_000)
                .put("plugins", plugins.pluginsJson())).build();
    }

    /** Stops every process gracefully (each within the shutdown timeout), then Vert.x, plugins and audit. */
    public Result stop() {
        return stop(false);
    }

    /**
     * Stops every process gracefully (each within the shutdown timeout), then Vert.x, plugins and audit; first logs
     * what the stop waits for, and with {@code signalled} that a second signal exits at once.
     */
    public Result stop(boolean signalled) {
        if (supervisor.anyRunning()) {
            LOG.info("Stopping: draining {} open connection(s), up to shutdownTimeout {}{}",
                    supervisor.reports().openConnections(),
                    Units.format(config.runtime().shutdownTimeout()),
                    signalled ? "; a second SIGINT or SIGTERM exits at once with " + StopSignal.SECOND_SIGNAL_EXIT
                            : "");
        }
        Duration limit = config.runtime().shutdownTimeout().plusSeconds(5);
        try {
            supervisor.stopAll().await(limit);
        } catch (TimeoutException e) {
            LOG.warn("Processes did not stop within {}; closing Vert.x anyway", limit);
        }
        Result processes = supervisor.processesResult("stop");
        Result.Builder b = Result.builder("stop", "runtime").address(processes.address())
                .status(processes.status());
        processes.findings().forEach(b::finding);
        processes.recommendations().forEach(b::recommendation);
        auditFinding(b);
        Result result = b.data(processes.data()).build();
        LOG.info("Stopped; final process table:");
        for (String line : supervisor.reports().tableLines()) {
            LOG.info("  {}", line);
        }
        close();
        return result;
    }

    /** Adds, when the audit log stopped the runtime, why, as an error. */
    private void auditFinding(Result.Builder b) {
        String why = auditStop.getNow(null);
        if (why != null) {
            b.status(Status.ERROR).finding(why + "; the runtime stopped (runtime.audit.onFailure: stop)");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(vertx, plugins, audit);
        }
    }
}
