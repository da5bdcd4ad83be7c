package dev.sockit.runtime;

import dev.sockit.api.AuditLog;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.PolicyException;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.ProcessState;
import dev.sockit.api.Result;
import dev.sockit.api.SockitException;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.runtime.config.ProcessSpec;
import dev.sockit.runtime.config.RuntimeSettings;
import dev.sockit.runtime.config.SockitConfig;
import dev.sockit.runtime.plugins.PluginFailures;
import dev.sockit.runtime.plugins.PluginHost;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Deploys each configured process as verticles, tracks its state, isolates failures and stops everything gracefully;
 * {@link ProcessReports} tells about the processes, {@link RuntimeServices} answers the runtime's event-bus services.
 *
 * <p>Isolation: every call into plugin code ({@code configType()}, the config type's constructor, {@code create},
 * {@code newInstance}, a verticle's {@code start} and {@code stop}, {@code status()}, {@code address()}) catches
 * every Throwable except the {@linkplain PluginFailures#isFatal fatal} ones. The process is FAILED with its real
 * cause on one line (the stack trace goes to the log file), and the runtime and the other processes go on. An
 * exception a handler of a process throws on its event loop is logged the same way; the process keeps running.
 */
public final class Supervisor {

    private static final Logger LOG = LogManager.getLogger(Supervisor.class);
    /** How long a process may take to start before it is FAILED. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Extra time past the shutdown timeout for an undeploy to report back. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final PluginHost plugins;
    private final AuditLog audit;
    private final RuntimeSettings settings;
    private final ProcPortChecker ports;
    private final dev.sockit.api.Transport transport;
    private final Map<String, ProcessRecord> records = new LinkedHashMap<>();
    /** The process of each deployment, known from the moment an instance deploys. */
    private final Map<String, ProcessRecord> owners = new ConcurrentHashMap<>();
    private final Duration startTimeout;
    private final ProcessReports reports = new ProcessReports(records);

    Supervisor(Vertx vertx, PluginHost plugins, AuditLog audit, RuntimeSettings settings, ProcPortChecker ports,
               dev.sockit.api.Transport transport) {
        this(vertx, plugins, audit, settings, ports, transport, START_TIMEOUT);
    }

    /** A supervisor whose processes are FAILED when they take longer than {@code startTimeout} to start. */
    Supervisor(Vertx vertx, PluginHost plugins, AuditLog audit, RuntimeSettings settings, ProcPortChecker ports,
               dev.sockit.api.Transport transport, Duration startTimeout) {
        this.vertx = vertx;
        this.transport = transport;
        this.plugins = plugins;
        this.audit = audit;
        this.settings = settings;
        this.ports = ports;
        this.startTimeout = startTimeout;
        vertx.exceptionHandler(this::onUncaught);
    }

    /**
     * Finds each process's kind, binds its config and creates it. A config problem is thrown (the run cannot
     * go on); a kind that fails to create its process makes that process FAILED.
     *
     * @throws ConfigException naming the path and line of the first bad value
     */
    void prepare(SockitConfig config) {
        Map<ProcessSpec, Object> bound = new LinkedHashMap<>();
        Map<ProcessSpec, Throwable> unbound = new LinkedHashMap<>();
        for (ProcessSpec spec : config.processes().values()) {
            PluginHost.KindEntry entry = plugins.kinds().get(spec.kind());
            if (entry == null) {
                throw unknownKind(config, spec);
            }
            Object typed;
            try {
                typed = spec.config().bind(entry.configType());
                // endpoints(), processReferences() and codecs() are plugin code too (and a plugin's codec kind): what
                // they throw, other than a ConfigException, fails this process only.
                ports.claims().declare(spec.id(), entry.kind(), typed, spec.config());
                checkReferences(config, spec, entry.kind(), typed);
                checkCodecs(spec, entry.kind(), typed);
            } catch (ConfigException e) {
                throw e;
            } catch (Throwable t) {
                // The config type's constructor is plugin code. Jackson reports what it throws as a config error;
                // anything that gets past Jackson fails this process only.
                PluginFailures.rethrowIfFatal(t);
                unbound.put(spec, t);
                continue;
            }
            bound.put(spec, typed);
        }
        for (ProcessSpec spec : config.processes().values()) {
            PluginHost.KindEntry entry = plugins.kinds().get(spec.kind());
            ProcessRecord r = new ProcessRecord(spec.id(), spec.kind(), entry.pluginId(), spec.instances());
            records.put(spec.id(), r);
            if (unbound.containsKey(spec)) {
                failByPlugin(r, "its config could not be bound", unbound.get(spec));
            } else {
                create(r, spec, entry.kind(), bound.get(spec));
            }
        }
    }

    /** Refuses a config that names, as another process, one it does not have or the process itself. */
    private static <C> void checkReferences(SockitConfig config, ProcessSpec spec, ProcessKind<C> kind, Object typed) {
        kind.processReferences(kind.configType().cast(typed)).forEach((at, id) -> {
            String problem = null;
            if (id.equals(spec.id())) {
                problem = "'" + id + "' is this process itself (expected: the id of another process)";
            } else if (!config.processes().containsKey(id)) {
                problem = Checks.quote(id) + " is not a process of this config (expected one of: "
                        + String.join(", ", config.processes().keySet().stream()
                                .filter(p -> !p.equals(spec.id())).toList()) + ")";
            }
            if (problem != null) {
                throw spec.config().problem(at, problem);
            }
        });
    }

    /** Refuses a config whose codec the runtime does not know or whose codec settings are bad. */
    private <C> void checkCodecs(ProcessSpec spec, ProcessKind<C> kind, Object typed) {
        kind.codecs(kind.configType().cast(typed)).forEach((at, codec) -> {
            if (codec == null) {
                return;
            }
            try {
                plugins.codecs().create(codec);
            } catch (ConfigException e) {
                throw spec.config().problem(e.path().isEmpty() ? at : at + "." + e.path(), e.problem());
            }
        });
    }

    private ConfigException unknownKind(SockitConfig config, ProcessSpec spec) {
        String available = plugins.kinds().isEmpty()
                ? "no plugin in " + plugins.dir() + " provides a process kind"
                : "available: " + String.join(", ", plugins.kinds().keySet());
        String path = "processes." + spec.id() + ".kind";
        return new ConfigException(path, "unknown kind '" + spec.kind() + "' (" + available + ")",
                config.file(), config.lineOf(path));
    }

    private <C> void create(ProcessRecord r, ProcessSpec spec, ProcessKind<C> kind, Object typed) {
        try {
            if (kind.usesRawSockets()) {
                settings.policy().requireRawSockets("process '" + r.id() + "' (kind " + kind.name() + ")");
            }
            DefaultProcessContext<C> ctx = new DefaultProcessContext<>(vertx, spec.id(), spec.kind(),
                    kind.configType().cast(typed), spec.instances(), audit, settings.policy(),
                    settings.shutdownTimeout(), ports, transport, settings.nodeId(), plugins);
            SockitProcess process = kind.create(ctx);
            if (process == null) {
                throw new SockitException("kind '" + kind.name() + "' created no process");
            }
            r.process(process);
        } catch (ConfigException e) {
            ConfigException full = e.under(spec.config().path());
            throw full.at(spec.config().file(), spec.config().nearestLine(full.path()));
        } catch (PolicyException e) {
            r.fail(e.getMessage(), "Allow raw sockets explicitly with runtime.policy.allowRawSockets: true, "
                    + "or remove the process");
            LOG.error("Process '{}' is refused: {}", r.id(), e.getMessage());
        } catch (Throwable t) {
            // Kotlin and sneaky throws raise checked exceptions undeclared; Errors fail this process only too.
            PluginFailures.rethrowIfFatal(t);
            failByPlugin(r, "could not be created", t);
        }
    }

    /** Marks {@code r} FAILED by a Throwable of its plugin: one line on the console, the trace in the file. */
    private static void failByPlugin(ProcessRecord r, String what, Throwable t) {
        String cause = what + ": " + PluginFailures.describe(t);
        r.fail(cause, "");
        LOG.error("Process '{}' (plugin '{}') {}", r.id(), r.pluginId(), cause);
        PluginFailures.TRACES.error("Process '{}' (plugin '{}') {}", r.id(), r.pluginId(), what, t);
    }

    /** Deploys every created process; completes when each is RUNNING or FAILED. Never fails. */
    Future<Void> startAll() {
        List<Future<?>> starts = new ArrayList<>();
        for (ProcessRecord r : records.values()) {
            if (r.state() == ProcessState.CONFIGURED) {
                starts.add(deploy(r));
            }
        }
        return Future.join(starts).transform(ar -> Future.succeededFuture());
    }

    private Future<Void> deploy(ProcessRecord r) {
        r.state(ProcessState.STARTING);
        SockitProcess process = r.process();
        Future<String> deployment;
        try {
            deployment = vertx.deployVerticle(() -> owned(r, newInstance(process)),
                    new DeploymentOptions().setInstances(r.instances()));
        } catch (Throwable t) {
            PluginFailures.rethrowIfFatal(t);
            deployment = Future.failedFuture(t);
        }
        Future<String> started = deployment;
        return deployment.timeout(startTimeout).transform(ar -> {
            if (ar.succeeded()) {
                r.deploymentId(ar.result());
                r.state(ProcessState.RUNNING);
                LOG.info("{}", r.describe());
            } else {
                failStart(r, ar.cause());
                if (ar.cause() instanceof TimeoutException) {
                    // A start that completes after all is undone, so nothing serves unsupervised.
                    started.onSuccess(vertx::undeploy);
                }
            }
            return Future.succeededFuture();
        });
    }

    /**
     * {@code instance}, telling {@link #owners} its deployment as it deploys: a handler of it (a 1 ms timer, say)
     * may throw before the deployment completes and {@link ProcessRecord#deploymentId()} is known. A plain
     * {@link Verticle} (not an {@link AbstractVerticle}) is left as it is, for Vert.x to adapt.
     */
    private Deployable owned(ProcessRecord r, Deployable instance) {
        if (instance instanceof Verticle && !(instance instanceof AbstractVerticle)) {
            return instance;
        }
        return new Deployable() {
            @Override
            public Future<?> deploy(Context context) throws Exception {
                owners.put(context.deploymentID(), r);
                return instance.deploy(context);
            }

            @Override
            public Future<?> undeploy(Context context) throws Exception {
                return instance.undeploy(context);
            }
        };
    }

    /**
     * One instance of {@code process}. Vert.x turns an Exception thrown here into a failed deployment but lets an
     * Error through to the caller; the Error is wrapped, so it fails this deployment only.
     */
    private static Deployable newInstance(SockitProcess process) {
        try {
            return process.newInstance();
        } catch (Error e) {
            PluginFailures.rethrowIfFatal(e);
            throw new CompletionException(e);
        }
    }

    private void failStart(ProcessRecord r, Throwable cause) {
        if (cause instanceof PortInUseException e) {
            r.fail(e.getMessage(), e.check().recommendation());
            LOG.error("Process '{}' failed to start: {}", r.id(), e.getMessage());
        } else if (cause instanceof TimeoutException) {
            long ms = startTimeout.toMillis();
            String why = "did not start within " + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
            r.fail(why, "");
            LOG.error("Process '{}' failed to start: {}", r.id(), why);
        } else if (cause instanceof SockitException) {
            r.fail(PluginFailures.describe(cause), "");
            LOG.error("Process '{}' failed to start: {}", r.id(), r.cause());
        } else {
            failByPlugin(r, "failed to start", cause);
        }
    }

    /**
     * An exception that a handler threw on a Vert.x thread (a plugin's event-bus consumer, a timer, a socket
     * handler) and nothing caught: one line naming the process, the trace in the log file; everything goes on.
     */
    private void onUncaught(Throwable t) {
        Context context = Vertx.currentContext();
        String deploymentId = context == null ? null : context.deploymentID();
        ProcessRecord owner = deploymentId == null ? null : owners.get(deploymentId);
        String who = owner == null ? "A handler" : "Process '" + owner.id() + "' (plugin '" + owner.pluginId() + "')";
        if (PluginFailures.isFatal(PluginFailures.unwrap(t))) {
            LOG.fatal("{}: {}; the runtime may not be reliable any more", who, PluginFailures.describe(t));
        } else {
            LOG.error("{}: uncaught {}; it keeps running", who, PluginFailures.describe(t));
        }
        PluginFailures.TRACES.error("{}: uncaught exception", who, t);
    }

    /** Undeploys every running process (in reverse order, concurrently); each gets the shutdown timeout. */
    Future<Void> stopAll() {
        List<ProcessRecord> running = new ArrayList<>(records.values());
        Collections.reverse(running);
        List<Future<?>> stops = new ArrayList<>();
        for (ProcessRecord r : running) {
            if (r.state() == ProcessState.RUNNING) {
                r.state(ProcessState.STOPPING);
                stops.add(vertx.undeploy(r.deploymentId())
                        .timeout(settings.shutdownTimeout().plus(STOP_SLACK))
                        .transform(ar -> {
                            if (ar.succeeded()) {
                                r.state(ProcessState.STOPPED);
                            } else {
                                r.fail("did not stop cleanly: " + PluginFailures.describe(ar.cause()), "");
                                LOG.warn("Process '{}' {}", r.id(), r.cause());
                                PluginFailures.TRACES.warn("Process '{}' did not stop cleanly", r.id(),
                                        ar.cause());
                            }
                            return Future.succeededFuture();
                        }));
            }
        }
        return Future.join(stops).transform(ar -> Future.succeededFuture());
    }

    /** The processes in config order. */
    public Collection<ProcessRecord> processes() {
        return Collections.unmodifiableCollection(records.values());
    }

    /** The record of process {@code id}, or {@code null}. */
    ProcessRecord record(String id) {
        return records.get(id);
    }

    /** Whether any process is FAILED. */
    public boolean anyFailed() {
        return records.values().stream().anyMatch(r -> r.state() == ProcessState.FAILED);
    }

    /** Whether any process is RUNNING. */
    public boolean anyRunning() {
        return records.values().stream().anyMatch(r -> r.state() == ProcessState.RUNNING);
    }

    /** The supervisor's processes as Results: each process's state, the process table, the plugins. */
    public ProcessReports reports() {
        return reports;
    }

    /** The state of one process and what it reports of itself. */
    public Result statusResult(ProcessRecord r) {
        return reports.statusResult(r);
    }

    /** Every process as a Result: a finding each, error status if any FAILED. */
    public Result processesResult(String operation) {
        return reports.processesResult(operation);
    }
}
