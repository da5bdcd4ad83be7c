package dev.sockit.plugin.udp;

import dev.sockit.api.Addresses;
import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditLog;
import dev.sockit.api.AuditOp;
import dev.sockit.api.Policy;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A {@link ProcessContext} for tests: audit records go to a list, events to the real event bus, and the port
 * check binds a {@link DatagramSocket} (with SO_REUSEADDR, as the runtime's check does) to see whether the UDP
 * port is free.
 */
final class TestProcessContext<C> implements ProcessContext<C>, AuditLog {

    private final Vertx vertx;
    private final String id;
    private final C config;
    private final int instances;
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final AtomicInteger portChecks = new AtomicInteger();
    private final AtomicInteger checksToFake = new AtomicInteger();

    TestProcessContext(Vertx vertx, String id, C config, int instances) {
        this.vertx = vertx;
        this.id = id;
        this.config = config;
        this.instances = instances;
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
        return UdpServerKind.NAME;
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
        return System.getLogger("sockit.process." + id);
    }

    @Override
    public AuditLog audit() {
        return this;
    }

    @Override
    public Policy policy() {
        return Policy.DEFAULT;
    }

    @Override
    public Duration shutdownTimeout() {
        return Duration.ofSeconds(5);
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
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                socket.bind(new InetSocketAddress(host, port));
                return PortCheck.free(protocol, host, port);
            } catch (IOException e) {
                return new PortCheck(protocol, host, port, false, -1, "", e.getMessage());
            }
        });
    }

    @Override
    public void record(AuditEvent event) {
        audit.add(event);
    }

    /** The audit records of {@code op} so far. */
    List<AuditEvent> audited(AuditOp op) {
        return audit.stream().filter(e -> e.op() == op).collect(Collectors.toList());
    }

    /** The details of the audit records of {@code op} so far. */
    List<String> details(AuditOp op) {
        return audited(op).stream().map(AuditEvent::detail).collect(Collectors.toList());
    }

    /** Makes the next {@code n} port checks report the port free without looking, as if it were taken later. */
    TestProcessContext<C> reportFreeWithoutChecking(int n) {
        checksToFake.set(n);
        return this;
    }

    /** How often {@link #checkPort} was called. */
    int portChecks() {
        return portChecks.get();
    }
}
