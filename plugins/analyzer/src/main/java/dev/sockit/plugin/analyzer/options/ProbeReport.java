package dev.sockit.plugin.analyzer.options;

import dev.sockit.api.OptionKey;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.api.Units;
import dev.sockit.net.KernelVerdicts;
import dev.sockit.plugin.analyzer.model.HostFacts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of {@code sockit options} found: an entry per option requested ({@code requested}, {@code effective},
 * {@code note}), the defaults of the options not requested, findings and recommendations for people, and the worst
 * status so far; {@link #result} renders them with the kernel limits. Not thread-safe: one run, one thread.
 */
final class ProbeReport {

    /** The sysctls that shape a TCP socket's options, shown with every TCP probe. */
    static final List<String> TCP_LIMITS = List.of("net.core.rmem_max", "net.core.wmem_max", "net.core.somaxconn",
            "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");
    /** The sysctls that shape a UDP socket's options. */
    static final List<String> UDP_LIMITS = List.of("net.core.rmem_max", "net.core.wmem_max", "net.core.rmem_default",
            "net.core.wmem_default", "net.ipv4.udp_mem");

    final String proto;
    /** The options requested, by config name, in config form ({@code 30s}, {@code 65536}). */
    final Map<String, Object> requested;
    final Map<String, JsonObject> entries = new LinkedHashMap<>();
    final JsonObject defaults = new JsonObject();
    final List<String> findings = new ArrayList<>();
    final List<String> recommendations = new ArrayList<>();
    private Status status = Status.SUCCESS;
    String local = "";

    ProbeReport(String proto, Map<String, Object> requested) {
        this.proto = proto;
        this.requested = requested;
    }

    /** The requested value of {@code key} in config form, or {@code null}. */
    Object requested(OptionKey<?> key) {
        return requested.get(key.name());
    }

    /** Whether {@code key} was requested. */
    boolean isRequested(OptionKey<?> key) {
        return requested.containsKey(key.name());
    }

    /** Whether {@code key} has an entry already. */
    boolean hasEntry(OptionKey<?> key) {
        return entries.containsKey(key.name());
    }

    /** A new entry for {@code key} holding its requested value. */
    JsonObject entry(OptionKey<?> key) {
        JsonObject entry = new JsonObject().put("requested", display(requested(key)));
        entries.put(key.name(), entry);
        return entry;
    }

    /** Raises the status to a warning, unless it is an error already. */
    void warn() {
        if (status != Status.ERROR) {
            status = Status.WARNING;
        }
    }

    /** Raises the status to an error. */
    void fail() {
        status = Status.ERROR;
    }

    /** The Result of the run, with the limits from {@code limits} that the protocol depends on. */
    Result result(HostFacts limits, List<String> notProbed) {
        Result.Builder b = Result.builder("options", proto).address(local).status(status);
        if (requested.isEmpty()) {
            b.finding("no option set: the effective defaults of a " + proto + " socket are in data.defaults");
        }
        findings.forEach(b::finding);
        String shown = limitsLine(limits);
        if (!shown.isEmpty()) {
            b.finding("kernel limits: " + shown);
        }
        recommendations.stream().distinct().forEach(b::recommendation);
        JsonObject options = new JsonObject();
        entries.forEach(options::put);
        JsonObject sysctls = new JsonObject();
        limits.sysctls().forEach(sysctls::put);
        return b.data(new JsonObject().put("protocol", proto).put("options", options).put("defaults", defaults)
                .put("limits", sysctls).put("kernelDoublesBuffers", KernelVerdicts.kernelDoublesBuffers())
                .put("notProbed", new JsonArray(new ArrayList<>(notProbed)))).build();
    }

    /** {@code name value} of each limit this protocol depends on that the host has, whitespace collapsed. */
    private String limitsLine(HostFacts limits) {
        List<String> parts = new ArrayList<>();
        for (String key : proto.equals("tcp") ? TCP_LIMITS : UDP_LIMITS) {
            String v = limits.sysctl(key);
            if (v != null) {
                parts.add(key + " " + v.trim().replaceAll("\\s+", " "));
            }
        }
        return String.join(", ", parts);
    }

    /** A value as the report shows it: a duration in config form. */
    static Object display(Object value) {
        return value instanceof Duration d ? Units.format(d) : value;
    }
}
