package dev.sockit.runtime;

import dev.sockit.api.ProcessState;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.runtime.plugins.PluginFailures;
import dev.sockit.runtime.plugins.PluginHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes of a supervisor as people and clients see them: one process's status Result, the process table as
 * a Result and as text lines, the plugins as a Result. {@code status()} is plugin code: what it throws is reported,
 * never thrown.
 */
public final class ProcessReports {

    private final Map<String, ProcessRecord> records;

    /** Reports on {@code records}, a live view kept by the supervisor (config order). */
    ProcessReports(Map<String, ProcessRecord> records) {
        this.records = records;
    }

    /**
     * What process {@code r} reports of itself ({@code status()} is plugin code: what it throws becomes
     * {@code {"error": …}}); {@code null} for a process that was never created.
     */
    private static JsonObject reportedStatus(ProcessRecord r) {
        SockitProcess p = r.process();
        if (p == null) {
            return null;
        }
        try {
            return p.status();
        } catch (Throwable t) {
            PluginFailures.rethrowIfFatal(t);
            PluginFailures.TRACES.warn("Process '{}': status() threw", r.id(), t);
            return new JsonObject().put("error", PluginFailures.describe(t));
        }
    }

    /** The connections the running processes report open ({@code open} in their status), summed. */
    long openConnections() {
        long open = 0;
        for (ProcessRecord r : records.values()) {
            if (r.state() == ProcessState.RUNNING) {
                JsonObject reported = reportedStatus(r);
                Object n = reported == null ? null : reported.getValue("open");
                if (n instanceof Number number) {
                    open += number.longValue();
                }
            }
        }
        return open;
    }

    /** The state of one process and what it reports of itself. */
    public Result statusResult(ProcessRecord r) {
        JsonObject data = r.toJson();
        JsonObject reported = reportedStatus(r);
        if (reported != null) {
            data.put("status", reported);
        }
        Result.Builder b = Result.builder("status", "process").address(r.address()).finding(r.describe())
                .status(stateStatus(r.state())).data(data);
        if (!r.recommendation().isEmpty()) {
            b.recommendation(r.recommendation());
        }
        return b.build();
    }

    /** Every process as a Result: a finding each, error status if any FAILED. */
    public Result processesResult(String operation) {
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
    public static Result pluginsResult(PluginHost plugins) {
        Result.Builder b = Result.builder("plugins", "runtime").address(plugins.dir().toString());
        for (PluginHost.PluginInfo p : plugins.plugins()) {
            String name = p.id().isEmpty() ? p.path() : p.id() + " " + p.version();
            if (p.reason().isEmpty()) {
                StringBuilder what = new StringBuilder(p.kinds().isEmpty() ? ""
                        : ", kinds: " + String.join(", ", p.kinds()));
                p.extensions().forEach((noun, names) -> what.append(", ").append(noun).append("s: ")
                        .append(String.join(", ", names)));
                b.finding("plugin " + name + " is " + p.state() + what);
            } else {
                b.finding("plugin " + name + " is REFUSED: " + p.reason()).status(Status.WARNING);
            }
        }
        if (plugins.plugins().isEmpty()) {
            b.finding("no plugin files in " + plugins.dir()).status(Status.WARNING)
                    .recommendation("Drop plugin jars into " + plugins.dir());
        }
        return b.data("plugins", plugins.pluginsJson()).data("kinds", new JsonArray(new ArrayList<>(
                plugins.kinds().keySet()))).data("codecs", new JsonArray(new ArrayList<>(plugins.codecs().names())))
                .build();
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
