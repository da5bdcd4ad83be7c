package dev.sockit.api.testing;

import dev.sockit.api.Addresses;
import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditLog;
import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.Journal;
import dev.sockit.api.Policy;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.Transport;
import dev.sockit.api.frame.Codecs;
import dev.sockit.api.spi.NamedExtension;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A {@link ProcessContext} for plugin tests (platform-api's test jar): audit records go to a list, events to the
 * real event bus, and the port check binds a real socket (with SO_REUSEADDR, as the runtime's check does) to see
 * whether the port is free.
 *
 * @param <C> the typed config
 */
public class RecordingProcessContext<C> implements ProcessContext<C>, AuditLog {

    private final Vertx vertx;
    private final String id;
    private final String kind;
    private final C config;
    private final int instances;
    private final Duration shutdownTimeout;
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final AtomicInteger portChecks = new AtomicInteger();
    private final AtomicInteger checksToFake = new AtomicInteger();
    private final Map<Class<?>, Map<String, Object>> extensions = new ConcurrentHashMap<>();
    private volatile Codecs codecs;

    /**
     * Gives this context a codec registry (the runtime's is built from platform-net's built-ins plus the plugins'
     * codec kinds; a test usually passes {@code BuiltInCodecs.codecs()}). Without one, {@link #codecs()} throws as
     * the interface's default does.
     */
    public RecordingProcessContext<C> withCodecs(Codecs registry) {
        this.codecs = registry;
        return this;
    }

    /** Makes {@code extension} one of this context's extensions of {@code type}, found by its name. */
    public <T extends NamedExtension> RecordingProcessContext<C> withExtension(Class<T> type, T extension) {
        extensions.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).put(extension.name(), extension);
        return this;
    }

    @Override
    public Codecs codecs() {
        Codecs registry = codecs;
        if (registry == null) {
            return ProcessContext.super.codecs();
        }
        return registry;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends NamedExtension> Map<String, T> extensions(Class<T> type) {
        return (Map<String, T>) (Map<String, ?>) Map.copyOf(extensions.getOrDefault(type, Map.of()));
    }

    /** A context for process {@code id} of {@code kind}. */
    public RecordingProcessContext(Vertx vertx, String id, String kind, C config, int instances,
                                   Duration shutdownTimeout) {
        this.vertx = vertx;
        this.id = id;
        this.kind = kind;
        this.config = config;
        this.instances = instances;
        this.shutdownTimeout = shutdownTimeout;
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

    /** The transport {@link #vertx()} runs on, as the runtime tells its processes. */
    @Override
    public Transport transport() {
        return Transport.of(vertx);
    }

    /** The name of the transport {@code vertx} runs on ({@code nio}, {@code epoll}, {@code io_uring}...). */
    public static String transportOf(Vertx vertx) {
        return Transport.of(vertx).json();
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("sockit.process." + id);
    }

    @Override
    public AuditLog audit() {
        return this;
    }

    /** A journal that records its audit lines here and publishes its events on the real event bus. */
    @Override
    public Journal journal() {
        return new RecordingJournal(null);
    }

    private final class RecordingJournal implements Journal {
        private final Protocol protocol;

        RecordingJournal(Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public String process() {
            return id;
        }

        @Override
        public Protocol protocol() {
            return protocol;
        }

        @Override
        public Journal on(Protocol p) {
            return new RecordingJournal(p);
        }

        @Override
        public void write(AuditEvent auditEvent, SocketEvent event) {
            if (auditEvent != null) {
                record(auditEvent);
            }
            if (event != null) {
                publish(event);
            }
        }
    }

    @Override
    public Policy policy() {
        return Policy.DEFAULT;
    }

    @Override
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    @Override
    public void publish(SocketEvent event) {
        vertx.eventBus().publish(Addresses.events(id), event.toJson());
    }

    @Override
    public Future<PortCheck> checkPort(Protocol protocol, String host, int port) {
        portChecks.incrementAndGet();
        if (port == 0 || checksToFake.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Future.succeededFuture(PortCheck.free(protocol, host, port));
        }
        return vertx.executeBlocking(() -> {
            try {
                probe(protocol, new InetSocketAddress(host, port));
                return PortCheck.free(protocol, host, port);
            } catch (IOException e) {
                return new PortCheck(protocol, host, port, false, -1, "", e.getMessage());
            }
        });
    }

    private static void probe(Protocol protocol, InetSocketAddress address) throws IOException {
        if (protocol == Protocol.TCP) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(address);
            }
        } else {
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                socket.bind(address);
            }
        }
    }

    @Override
    public void record(AuditEvent event) {
        audit.add(event);
    }

    /** Every audit record so far. */
    public List<AuditEvent> audited() {
        return List.copyOf(audit);
    }

    /** The audit records of {@code op} so far. */
    public List<AuditEvent> audited(AuditOp op) {
        return audit.stream().filter(e -> e.op() == op).collect(Collectors.toList());
    }

    /** The details of the audit records of {@code op} so far. */
    public List<String> details(AuditOp op) {
        return audited(op).stream().map(AuditEvent::detail).collect(Collectors.toList());
    }

    /** Makes the next {@code n} port checks report the port free without looking, as if it were taken later. */
    public RecordingProcessContext<C> reportFreeWithoutChecking(int n) {
        checksToFake.set(n);
        return this;
    }

    /** How often {@link #checkPort} was called. */
    public int portChecks() {
        return portChecks.get();
    }

    /** Completes with the first {@code count} events of {@code type} published for process {@code id}. */
    public static Future<List<SocketEvent>> events(Vertx vertx, String id, EventType type, int count) {
        Promise<List<SocketEvent>> done = Promise.promise();
        List<SocketEvent> seen = new ArrayList<>();
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.events(id));
        consumer.handler(message -> {
            SocketEvent event = SocketEvent.fromJson(message.body());
            if (event.type() == type && seen.size() < count) {
                seen.add(event);
                if (seen.size() == count) {
                    consumer.unregister();
                    done.complete(List.copyOf(seen));
                }
            }
        });
        return done.future();
    }
}
