package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.runtime.plugins.PluginHost;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The runtime's event-bus services: {@code sockit.runtime.processes}, {@code sockit.runtime.plugins} and the
 * {@code status} verb of every process, answered from the supervisor's records, each at its node-local short address
 * and its node-qualified one ({@link Addresses}). Failures are
 * {@code message.fail(code, text)}: 400 an unknown action, 404 an unknown process.
 */
final class RuntimeServices {

    private final Vertx vertx;
    private final Supervisor supervisor;
    private final ProcessReports reports;
    private final PluginHost plugins;
    private final String nodeId;

    RuntimeServices(Vertx vertx, Supervisor supervisor, PluginHost plugins, String nodeId) {
        this.vertx = vertx;
        this.supervisor = supervisor;
        this.reports = supervisor.reports();
        this.plugins = plugins;
        this.nodeId = nodeId;
    }

    /** Registers {@code sockit.runtime.processes}, {@code sockit.runtime.plugins} and each process's status verb. */
    void register() {
        serve(Addresses.RUNTIME_PROCESSES, this::onProcesses);
        serve(Addresses.RUNTIME_PLUGINS, this::onPlugins);
        for (ProcessRecord r : supervisor.processes()) {
            serve(Addresses.request(r.id(), Addresses.VERB_STATUS), msg -> msg.reply(reports.statusResult(r).toJson()));
        }
    }

    /** Serves the short {@code address} node-locally and its node-qualified form cluster-wide ({@link Addresses}). */
    private void serve(String address, Handler<Message<Object>> handler) {
        EventBus bus = vertx.eventBus();
        bus.localConsumer(address, handler);
        bus.consumer(Addresses.onNode(nodeId, address), handler);
    }

    private void onProcesses(Message<Object> msg) {
        JsonObject body = msg.body() instanceof JsonObject j ? j : new JsonObject();
        String action = body.getString("action", "list");
        switch (action) {
            case "list":
                msg.reply(reports.processesResult("processes").toJson());
                break;
            case "status":
                ProcessRecord r = supervisor.record(body.getString("id", ""));
                if (r == null) {
                    msg.fail(Addresses.FAILURE_NOT_FOUND, "no process '" + body.getString("id", "") + "' (processes: "
                            + String.join(", ", supervisor.processes().stream().map(ProcessRecord::id).toList()) + ")");
                } else {
                    msg.reply(reports.statusResult(r).toJson());
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
        msg.reply(ProcessReports.pluginsResult(plugins).toJson());
    }

}
