package dev.sockit.plugin.tcp;

import dev.sockit.api.HostPort;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.Transport;
import dev.sockit.api.Units;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.net.BindOrJoin;
import dev.sockit.net.OptionReport;
import dev.sockit.net.ServerProcess;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One configured {@code tcp-server}: the state its instances share. Vert.x lets every instance listen on the
 * same host and port and spreads the connections over their event loops; the first instance to start checks
 * the port and binds it, the others join it once it has. With {@code reusePort} on a native transport and more
 * than one instance, each instance binds a listening socket of its own instead, and the kernel spreads the
 * connections over them ({@link #ownListeners()}). Counters are safe to read from any thread.
 */
public final class TcpServerProcess extends ServerProcess<TcpServerConfig, Integer> {

    private final TcpOptionsMapper.Mapping mapping;
    /** Where the instances listen; for a port other than 0, known once the first instance has resolved it. */
    private volatile SocketAddress listenAddress;
    private final OptionReadback readback;
    private final boolean ownListeners;
    /** Connections accepted by each instance, in the order the instances started listening. */
    private final List<AtomicLong> acceptedByInstance = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerLabels = new AtomicLong();

    private final AtomicLong connectionIds = new AtomicLong();
    /** Connections open now; also what {@code maxConnections} is enforced against. */
    final AtomicLong open = counters.add("open", new AtomicLong());
    final LongAdder accepted = counters.add("accepted", new LongAdder());
    final LongAdder rejected = counters.add("rejected", new LongAdder());
    final LongAdder closed = counters.add("closed", new LongAdder());
    /** Connections closed by {@code readTimeout}; reported after the timeouts, not among the counters. */
    final LongAdder timedOut = new LongAdder();
    final LongAdder bytesIn = counters.add("bytesIn", new LongAdder());
    final LongAdder bytesOut = counters.add("bytesOut", new LongAdder());
    /** The key and certificate with {@code tls}, loaded by the first instance before it binds. */
    private volatile PemKeyCertOptions keyCert;

    /**
     * The process whose event loop the connections run on ({@code forwardTo}, when it said which loop it handles
     * its messages on), or {@code null}: the instances' own loops.
     */
    private volatile String sharesLoopWith;

    /** Set by the instance that listens on {@code processId}'s loop. */
    void sharesLoopWith(String processId) {
        this.sharesLoopWith = processId;
    }

    /** Creates the process of {@code context}; the socket options are mapped for its Vert.x transport. */
    public TcpServerProcess(ProcessContext<TcpServerConfig> context) {
        super(context);
        Transport transport = transport();
        this.mapping = TcpOptionsMapper.map(context.config().options(), transport, context.config().isUnixSocket());
        this.readback = new OptionReadback(context, mapping, transport);
        TcpServerConfig config = context.config();
        // Vert.x shares a server among listeners of one port, but port 0 gives each listener a port of its own;
        // a shared random port, keyed by an id no other process will pick, gives all instances the same one.
        // A configured port is resolved by the first instance, under a name of this process (resolveListenAddress).
        this.listenAddress = config.isUnixSocket() ? SocketAddress.domainSocketAddress(config.path())
                : config.port() == 0
                ? SocketAddress.sharedRandomPort(ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE),
                        config.host())
                : null;
        this.ownListeners = !config.isUnixSocket() && context.instances() > 1
                && Boolean.TRUE.equals(config.options().reusePort())
                && mapping.report().isApplied(SocketOptionTable.REUSE_PORT.name());
    }

    @Override
    public Deployable newInstance() {
        return new TcpServerVerticle(this);
    }

    @Override
    public JsonObject status() {
        int listening = instancesUp();
        TcpServerConfig config = config();
        JsonObject status = putAddresses(new JsonObject().put("handler", config.handler().json()))
                .put("listening", listening)
                .put("listeners", ownListeners ? listening : Math.min(1, listening))
                .put("acceptedByInstance", acceptedByInstance.stream().map(AtomicLong::get).toList());
        counters.putInto(status)
                .put("maxConnections", config.maxConnections())
                .put("idleTimeout", config.idleTimeout() == null ? null : Units.format(config.idleTimeout()))
                .put("readTimeout", config.readTimeout() == null ? null : Units.format(config.readTimeout()))
                .put("timedOut", timedOut.sum())
                .put("path", config.path())
                .put("forwardTo", config.forwardTo())
                .put("sharesLoopWith", sharesLoopWith)
                .put("trafficShaping", config.trafficShaping() == null ? null : config.trafficShaping().toJson())
                .put("tls", config.tls() == null ? null : config.tls().toJson())
                .put("options", config.options().toJson());
        return putOptions(status, readback.effectiveOptions(), readback.recommendations())
                .put("kernelLimits", readback.kernelLimits());
    }

    @Override
    protected OptionReport optionReport() {
        return mapping.report();
    }

    /** What the kernel made of the socket options, read back once bound and from the first connection. */
    OptionReadback readback() {
        return readback;
    }

    TcpOptionsMapper.Mapping mapping() {
        return mapping;
    }

    /**
     * Where every instance listens: the configured host and port, or a random port they share. For a configured
     * port, {@link #resolveListenAddress()} must have completed.
     */
    SocketAddress listenAddress() {
        return listenAddress;
    }

    /**
     * Resolves where the instances listen, off the event loop; called by the first instance before it binds.
     * Vert.x shares one listener among all servers of a Vert.x instance whose host name and port are equal, so a
     * configured {@code host:port} is given a name of this process ({@code sockit.process.<id>}, which no process
     * id can spell otherwise) with the resolved IP: the instances of this process share the listener, and a server
     * of any other process on the same port binds a socket of its own, which the operating system refuses.
     */
    Future<SocketAddress> resolveListenAddress() {
        if (listenAddress != null) {
            return Future.succeededFuture(listenAddress);
        }
        ProcessContext<TcpServerConfig> context = context();
        TcpServerConfig config = context.config();
        return context.vertx().<SocketAddress>executeBlocking(() -> named("sockit.process." + context.id(),
                config.host(), config.port())).onSuccess(address -> listenAddress = address);
    }

    /** {@code host}'s IP (with its IPv6 scope) under the name {@code label}, and {@code port}. */
    private static SocketAddress named(String label, String host, int port) throws IOException {
        InetAddress ip = InetAddress.getByName(host);
        InetAddress named = ip instanceof Inet6Address v6 && v6.getScopeId() != 0
                ? Inet6Address.getByAddress(label, ip.getAddress(), v6.getScopeId())
                : InetAddress.getByAddress(label, ip.getAddress());
        return SocketAddress.inetSocketAddress(new InetSocketAddress(named, port));
    }

    /**
     * The options of one instance's server: the mapped socket options, the idle timeout, traffic shaping and
     * TLS. The host and port are {@link #listenAddress()}.
     */
    NetServerOptions serverOptions() {
        NetServerOptions options = mapping.server();
        TcpServerConfig config = config();
        Duration idleTimeout = config.idleTimeout();
        if (idleTimeout != null) {
            options.setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        TrafficShapingConfig shaping = config.trafficShaping();
        if (shaping != null) {
            options.setTrafficShapingOptions(shaping.toOptions());
        }
        PemKeyCertOptions tls = keyCert;
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls);
        }
        return options;
    }

    /**
     * Whether each instance binds a listening socket of its own: {@code reusePort} is set and applied (a native
     * transport), there is more than one instance and the server is not on a unix socket. The kernel then spreads
     * new connections over the listeners, so over the event loops, without a hand-over between threads.
     */
    boolean ownListeners() {
        return ownListeners;
    }

    /**
     * The address an instance other than the first listens on when {@link #ownListeners()}: the configured host
     * and the bound port, under a name of its own. Vert.x shares one listener among servers whose host name and
     * port are equal; an address that carries the resolved IP with a distinct name binds the same IP and port
     * (SO_REUSEPORT allows it) as a listener of its own.
     */
    Future<SocketAddress> ownListenerAddress(int port) {
        String label = "sockit.process." + context().id() + ".listener." + listenerLabels.incrementAndGet();
        String host = config().host();
        return context().vertx().executeBlocking(() -> named(label, host, port));
    }

    /** Reports {@code counter}, the connections one listening instance accepts, in {@code acceptedByInstance}. */
    void reportAccepted(AtomicLong counter) {
        acceptedByInstance.add(counter);
    }

    /** Loads the key and certificate when the config asks for TLS; called by the first instance before it binds. */
    Future<Void> loadKeyCert() {
        TlsConfig tls = config().tls();
        if (tls == null) {
            return Future.succeededFuture();
        }
        return PemKeyCertLoader.load(context().vertx(), tls).onSuccess(loaded -> keyCert = loaded).mapEmpty();
    }

    /** The address as configured: {@code host:port}, or {@code unix:<path>}. */
    @Override
    public String configuredAddress() {
        TcpServerConfig config = config();
        return config.isUnixSocket() ? unix(config.path()) : format(config.host(), config.port());
    }

    /** The bound port, with the configured host; the unix socket's path for a unix socket. */
    @Override
    protected String addressOf(Integer port) {
        TcpServerConfig config = config();
        return config.isUnixSocket() ? unix(config.path()) : format(config.host(), port);
    }

    /** Called by each instance once it listens. */
    void instanceListening(BindOrJoin.Deployment<Integer> deployment) {
        instanceUp(deployment);
        deployment.opened();
    }

    /**
     * Called by each instance that listened when its stop begins, as it closes its listener (connections drain
     * after); the last one audits the listener's {@code close} then, not once the drain is over.
     */
    void listenerClosed(BindOrJoin.Deployment<Integer> deployment) {
        if (deployment.closed()) {
            ProcessContext<TcpServerConfig> context = context();
            String local = address();
            context.journal().on(Protocol.TCP).listenerClosed(local,
                    "accepted=" + accepted.sum() + " rejected=" + rejected.sum());
            context.logger().log(System.Logger.Level.INFO, () -> "'" + context.id() + "' stopped listening on "
                    + local + (open.get() == 0 ? "" : "; draining " + open.get() + " connection(s)"));
        }
    }

    /** Called by each instance that listened once it has stopped, connections drained; the last one says so. */
    void instanceStopped(BindOrJoin.Deployment<Integer> deployment) {
        if (instanceDown(deployment)) {
            context().journal().on(Protocol.TCP).stopped(address(), bytesIn.sum(), bytesOut.sum());
        }
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    /**
     * {@code host:port}, IPv6 hosts in brackets and in their short form ({@code [::1]:7007}, RFC 5952), however the
     * config or the socket wrote them, so that one address reads the same in every audit line.
     */
    static String format(String host, int port) {
        return HostPort.of(host, port).toString();
    }

    /** {@code unix:<path>}: how addresses of unix domain sockets are shown. */
    static String unix(String path) {
        return "unix:" + path;
    }

    /**
     * {@code ip:port} of a connection end, IPv6 in brackets; {@code unix:<path>} for a unix socket ({@code unix:}
     * for an unnamed peer); empty when unknown.
     */
    static String format(SocketAddress address) {
        if (address == null) {
            return "";
        }
        if (address.isDomainSocket()) {
            return unix(address.path());
        }
        String host = address.hostAddress() != null ? address.hostAddress() : address.host();
        return host == null ? address.toString() : format(host, address.port());
    }
}
