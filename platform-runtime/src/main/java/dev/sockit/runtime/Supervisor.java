package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.AuditLog;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.PolicyException;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.ProcessState;
import dev.sockit.api.Result;
import dev.sockit.api.SockitException;
import dev.sockit.api.Status;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Deploys each configured process as verticles, tracks its state, isolates failures (a process that fails to
 * start is FAILED with its cause; the others keep running), stops everything gracefully, and answers the
 * runtime's event-bus services.
 */
final class Supervisor {

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
    private final String transport;
    private final Map<String, ProcessRecord> records = new LinkedHashMap<>();

    Supervisor(Vertx vertx, PluginHost plugins, AuditLog audit, RuntimeSettings settings, ProcPortChecker ports,
               String transport) {
        this.vertx = vertx;
        this.transport = transport;
        this.plugins = plugins;
        this.audit = audit;
        this.settings = settings;
        this.ports = ports;
    }

    /**
     * Finds each process's kind, binds its config and creates it. A config problem is thrown (the run cannot
     * go on); a kind that fails to create its process makes that process FAILED.
     *
     * @throws ConfigException naming the path and line of the first bad value
     */
    void prepare(SockitConfig config) {
        Map<ProcessSpec, Object> bound = new LinkedHashMap<>();
        for (ProcessSpec spec : config.processes().values()) {
            PluginHost.KindEntry entry = plugins.kinds().get(spec.kind());
            if (entry == null) {
                throw unknownKind(config, spec);
            }
            bound.put(spec, spec.config().bind(entry.kind().configType()));
        }
        bound.forEach((spec, typed) -> checkReferences(config, spec, plugins.kinds().get(spec.kind()).kind(), typed));
        bound.forEach((spec, typed) -> {
            PluginHost.KindEntry entry = plugins.kinds().get(spec.kind());
            ProcessRecord r = new ProcessRecord(spec.id(), spec.kind(), entry.pluginId(), spec.instances());
            records.put(spec.id(), r);
            create(r, spec, entry.kind(), typed);
        });
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
                    settings.shutdownTimeout(), ports, transport);
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
        } catch (RuntimeException | LinkageError e) {
            r.fail("could not be created: " + e, "");
            LOG.error("Process '{}' could not be created by plugin '{}'", r.id(), r.pluginId(), e);
        }
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
        Future<String> deployment = vertx.deployVerticle(process::newInstance,
                new DeploymentOptions().setInstances(r.instances()));
        return deployment.timeout(START_TIMEOUT).transform(ar -> {
            if (ar.succeeded()) {
                r.deploymentId(ar.result());
                r.state(ProcessState.RUNNING);
                LOG.info("{}", r.describe());
            } else {
                failStart(r, ar.cause());
                if (ar.cause() instanceof TimeoutException) {
                    // A start that completes after all is undone, so nothing serves unsupervised.
                    deployment.onSuccess(vertx::undeploy);
                }
            }
            return Future.succeededFuture();
        });
    }

    private static void failStart(ProcessRecord r, Throwable cause) {
        if (cause instanceof PortInUseException e) {
            r.fail(e.getMessage(), e.check().recommendation());
            LOG.error("Process '{}' failed to start: {}", r.id(), e.getMessage());
        } else if (cause instanceof TimeoutException) {
            r.fail("did not start within " + START_TIMEOUT.toSeconds() + "s", "");
            LOG.error("Process '{}' failed to start: did not start within {}s", r.id(), START_TIMEOUT.toSeconds());
        } else if (cause instanceof SockitException) {
            r.fail(cause.getMessage(), "");
            LOG.error("Process '{}' failed to start: {}", r.id(), cause.getMessage());
        } else {
            r.fail(String.valueOf(cause), "");
            LOG.error("Process '{}' failed to start", r.id(), cause);
        }
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
                                r.fail("did not stop cleanly: " + ar.cause().getMessage(), "");
                                LOG.warn("Process '{}' did not stop cleanly: {}", r.id(), ar.cause().getMessage());
                            }
                            return Future.succeededFuture();
                        }));
            }
        }
        return Future.join(stops).transform(ar -> Future.succeededFuture());
    }

    /** The processes in config order. */
    Collection<ProcessRecord> processes() {
        return Collections.unmodifiableCollection(records.values());
    }

    /** The record of process {@code id}, or {@code null}. */
    ProcessRecord record(String id) {
        return records.get(id);
    }

    /** Whether any process is FAILED. */
    boolean anyFailed() {
        return records.values().stream().anyMatch(r -> r.state() == ProcessState.FAILED);
    }

    /** Whether any process is RUNNING. */
    boolean anyRunning() {
        return records.values().stream().anyMatch(r -> r.state() == ProcessState.RUNNING);
    }

    /** Registers {@code sockit.runtime.processes}, {@code sockit.runtime.plugins} and each process's status verb. */
    void registerServices() {
        EventBus bus = vertx.eventBus();
        bus.<Object>consumer(Addresses.RUNTIME_PROCESSES, this::onProcesses);
        bus.<Object>consumer(Addresses.RUNTIME_PLUGINS, this::onPlugins);
        for (ProcessRecord r : records.values()) {
            bus.<Object>consumer(Addresses.request(r.id(), Addresses.VERB_STATUS),
                    msg -> msg.reply(statusResult(r).toJson()));
        }
    }

    private void onProcesses(Message<Object> msg) {
        JsonObject body = msg.body() instanceof JsonObject j ? j : new JsonObject();
        String action = body.getString("action", "list");
        switch (action) {
            case "list":
                msg.reply(processesResult("processes").toJson());
                break;
            case "status":
                ProcessRecord r = records.get(body.getString("id", ""));
                if (r == null) {
                    msg.fail(Addresses.FAILURE_NOT_FOUND, "no process '" + body.getString("id", "")
                            + "' (processes: " + String.join(", ", records.keySet()) + ")");
                } else {
                    msg.reply(statusResult(r).toJson());
                }
                break;
            default:
                msg.fail(Addresses.FAILURE_BAD_REQUEST, "unknown action '" + action + "' (expected: list, status)");
        }
    }

    private void onPlugins(Message<Object> msg) {
        JsonObject body = msg.body() instanceof JsonObject j ? j : new JsonObject();
        String action = body.getString("action", "list");
        if (!"list".equals(action)) {
            msg.fail(Addresses.FAILURE_BAD_REQUEST, "unknown action '" + action + "' (expected: list)");
            return;
        }
        msg.reply(pluginsResult(plugins).toJson());
    }

    /** The state of one process and what it reports of itself. */
    Result statusResult(ProcessRecord r) {
        JsonObject data = r.toJson();
        SockitProcess p = r.process();
        if (p != null) {
            try {
                data.put("status", p.status());
            } catch (RuntimeException e) {
                data.put("status", new JsonObject().put("error", String.valueOf(e)));
            }
        }
        Result.Builder b = Result.builder("status", "process").address(r.address()).finding(r.describe())
                .status(stateStatus(r.state())).data(data);
        if (!r.recommendation().isEmpty()) {
            b.recommendation(r.recommendation());
        }
        return b.build();
    }

    /** Every process as a Result: a finding each, error status if any FAILED. */
    Result processesResult(String operation) {
        Result.Builder b = Result.builder(operation, "runtime");
        JsonArray list = new JsonArray();
        String address = "";
        for (ProcessRecord r : records.values()) {
            b.finding(r.describe()).status(stateStatus(r.state()));
            if (!r.recommendation().isEmpty()) {
                b.recommendation(r.recommendation());
            }
            if (address.isEmpty()) {
                address = r.address();
            }
            list.add(r.toJson());
        }
        return b.address(address).data("processes", list).build();
    }

    /** Every plugin file as a Result. */
    static Result pluginsResult(PluginHost plugins) {
        Result.Builder b = Result.builder("plugins", "runtime").address(plugins.dir().toString());
        for (PluginHost.PluginInfo p : plugins.plugins()) {
            String name = p.id().isEmpty() ? p.path() : p.id() + " " + p.version();
            if (p.reason().isEmpty()) {
                b.finding("plugin " + name + " is " + p.state() + (p.kinds().isEmpty() ? ""
                        : ", kinds: " + String.join(", ", p.kinds())));
            } else {
                b.finding("plugin " + name + " is REFUSED: " + p.reason()).status(Status.WARNING);
            }
        }
        if (plugins.plugins().isEmpty()) {
            b.finding("no plugin files in " + plugins.dir()).status(Status.WARNING)
                    .recommendation("Drop plugin jars into " + plugins.dir());
        }
        return b.data("plugins", plugins.pluginsJson()).data("kinds", new JsonArray(new ArrayList<>(
                plugins.kinds().keySet()))).build();
    }

    /** The process table as lines, for the log. */
    List<String> tableLines() {
        return Tables.processTable(records.values().stream().map(ProcessRecord::toJson).toList());
    }

    private static Status stateStatus(ProcessState s) {
        switch (s) {
            case FAILED: return Status.ERROR;
            case RUNNING: case STOPPED: return Status.SUCCESS;
            default: return Status.WARNING;
        }
    }
}
