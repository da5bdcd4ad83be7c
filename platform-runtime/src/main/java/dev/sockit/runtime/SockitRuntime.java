package dev.sockit.runtime;

import dev.sockit.api.ConfigException;
import dev.sockit.api.Result;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running sockit: the audit log, Vert.x, the plugins and the supervised processes of one config.
 * {@link #start} returns once every process is RUNNING or FAILED; {@link #stop} stops them gracefully.
 */
final class SockitRuntime implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(SockitRuntime.class);

    private final SockitConfig config;
    private final JsonLinesAuditLog audit;
    private final Vertx vertx;
    private final String transport;
    private final PluginHost plugins;
    private final Supervisor supervisor;
    private final long startMillis;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SockitRuntime(SockitConfig config, JsonLinesAuditLog audit, Vertx vertx, String transport,
                          PluginHost plugins, long startMillis) {
        this.config = config;
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
    static SockitRuntime start(SockitConfig config, SockitHome home) {
        long t0 = System.nanoTime();
        Path pluginsDir = home.resolve(config.runtime().plugins());
        if (!Files.isDirectory(pluginsDir)) {
            throw new ConfigException("runtime.plugins", "directory not found: " + pluginsDir,
                    config.file(), config.lineOf("runtime.plugins"));
        }
        Transport transport = transport(config);
        Path auditFile = home.resolve(config.runtime().audit());
        JsonLinesAuditLog audit;
        try {
            audit = new JsonLinesAuditLog(auditFile);
        } catch (IOException e) {
            throw new ConfigException("runtime.audit", "cannot write the audit log " + auditFile + " ("
                    + ConfigLoader.describe(e) + ")",
                    config.file(), config.lineOf("runtime.audit"));
        }
        Main.awaitWarmUp();
        // Vert.x starts on another core while PF4J reads the plugins: each takes ~100 ms, mostly class loading.
        CompletableFuture<Vertx> starting = CompletableFuture.supplyAsync(
                () -> Vertx.builder().with(new VertxOptions()).withTransport(transport).build());
        PluginHost plugins = null;
        Vertx vertx = null;
        try {
            plugins = PluginHost.load(pluginsDir);
            vertx = starting.join();
            SockitRuntime rt = new SockitRuntime(config, audit, vertx, TransportChoice.nameOf(transport), plugins,
                    t0);
            rt.supervisor.prepare(config);
            rt.supervisor.registerServices();
            LOG.info("Starting {} process(es) from '{}' (plugins: '{}', audit: '{}', transport: {})",
                    config.processes().size(), config.file(), pluginsDir, auditFile,
                    TransportChoice.nameOf(transport));
            rt.supervisor.startAll().await();
            LOG.info("Started in {} ms", (System.nanoTime() - t0) / 1_000_000);
            return rt;
        } catch (RuntimeException | Error e) {
            closeQuietly(vertx != null ? vertx : starting.join(), plugins, audit);
            throw e;
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
    Vertx vertx() {
        return vertx;
    }

    /** The supervisor of the processes. */
    Supervisor supervisor() {
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
    Result startResult() {
        Result processes = supervisor.processesResult("run");
        Result.Builder b = Result.builder("run", "runtime").address(processes.address())
                .status(processes.status());
        processes.findings().forEach(b::finding);
        processes.recommendations().forEach(b::recommendation);
        if (!supervisor.anyRunning()) {
            b.finding("no process is running");
        }
        return b.data(processes.data().copy()
                .put("config", config.file())
                .put("audit", audit.file().toString())
                .put("transport", transport)
                .put("startupMillis", (System.nanoTime() - startMillis) / 1_000_000)
                .put("plugins", plugins.pluginsJson())).build();
    }

    /** Stops every process gracefully (each within the shutdown timeout), then Vert.x, plugins and audit. */
    Result stop() {
        Duration limit = config.runtime().shutdownTimeout().plusSeconds(5);
        try {
            supervisor.stopAll().await(limit);
        } catch (TimeoutException e) {
            LOG.warn("Processes did not stop within {}; closing Vert.x anyway", limit);
        }
        Result result = supervisor.processesResult("stop");
        LOG.info("Stopped; final process table:");
        for (String line : supervisor.tableLines()) {
            LOG.info("  {}", line);
        }
        close();
        return result;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(vertx, plugins, audit);
        }
    }
}
