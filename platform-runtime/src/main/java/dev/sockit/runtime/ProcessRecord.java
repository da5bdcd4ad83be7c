package dev.sockit.runtime;

import dev.sockit.api.ProcessState;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.runtime.plugins.PluginFailures;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Instant;

/** One configured process as the supervisor tracks it: its kind, plugin, state, and the cause of a failure. */
public final class ProcessRecord {

    private static final Logger LOG = LogManager.getLogger(ProcessRecord.class);

    private final String id;
    private final String kind;
    private final String pluginId;
    private final int instances;
    private volatile SockitProcess process;
    private volatile ProcessState state = ProcessState.CONFIGURED;
    private volatile Instant since = Instant.now();
    private volatile String cause = "";
    private volatile String recommendation = "";
    private volatile String deploymentId;

    ProcessRecord(String id, String kind, String pluginId, int instances) {
        this.id = id;
        this.kind = kind;
        this.pluginId = pluginId;
        this.instances = instances;
    }

    String id() {
        return id;
    }

    String kind() {
        return kind;
    }

    String pluginId() {
        return pluginId;
    }

    int instances() {
        return instances;
    }

    ProcessState state() {
        return state;
    }

    String cause() {
        return cause;
    }

    String recommendation() {
        return recommendation;
    }

    SockitProcess process() {
        return process;
    }

    void process(SockitProcess process) {
        this.process = process;
    }

    String deploymentId() {
        return deploymentId;
    }

    void deploymentId(String deploymentId) {
        this.deploymentId = deploymentId;
    }

    /** The address the process serves, or empty. */
    String address() {
        SockitProcess p = process;
        if (p == null) {
            return "";
        }
        try {
            String a = p.address();
            return a == null ? "" : PluginFailures.oneLine(a);
        } catch (Throwable t) {
            PluginFailures.rethrowIfFatal(t);
            return "";
        }
    }

    void state(ProcessState next) {
        ProcessState previous = state;
        state = next;
        since = Instant.now();
        LOG.debug("Process '{}': {} -> {}", id, previous, next);
    }

    /** Marks the process FAILED with a cause a person can read and, if known, what to do about it. */
    void fail(String cause, String recommendation) {
        this.cause = cause == null ? "" : cause;
        this.recommendation = recommendation == null ? "" : recommendation;
        state(ProcessState.FAILED);
    }

    /** A sentence for Results: {@code process 'echo' (tcp-server) is RUNNING on 127.0.0.1:7007, 2 instances}. */
    String describe() {
        StringBuilder b = new StringBuilder("process '").append(id).append("' (").append(kind).append(") ");
        if (state == ProcessState.FAILED) {
            return b.append("FAILED: ").append(cause).toString();
        }
        b.append("is ").append(state);
        String address = address();
        if (!address.isEmpty()) {
            b.append(" on ").append(address);
        }
        return b.append(", ").append(instances).append(instances == 1 ? " instance" : " instances").toString();
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("kind", kind)
                .put("plugin", pluginId)
                .put("instances", instances)
                .put("state", state.name())
                .put("since", since.toString())
                .put("address", address());
        if (!cause.isEmpty()) {
            json.put("cause", cause);
        }
        return json;
    }
}
