package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.runtime.plugins.PluginHost;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The runtime's event-bus services: {@code sockit.runtime.processes}, {@code sockit.runtime.plugins} and the
 * {@code status} verb of every process, answered from the supervisor's records. Failures are
 * {@code message.fail(code, text)}: 400 an unknown action, 404 an unknown process.
 */
final class RuntimeServices {

    private final Vertx vertx;
    private final Supervisor supervisor;
    private final ProcessReports reports;
    private final PluginHost plugins;

    RuntimeServices(Vertx vertx, Supervisor supervisor, PluginHost plugins) {
        this.vertx = vertx;
        this.supervisor = supervisor;
        this.reports = supervisor.reports();
        this.plugins = plugins;
    }

    /** Registers {@code sockit.runtime.processes}, {@code sockit.runtime.plugins} and each process's status verb. */
    void register() {
        EventBus bus = vertx.eventBus();
        bus.<Object>consumer(Addresses.RUNTIME_PROCESSES, this::onProcesses);
        bus.<Object>consumer(Addresses.RUNTIME_PLUGINS, this::onPlugins);
        for (ProcessRecord r : supervisor.processes()) {
            bus.<Object>consumer(Addresses.request(r.id(), Addresses.VERB_STATUS),
                    msg -> msg.reply(reports.statusResult(r).toJson()));
        }
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
