package dev.sockit.plugin.tcp;

import dev.sockit.api.OptionKey;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.net.KernelLimits;
import dev.sockit.net.Sysctl;
import dev.sockit.plugin.tcp.EffectiveOptions.Reading;
import dev.sockit.plugin.tcp.EffectiveOptions.Report;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The read-back of one {@code tcp-server}'s socket options. Once the listener is bound, the kernel limits are read
 * and what follows from them alone is reported: the backlog, which no getsockopt returns, and the buffer sizes
 * the kernel will cap. The first connection accepted after that is read back, with its listener, and completes the
 * report. Each option is audited as {@code option_set} ({@code name requested=X effective=Y}) once its effective
 * value is known, and each recommendation is logged once as a warning. Thread-safe: instances on several event loops
 * share it.
 */
final class OptionReadback {

    private final ProcessContext<TcpServerConfig> context;
    private final SocketOptions requested;
    private final TcpOptionsMapper.Mapping mapping;
    private final Transport transport;
    /** Set once a connection of the current listener has been read; each connection asks first. */
    private final AtomicBoolean connectionRead = new AtomicBoolean();

    // Guarded by this.
    private KernelLimits limits;
    private Map<String, Reading> readings;
    private String listener = "";
    private String connectionLocal = "";
    private String connectionRemote = "";
    private final Set<String> audited = new HashSet<>();
    private final Set<String> warned = new HashSet<>();

    private volatile Report report = Report.EMPTY;
    private volatile KernelLimits reportedLimits;

    OptionReadback(ProcessContext<TcpServerConfig> context, TcpOptionsMapper.Mapping mapping, Transport transport) {
        this.context = context;
        this.requested = context.config().options();
        this.mapping = mapping;
        this.transport = transport;
    }

    /**
     * Starts over for a listener just bound to {@code local}: reads the kernel limits off the event loop and reports
     * what they decide. Call it on the event loop that bound, before it accepts anything. Never fails.
     */
    Future<Void> listening(String local) {
        synchronized (this) {
            limits = null;
            readings = null;
            listener = local;
            connectionLocal = "";
            connectionRemote = "";
            audited.clear();
            warned.clear();
            report = Report.EMPTY;
            reportedLimits = null;
        }
        connectionRead.set(false);
        return context.vertx().executeBlocking(() -> KernelLimits.read(Sysctl.host()))
                .recover(e -> {
                    context.logger().log(Level.WARNING, () -> "'" + context.id() + "' cannot read the kernel limits"
                            + " from " + Sysctl.PROC_SYS, e);
                    return Future.succeededFuture(KernelLimits.UNKNOWN);
                })
                .map(read -> {
                    synchronized (this) {
                        limits = read;
                        update();
                    }
                    return null;
                });
    }

    /**
     * Reads the options of {@code socket} and its listener if it is the first connection accepted since
     * {@link #listening(String)}; does nothing otherwise. Call it on the socket's event loop, before anything else.
     */
    void accepted(NetSocket socket) {
        if (connectionRead.get() || !connectionRead.compareAndSet(false, true)) {
            return;
        }
        if (requested.isEmpty()) {
            return;
        }
        Map<String, Reading> read = ChannelOptionReader.read(socket, transport, requested.keys());
        synchronized (this) {
            readings = read;
            connectionLocal = TcpServerProcess.format(socket.localAddress());
            connectionRemote = TcpServerProcess.format(socket.remoteAddress());
            update();
        }
    }

    /** {@code {name: {requested, effective, note}}} for every option the config sets. */
    JsonObject effectiveOptions() {
        return report.entriesJson();
    }

    /** What to change so that the kernel applies what was requested, one sentence each. */
    JsonArray recommendations() {
        return report.recommendationsJson();
    }

    /** The kernel limits the report is based on; empty until the listener is bound. */
    JsonObject kernelLimits() {
        KernelLimits known = reportedLimits;
        return known == null ? new JsonObject() : known.toJson();
    }

    /**
     * Evaluates what is known, audits each applied option whose effective value is now known (a connection's option
     * with the addresses of the connection it was read from) and warns about each new recommendation.
     */
    private void update() {
        if (limits == null) {
            return;
        }
        Report now = EffectiveOptions.evaluate(requested, mapping.report().ignored(), limits, readings);
        report = now;
        reportedLimits = limits;
        now.entries().forEach((name, entry) -> {
            if (entry.pending() || !mapping.report().isApplied(name) || !audited.add(name)) {
                return;
            }
            boolean onListener = SocketOptionTable.byName(name).appliesTo(OptionKey.Role.LISTENER);
            context.journal().on(Protocol.TCP).optionSet(onListener ? listener : connectionLocal,
                    onListener ? "" : connectionRemote, name, entry.requested(),
                    String.valueOf(entry.effective()));
        });
        for (String recommendation : now.recommendations()) {
            if (warned.add(recommendation)) {
                context.logger().log(Level.WARNING, () -> "'" + context.id() + "' " + recommendation);
            }
        }
    }
}
