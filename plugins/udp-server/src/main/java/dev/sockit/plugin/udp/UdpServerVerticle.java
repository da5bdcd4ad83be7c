package dev.sockit.plugin.udp;

import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SockitException;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.net.BindOrJoin;
import dev.sockit.net.KernelVerdicts;
import dev.sockit.net.PortGuard;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.transport.Transport;

import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * One instance of a {@code udp-server}: a datagram socket on the process's host and port, served on this
 * verticle's event loop. The first instance checks the port, resolves the addresses, applies the options, binds,
 * reads back what the kernel applied, joins the multicast groups and announces it; any others bind the same port
 * with SO_REUSEPORT.
 *
 * <p><b>Why not {@code vertx.createDatagramSocket}.</b> In Vert.x 5.2,
 * {@code DatagramSocketOptions.setReceiveBufferSize(n)} sets two different things to one value: SO_RCVBUF, the
 * kernel's queue of datagrams not yet read, and Netty's {@code FixedRecvByteBufAllocator}, the buffer each
 * datagram is read into ({@code Transport.configure}). Left unset, the read buffer is Netty's default of 2048
 * bytes and longer datagrams are cut short without notice; set to 64 KiB, the kernel queue is 64 KiB too and a
 * burst overflows it; set to 4 MiB, every datagram is read into a fresh 4 MiB buffer. Vert.x's datagram socket
 * gives no access to its channel to set them apart (its implementation package is not exported, and reflection
 * into it fails on the module path), and it applies IP_MULTICAST_TTL and IP_MULTICAST_LOOP on NIO only. So the
 * server owns its Netty channel, made and driven through Vert.x's exported internal API: the channel class of
 * the transport Vert.x runs on ({@code VertxInternal.transport()}, see {@link #newChannel}),
 * {@code Transport.configure} for the options Vert.x applies itself (with no receive buffer size, so that it
 * leaves both alone), registration on this verticle's event loop ({@code ContextInternal.nettyEventLoop()}), and,
 * for forward, each request sent from this verticle's context ({@code ContextInternal.emit}), so that its reply
 * comes back on the channel's event loop.
 * Then, each on its own:
 * <ul>
 *   <li>SO_RCVBUF is {@code options.receiveBufferSize}, or the operating system's default;</li>
 *   <li>the read buffer is {@code maxDatagramSize + 1} bytes: every datagram up to {@code maxDatagramSize} (65507
 *       by default, the most IPv4 carries) is read whole, and one that fills the buffer is larger than allowed and
 *       is counted as oversize (the kernel cut it, but it is dropped anyway). On epoll the buffer holds several such
 *       slots and one {@code recvmmsg} call fills them ({@link #recvmmsgSlots}).</li>
 * </ul>
 * Owning the channel also lets the server read back, with {@code getsockopt}, what the kernel applied.
 *
 * <p><b>Hot path.</b> The channel's one handler is {@link UdpInboundHandler}: per datagram, counters, the peer
 * set, and for echo one {@link DatagramPacket} around the received buffer; an echo is dropped (and counted) when
 * the send queue holds more than {@link #SEND_QUEUE_HIGH} bytes, the channel's high water mark.
 */
final class UdpServerVerticle extends VerticleBase {

    /** Bytes queued for sending above which echoes are dropped until the queue is below {@link #SEND_QUEUE_LOW}. */
    static final int SEND_QUEUE_HIGH = 4 << 20;
    /** Bytes queued for sending below which echoes are written again. */
    static final int SEND_QUEUE_LOW = 2 << 20;
    /** Datagrams read per readiness event, after which the echoes are flushed together. */
    static final int DATAGRAMS_PER_READ = 16;
    /**
     * The most bytes one {@code recvmmsg} call reads into, on epoll: as many datagram slots of
     * {@code maxDatagramSize + 1} bytes as fit, at most {@link #DATAGRAMS_PER_READ}.
     */
    static final int RECVMMSG_BUFFER = 1 << 20;
    /**
     * The slot size of a multi-datagram read: Netty's epoll and io_uring datagram channels both name their option so
     * ({@code EpollChannelOption}, {@code IoUringChannelOption}); options are pooled by name, so this is theirs.
     */
    private static final ChannelOption<Integer> MAX_DATAGRAM_PAYLOAD_SIZE = ChannelOption.valueOf(
            "MAX_DATAGRAM_PAYLOAD_SIZE");

    private final UdpServerProcess process;
    private final ProcessContext<UdpServerConfig> ctx;
    private final UdpServerConfig config;
    private final Journal journal;
    private BindOrJoin.Deployment<UdpServerProcess.Bound> deployment;
    private ContextInternal loop;
    private DatagramChannel channel;
    private String local = "";
    private boolean bound;
    private UdpMulticastMembership groups;
    private UdpInboundHandler inbound;

    UdpServerVerticle(UdpServerProcess process) {
        this.process = process;
        this.ctx = process.context();
        this.config = ctx.config();
        this.journal = ctx.journal().on(Protocol.UDP);
    }

    @Override
    public Future<?> start() {
        if (!context.isEventLoopContext()) {
            return Future.failedFuture(new SockitException("a udp-server instance runs on an event loop;"
                    + " deploy it without a worker threading model"));
        }
        loop = (ContextInternal) context;
        groups = new UdpMulticastMembership(process, journal, loop);
        deployment = process.deployment(deploymentID());
        return deployment.start(context, this::bindFirst, first -> {
            process.instanceBound(deployment);
            announce(first);
            return Future.succeededFuture(first);
        }, this::join);
    }

    /** Binds the port the first instance bound, with SO_REUSEPORT, as a socket of this instance's own. */
    private Future<UdpServerProcess.Bound> join(UdpServerProcess.Bound first) {
        return open(first.resolved(), first.local().getPort(), false).recover(e -> {
                    String where = UdpServerProcess.format(first.local());
                    journal.failed(where, "bind: " + reason(e));
                    return Future.failedFuture(new SockitException("cannot bind " + where
                            + " again with SO_REUSEPORT: " + reason(e), e));
                })
                .map(first)
                .onSuccess(v -> process.instanceBound(deployment));
    }

    @Override
    public Future<?> stop() {
        if (channel == null) {
            return Future.succeededFuture();
        }
        return groups.leaveAll(channel, local)
                .transform(ar -> {
                    channel.flush();
                    return netty(channel.close());
                })
                .andThen(ar -> {
                    if (bound) {
                        bound = false;
                        process.instanceStopped(deployment);
                    }
                });
    }

    /** Warns about what will not be applied, checks the port, resolves, binds, joins, and announces. */
    private Future<UdpServerProcess.Bound> bindFirst() {
        for (String warning : process.mapping().report().warnings()) {
            ctx.logger().log(Level.WARNING, () -> "'" + ctx.id() + "' " + warning);
        }
        String configured = UdpServerProcess.format(config.host(), config.port());
        return PortGuard.requireFree(ctx, context, Protocol.UDP, config.host(), config.port(), configured,
                        UdpServerVerticle::reason)
                .compose(check -> onThisContext(vertx.executeBlocking(
                        () -> UdpResolver.resolve(ctx.id(), config))))
                .compose(resolved -> open(resolved, config.port(), true)
                        .recover(e -> bindFailed(configured, e))
                        .compose(port -> groups.joinAll(channel, resolved.joins(), local))
                        .map(v -> new UdpServerProcess.Bound(resolved, channel.localAddress())))
                .andThen(result -> {
                    if (result.failed()) {
                        closeQuietly();
                    }
                    process.firstBound(result);
                });
    }

    /**
     * Opens a channel on Vert.x's transport, applies the options, registers it on this event loop and binds it;
     * completes with the bound port. The first instance reads back and audits the options.
     */
    private Future<Integer> open(UdpServerProcess.Resolved resolved, int port, boolean first) {
        Transport transport = ((VertxInternal) vertx).transport();
        try {
            channel = newChannel(transport, resolved.bind());
        } catch (RuntimeException e) {
            return Future.failedFuture(new SockitException("cannot open a udp socket: " + reason(e), e));
        }
        try {
            transport.configure(channel, process.mapping().datagram());
            configure(channel.config());
        } catch (RuntimeException e) {
            closeQuietly();
            return Future.failedFuture(new SockitException("cannot apply the socket options: " + reason(e), e));
        }
        inbound = new UdpInboundHandler(process, loop, vertx.eventBus(), journal);
        channel.pipeline().addLast("udp-server", inbound);
        if (first) {
            readBack(resolved);
        }
        return netty(loop.nettyEventLoop().register(channel))
                .compose(v -> netty(channel.bind(new InetSocketAddress(resolved.bind(), port))))
                .transform(ar -> {
                    if (ar.failed()) {
                        closeQuietly();
                        return Future.failedFuture(ar.cause());
                    }
                    bound = true;
                    local = UdpServerProcess.format(channel.localAddress());
                    inbound.bound(local);
                    journal.bound(local, "instances=" + ctx.instances());
                    return Future.succeededFuture(channel.localAddress().getPort());
                });
    }

    /** SO_RCVBUF and the read buffer, each on its own (see the class comment), and the multicast options. */
    private void configure(DatagramChannelConfig c) {
        UdpOptionsMapper.Mapping mapping = process.mapping();
        if (mapping.receiveBufferSize() != null) {
            c.setReceiveBufferSize(mapping.receiveBufferSize());
        }
        int slot = config.maxDatagramSize() + 1;
        int slots = recvmmsgSlots(c, slot);
        c.setRecvByteBufAllocator(slots > 1 ? new DatagramBatchAllocator(slot * slots, DATAGRAMS_PER_READ)
                : new FixedRecvByteBufAllocator(slot).maxMessagesPerRead(DATAGRAMS_PER_READ));
        c.setWriteBufferWaterMark(new WriteBufferWaterMark(SEND_QUEUE_LOW, SEND_QUEUE_HIGH));
        if (mapping.multicastTtl() != null) {
            c.setTimeToLive(mapping.multicastTtl());
        }
        if (mapping.multicastLoopback() != null) {
            c.setLoopbackModeDisabled(!mapping.multicastLoopback());
        }
    }

    /**
     * How many datagrams one read takes: on epoll (and io_uring), Netty reads several at once ({@code recvmmsg})
     * into slots of {@code slot} bytes when it is given the slot size ({@link #MAX_DATAGRAM_PAYLOAD_SIZE}) and a
     * read buffer of several slots; each datagram is still a slice of at most one slot, so a datagram that fills its
     * slot is oversize as before. NIO does not know the option and reads one datagram per call: one slot.
     */
    private static int recvmmsgSlots(DatagramChannelConfig c, int slot) {
        int slots = Math.max(1, Math.min(DATAGRAMS_PER_READ, RECVMMSG_BUFFER / slot));
        return slots > 1 && c.setOption(MAX_DATAGRAM_PAYLOAD_SIZE, slot) ? slots : 1;
    }

    /**
     * A channel of the class Vert.x's transport makes, with a socket of the family of {@code bind}. Vert.x 5.2's
     * epoll and io_uring transports ignore the family they are asked for and open a dual-stack IPv6 socket, which
     * binds {@code 0.0.0.0} as {@code ::} (open to IPv6 peers too), binds an IPv4 address as
     * {@code ::ffff:a.b.c.d}, and keeps a group address it is bound to as the source of what it sends (so that
     * echoes from a socket bound to a group are refused). Every Netty 4.2 datagram channel has a public
     * constructor taking the {@link SocketProtocolFamily}; the server calls it on the class of Vert.x's channel,
     * and keeps Vert.x's channel only if a transport had no such constructor.
     */
    private static DatagramChannel newChannel(Transport transport, InetAddress bind) {
        DatagramChannel vertxChannel = transport.datagramChannelFactory().newChannel();
        SocketProtocolFamily family = bind instanceof Inet6Address ? SocketProtocolFamily.INET6
                : SocketProtocolFamily.INET;
        DatagramChannel channel;
        try {
            channel = vertxChannel.getClass().getConstructor(SocketProtocolFamily.class).newInstance(family);
        } catch (ReflectiveOperationException e) {
            return vertxChannel;
        }
        // Never registered, so close() has no event loop to run on: close the socket at once, as Netty does.
        vertxChannel.unsafe().closeForcibly();
        return channel;
    }

    /**
     * Reads back with {@code getsockopt} what the kernel made of the options, records it, audits each applied
     * option with its requested and effective value, and warns where a buffer size fell short.
     */
    private void readBack(UdpServerProcess.Resolved resolved) {
        DatagramChannelConfig c = channel.config();
        JsonObject effective = new JsonObject();
        List<String> advice = new ArrayList<>();
        // Netty's NIO transport reads SO_RCVBUF and SO_SNDBUF through the JDK, its native transports do not: report
        // the kernel's own figure either way, the one `ss -m` shows.
        boolean throughJdk = !process.transport().isNative();
        IntUnaryOperator kernel = v -> throughJdk ? KernelVerdicts.kernelFigureOfJdkRead(v) : v;
        boolean doubles = KernelVerdicts.kernelDoublesBuffers();
        Integer sendRequested = process.mapping().report().isApplied(BufferReadback.SEND.name())
                ? config.options().get(BufferReadback.SEND) : null;
        BufferReadback receive = read(() -> new BufferReadback(BufferReadback.RECEIVE,
                process.mapping().receiveBufferSize(), kernel.applyAsInt(c.getReceiveBufferSize()), resolved.rmemMax(),
                doubles));
        BufferReadback send = read(() -> new BufferReadback(BufferReadback.SEND, sendRequested,
                kernel.applyAsInt(c.getSendBufferSize()), resolved.wmemMax(), doubles));
        for (BufferReadback b : new BufferReadback[] {receive, send}) {
            if (b == null) {
                continue;
            }
            effective.put(b.option().name(), b.toJson());
            if (b.fellShort()) {
                advice.add(b.recommendation());
                ctx.logger().log(Level.WARNING, () -> "'" + ctx.id() + "' " + b.finding() + ". "
                        + b.recommendation());
            }
        }
        putEffective(effective, SocketOptionTable.REUSE_ADDRESS.name(), config.options().reuseAddress(),
                c::isReuseAddress);
        putEffective(effective, SocketOptionTable.BROADCAST.name(), config.options().broadcast(), c::isBroadcast);
        putEffective(effective, SocketOptionTable.TRAFFIC_CLASS.name(), config.options().trafficClass(),
                c::getTrafficClass);
        putEffective(effective, "multicastTtl", config.multicastTtl(), c::getTimeToLive);
        putEffective(effective, "multicastLoopback", config.multicastLoopback(), () -> !c.isLoopbackModeDisabled());
        effective.put("readBufferSize", new JsonObject().put("effective", config.maxDatagramSize() + 1));
        process.effective(effective, advice);
        process.mapping().report().applied().forEach((name, value) -> {
            JsonObject e = effective.getJsonObject(name);
            Object applied = e == null ? null : e.getValue("effective");
            journal.optionSet(UdpServerProcess.format(config.host(), config.port()), "", name, value, applied);
        });
    }

    /** Puts {@code {requested, effective}} under {@code name}; requested only if the option was set. */
    private void putEffective(JsonObject effective, String name, Object requested, Supplier<Object> getter) {
        Object value = read(getter);
        if (value != null) {
            JsonObject entry = new JsonObject();
            if (requested != null && process.mapping().report().isApplied(name)) {
                entry.put("requested", requested);
            }
            effective.put(name, entry.put("effective", value));
        }
    }

    /** A read-back value, or {@code null} where the transport cannot read it. */
    private static <T> T read(Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void announce(UdpServerProcess.Bound first) {
        journal.ready(local);
        ctx.logger().log(Level.INFO, () -> "'" + ctx.id() + "' bound " + local + " (" + config.handler().json()
                + (process.forwardAddress() == null ? "" : " to " + process.forwardAddress()) + ", "
                + ctx.instances() + " instance(s), transport " + process.transport().json() + ", " + groups.size()
                + " multicast group(s))");
        process.startSampling(first.local());
    }

    /** Audits a failed bind; a port taken since the check is reported with its holder if the check finds it. */
    private Future<Integer> bindFailed(String configured, Throwable e) {
        SockitException failure = e instanceof SockitException s ? s
                : new SockitException("cannot bind " + configured + ": " + reason(e), e);
        journal.failed(configured, e instanceof SockitException ? reason(e) : "bind: " + reason(e));
        return PortGuard.afterFailedBind(ctx, context, Protocol.UDP, config.host(), config.port(), e, failure);
    }

    /** Closes the socket of a start that failed, and forgets the groups joined. */
    private void closeQuietly() {
        if (channel != null && channel.isOpen()) {
            channel.close();
        }
        if (bound) {
            journal.listenerClosed(local, "the start failed");
            bound = false;
        }
        groups.forget();
    }

    /** A Netty future as a Vert.x future completed on this verticle's context. */
    private Future<Void> netty(ChannelFuture future) {
        PromiseInternal<Void> promise = loop.promise();
        future.addListener(promise);
        return promise.future();
    }

    /** {@code future}, completed on this verticle's context whichever thread completes the original. */
    private <T> Future<T> onThisContext(Future<T> future) {
        return BindOrJoin.on(context, future);
    }

    private static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
