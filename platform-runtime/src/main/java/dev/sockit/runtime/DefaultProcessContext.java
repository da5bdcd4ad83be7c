package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.AuditLog;
import dev.sockit.api.Journal;
import dev.sockit.api.Policy;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.Transport;
import dev.sockit.api.frame.Codecs;
import dev.sockit.api.spi.NamedExtension;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.net.codec.BuiltInCodecs;
import dev.sockit.runtime.plugins.PluginHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;

/** The context the runtime hands one configured process; shared by its instances. */
final class DefaultProcessContext<C> implements ProcessContext<C> {

    /** The short event address is node-local, even on a clustered event bus. */
    private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

    private final Vertx vertx;
    private final String id;
    private final String kind;
    private final C config;
    private final int instances;
    private final System.Logger logger;
    private final AuditLog audit;
    private final Policy policy;
    private final Duration shutdownTimeout;
    private final ProcPortChecker ports;
    private final String eventAddress;
    private final String nodeEventAddress;
    private final String nodeId;
    private final Transport transport;
    private final Journal journal;
    /** The plugins of the runtime, whose codecs and extensions the process may use; null for built-ins only. */
    private final PluginHost plugins;

    /** A context that knows the built-in codecs and no plugin extensions, for tests of the engine alone. */
    DefaultProcessContext(Vertx vertx, String id, String kind, C config, int instances, AuditLog audit,
                          Policy policy, Duration shutdownTimeout, ProcPortChecker ports, Transport transport,
                          String nodeId) {
        this(vertx, id, kind, config, instances, audit, policy, shutdownTimeout, ports, transport, nodeId, null);
    }

    DefaultProcessContext(Vertx vertx, String id, String kind, C config, int instances, AuditLog audit,
                          Policy policy, Duration shutdownTimeout, ProcPortChecker ports, Transport transport,
                          String nodeId, PluginHost plugins) {
        this.plugins = plugins;
        this.vertx = vertx;
        this.id = id;
        this.kind = kind;
        this.config = config;
        this.instances = instances;
        this.logger = new ProcessLogger(id);
        this.audit = audit;
        this.policy = policy;
        this.shutdownTimeout = shutdownTimeout;
        this.ports = ports;
        this.eventAddress = Addresses.events(id);
        this.nodeEventAddress = Addresses.nodeEvents(nodeId, id);
        this.nodeId = nodeId;
        this.transport = transport;
        this.journal = new ProcessJournal(id, audit, this::publish);
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public C config() {
        return config;
    }

    @Override
    public int instances() {
        return instances;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** The built-in codecs and those of the loaded plugins. */
    @Override
    public Codecs codecs() {
        return plugins == null ? BuiltInCodecs.codecs() : plugins.codecs();
    }

    @Override
    public <T extends NamedExtension> Map<String, T> extensions(Class<T> type) {
        return plugins == null ? Map.of() : plugins.extensions(type);
    }

    /** Publishes to the node-local short address and to the node-qualified one, cluster-wide ({@link Addresses}). */
    @Override
    public void publish(SocketEvent event) {
        JsonObject json = event.toJson();
        vertx.eventBus().publish(eventAddress, json, LOCAL_ONLY);
        vertx.eventBus().publish(nodeEventAddress, json);
    }

    @Override
    public Future<PortCheck> checkPort(Protocol protocol, String host, int port) {
        return vertx.executeBlocking(() -> ports.check(id, protocol, host, port), false);
    }
}
