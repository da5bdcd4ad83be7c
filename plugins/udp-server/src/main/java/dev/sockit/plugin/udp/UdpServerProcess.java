package dev.sockit.plugin.udp;

import dev.sockit.api.Addresses;
import dev.sockit.api.ConfigException;
import dev.sockit.api.HostPort;
import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.Transport;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.contracts.ForwardContract;
import dev.sockit.net.BindOrJoin;
import dev.sockit.net.OptionReport;
import dev.sockit.net.ServerProcess;
import io.netty.util.NetUtil;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * One configured {@code udp-server}: the state its instances share. A UDP port is not shared the way Vert.x
 * shares a TCP listener: each instance binds a socket of its own. So {@code instances: 1} is the rule, and more
 * instances need SO_REUSEPORT on a native transport ({@code options.reusePort: true}), with which the kernel
 * spreads datagrams over the sockets by the sender's address; without it, {@link UdpServerKind#create} refuses
 * the config. The first instance checks the port, resolves the addresses and binds; the others bind the port it
 * got. Counters are safe to read from any thread.
 */
public final class UdpServerProcess extends ServerProcess<UdpServerConfig, UdpServerProcess.Bound> {

    /** The most distinct peers remembered; datagrams from further peers are counted, not remembered. */
    public static final int PEERS_CAP = 65_536;
    /** How often the receive-buffer drops are read from {@code /proc/net/udp*}. */
    static final Duration DROPS_INTERVAL = Duration.ofSeconds(1);

    private final UdpOptionsMapper.Mapping mapping;
    private final String forwardAddress;

    /** Datagrams served (within {@code maxDatagramSize}) and their bytes. */
    final LongAdder datagramsIn = counters.add("datagramsIn", new LongAdder());
    final LongAdder bytesIn = counters.add("bytesIn", new LongAdder());
    /** Echoes written to the socket and their bytes; those the kernel then refused are also in sendFailures. */
    final LongAdder datagramsOut = counters.add("datagramsOut", new LongAdder());
    final LongAdder bytesOut = counters.add("bytesOut", new LongAdder());
    /** Datagrams sent on the event bus by the forward handler. */
    final LongAdder forwarded = counters.add("forwarded", new LongAdder());
    /** Forwarded datagrams whose reply failed or timed out. */
    final LongAdder forwardFailed = counters.add("forwardFailed", new LongAdder());
    /** Datagrams larger than maxDatagramSize, dropped. */
    final LongAdder oversize = counters.add("oversize", new LongAdder());
    /** Datagrams without a sender to answer (no address, port 0) or in a form the transport should not deliver. */
    final LongAdder malformed = counters.add("malformed", new LongAdder());
    /** Echoes not written: the socket's send queue was full, or the datagram was empty (Netty sends none). */
    final LongAdder dropped = counters.add("dropped", new LongAdder());
    /** Echoes the kernel refused to send. */
    final LongAdder sendFailures = counters.add("sendFailures", new LongAdder());
    /** Errors the transport reported on the socket. */
    final LongAdder errors = counters.add("errors", new LongAdder());
    /** Datagrams from peers not remembered because {@link #PEERS_CAP} was reached; reported after the peers. */
    final LongAdder untrackedPeerDatagrams = new LongAdder();
    private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger peerCount = new AtomicInteger();

    private final Map<String, JsonObject> groups = new ConcurrentHashMap<>();
    private volatile JsonObject effectiveOptions = new JsonObject();
    private volatile List<String> recommendations = List.of();

    private Future<ProcNetUdp.Sample> sample;
    private volatile long samplerTimer = -1;
    private volatile ProcNetUdp.Sample drops;
    private volatile Instant dropsSampledAt;

    /**
     * Creates the process of {@code context}; the socket options are mapped for its Vert.x transport.
     *
     * @throws ConfigException when several instances are configured but cannot share the port
     */
    public UdpServerProcess(ProcessContext<UdpServerConfig> context) {
        super(context);
        Transport transport = transport();
        this.mapping = UdpOptionsMapper.map(context.config(), transport);
        UdpServerConfig config = context.config();
        this.forwardAddress = config.forwardTo() == null ? null
                : Addresses.request(config.forwardTo(), ForwardContract.VERB_DATAGRAM);
        int instances = context.instances();
        if (instances > 1 && !config.multicast().isEmpty()) {
            throw new ConfigException("multicast", config.multicast().size() + " group(s) with " + instances
                    + " instances (expected: instances: 1 with multicast, since the kernel hands a group"
                    + " datagram to every socket bound to the port, so each instance would answer it)");
        }
        if (instances > 1 && !mapping.reusesPort()) {
            String why = mapping.report().isIgnored(SocketOptionTable.REUSE_PORT.name())
                    ? "true, but the " + transport.json() + " transport cannot apply it"
                    : "not true";
            throw new ConfigException("options." + SocketOptionTable.REUSE_PORT.name(), why + ", so " + instances
                    + " instances cannot share the UDP port (expected: instances: 1, or reusePort: true on a native"
                    + " transport: epoll, io_uring or kqueue)");
        }
        for (UdpServerConfig.MulticastGroup g : config.multicast()) {
            groups.put(g.toString(), groupJson(g, null, false));
        }
    }

    @Override
    public Deployable newInstance() {
        return new UdpServerVerticle(this);
    }

    @Override
    public JsonObject status() {
        ProcNetUdp.Sample sample = drops;
        Instant sampledAt = dropsSampledAt;
        UdpServerConfig config = config();
        JsonObject status = putAddresses(new JsonObject()
                .put("handler", config.handler().json())
                .put("forwardTo", forwardAddress))
                .put("bound", instancesUp())
                .put("maxDatagramSize", config.maxDatagramSize())
                .put("maxInFlight", forwardAddress == null ? null : config.maxInFlight());
        counters.putInto(status)
                .put("peers", peerCount.get())
                .put("peersCap", PEERS_CAP)
                .put("untrackedPeerDatagrams", untrackedPeerDatagrams.sum())
                .put("receiveBufferDrops", sample == null ? null : sample.drops())
                .put("receiveQueueBytes", sample == null ? null : sample.receiveQueue())
                .put("dropsSampledAt", sampledAt == null ? null : sampledAt.toString())
                .put("options", config.options().toJson())
                .put("multicastTtl", config.multicastTtl())
                .put("multicastLoopback", config.multicastLoopback());
        return putOptions(status, effectiveOptions.copy(), new JsonArray(new ArrayList<>(recommendations)))
                .put("multicastGroups", new JsonArray(config.multicast().stream()
                        .map(g -> groups.get(g.toString()).copy()).collect(Collectors.toList())));
    }

    /** The address as configured: {@code host:port}. */
    @Override
    public String configuredAddress() {
        UdpServerConfig config = config();
        return format(config.host(), config.port());
    }

    @Override
    protected OptionReport optionReport() {
        return mapping.report();
    }

    /** The address the first instance bound, with the port the others bind too. */
    @Override
    protected String addressOf(Bound bound) {
        return format(bound.local());
    }

    UdpOptionsMapper.Mapping mapping() {
        return mapping;
    }

    /** {@code sockit.<forwardTo>.datagram}, or {@code null} unless the handler is {@code forward}. */
    String forwardAddress() {
        return forwardAddress;
    }

    /** Remembers {@code peer} among the distinct peers, up to {@link #PEERS_CAP}; allocates only for a new one. */
    void peerSeen(InetSocketAddress peer) {
        if (peers.contains(peer)) {
            return;
        }
        // Instances racing past the check may overshoot the cap by at most instances - 1: close enough.
        if (peerCount.get() >= PEERS_CAP) {
            untrackedPeerDatagrams.increment();
        } else if (peers.add(peer)) {
            peerCount.incrementAndGet();
        }
    }

    /** Records what the kernel applied (read back from the first socket) and what to do about shortfalls. */
    void effective(JsonObject options, List<String> advice) {
        effectiveOptions = options.copy();
        recommendations = List.copyOf(advice);
    }

    /** Records that {@code group} was joined on {@code networkInterface}, or left. */
    void groupJoined(UdpServerConfig.MulticastGroup group, String networkInterface, boolean joined) {
        groups.put(group.toString(), groupJson(group, networkInterface, joined));
    }

    /** Called by each instance once its socket is bound. */
    void instanceBound(BindOrJoin.Deployment<Bound> deployment) {
        instanceUp(deployment);
    }

    /** Called by each instance that was bound once its socket is closed; the last one reports the stop. */
    void instanceStopped(BindOrJoin.Deployment<Bound> deployment) {
        if (instanceDown(deployment)) {
            stopSampling();
            ProcessContext<UdpServerConfig> context = context();
            String local = address();
            Journal journal = context.journal().on(Protocol.UDP);
            journal.listenerClosed(local,
                    "datagramsIn=" + datagramsIn.sum() + " datagramsOut=" + datagramsOut.sum());
            journal.stopped(local, bytesIn.sum(), bytesOut.sum());
            context.logger().log(System.Logger.Level.INFO, () -> "'" + context.id() + "' closed " + local);
        }
    }

    /** Reads the receive-buffer drops of the bound socket(s) now, then every {@link #DROPS_INTERVAL}. */
    void startSampling(InetSocketAddress local) {
        Vertx vertx = context().vertx();
        sampleDrops(local);
        samplerTimer = vertx.setPeriodic(DROPS_INTERVAL.toMillis(), id -> sampleDrops(local));
    }

    /**
     * Reads {@code /proc/net/udp*} off the event loop for the sockets bound to {@code local}; completes with the
     * sample, {@code null} where there is no such table. A read already running is joined, not repeated.
     */
    synchronized Future<ProcNetUdp.Sample> sampleDrops(InetSocketAddress local) {
        Future<ProcNetUdp.Sample> running = sample;
        if (running != null && !running.isComplete()) {
            return running;
        }
        sample = context().vertx().executeBlocking(() -> ProcNetUdp.read(ProcNetUdp.PROC, local.getAddress(),
                        local.getPort()), false)
                .andThen(ar -> {
                    if (ar.succeeded()) {
                        drops = ar.result();
                        dropsSampledAt = Instant.now();
                    }
                });
        return sample;
    }

    private void stopSampling() {
        long timer = samplerTimer;
        if (timer >= 0) {
            context().vertx().cancelTimer(timer);
            samplerTimer = -1;
        }
    }

    private static JsonObject groupJson(UdpServerConfig.MulticastGroup g, String networkInterface, boolean joined) {
        return new JsonObject()
                .put("group", g.group())
                .put("interface", networkInterface != null ? networkInterface : g.networkInterface())
                .put("source", g.source())
                .put("joined", joined);
    }

    /**
     * What the first instance resolved, for every instance to bind and join.
     *
     * @param bind    the address to bind
     * @param joins   the groups to join, with their interfaces
     * @param rmemMax {@code net.core.rmem_max}, or -1 when unknown (not Linux)
     * @param wmemMax {@code net.core.wmem_max}, or -1 when unknown
     */
    record Resolved(InetAddress bind, List<Join> joins, long rmemMax, long wmemMax) {
    }

    /**
     * A group to join.
     *
     * @param config           the group as configured
     * @param group            its address
     * @param networkInterface the interface to join on
     * @param source           the only source wanted, or {@code null}
     */
    record Join(UdpServerConfig.MulticastGroup config, InetAddress group, NetworkInterface networkInterface,
                InetAddress source) {
    }

    /**
     * The first instance's bind.
     *
     * @param resolved what it resolved
     * @param local    the address it bound, with the port the others bind too
     */
    record Bound(Resolved resolved, InetSocketAddress local) {
    }

    /**
     * {@code host:port}, IPv6 hosts in brackets and in their short form ({@code [::1]:7}), however the config wrote
     * them, as {@link #format(InetSocketAddress)} writes a socket's address.
     */
    static String format(String host, int port) {
        return HostPort.of(host, port).toString();
    }

    /** {@code ip:port} of a socket address, IPv6 short and in brackets ({@code [::1]:7}); empty when unknown. */
    static String format(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        InetAddress ip = address.getAddress();
        return format(ip == null ? address.getHostString() : NetUtil.toAddressString(ip), address.getPort());
    }
}
