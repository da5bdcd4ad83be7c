package dev.sockit.plugin.udp;

import dev.sockit.api.Journal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The inbound datagram path of a {@code udp-server} socket, the only handler of its channel: counts each datagram
 * once (the process's counters), drops oversize and malformed ones, and echoes, discards or forwards the rest;
 * the echoes of a batch of reads are flushed together. Transport errors are counted, and journalled at most once
 * a second with the number held back.
 *
 * <p>Hot path: per datagram, counters, the peer set, and for echo one {@link DatagramPacket} around the received
 * buffer (retained, not copied), written with the void promise. No logging, audit or event per datagram. An echo
 * is dropped (and counted) while the channel is not writable (UDP has no backpressure to apply), and so is the echo
 * of an empty datagram, since Netty's transports never send one.
 */
final class UdpInboundHandler extends ChannelInboundHandlerAdapter implements Handler<DatagramPacket> {

    private static final long ERROR_REPORT_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final UdpServerProcess process;
    private final UdpServerConfig.Handler handler;
    private final int maxDatagramSize;
    private final ContextInternal loop;
    private final EventBus bus;
    private final Journal journal;
    private String local = "";
    private ChannelHandlerContext chctx;
    private boolean flush;
    private long lastErrorReport;
    private long errorsSinceReport;

    /**
     * The handler of one socket of {@code process}. Forwarded datagrams are sent on {@code bus} from
     * {@code loop}, the context of the verticle whose event loop the channel runs on.
     */
    UdpInboundHandler(UdpServerProcess process, ContextInternal loop, EventBus bus, Journal journal) {
        this.process = process;
        UdpServerConfig config = process.context().config();
        this.handler = config.handler();
        this.maxDatagramSize = config.maxDatagramSize();
        this.loop = loop;
        this.bus = bus;
        this.journal = journal;
    }

    /** The socket is bound to {@code local}: the address forwarded datagrams and errors name. */
    void bound(String address) {
        this.local = address;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.chctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            // The handler owns the packet from here and releases it. The channel runs on the verticle's event
            // loop, so echo and discard are served right here; forward goes through the context, because it uses
            // the event bus.
            if (handler == UdpServerConfig.Handler.FORWARD) {
                loop.emit(packet, this);
            } else {
                handle(packet);
            }
        } else {
            ReferenceCountUtil.release(msg);
            process.malformed.increment();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flush) {
            flush = false;
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Echoes are written with the void promise, so a failed send ends up here.
        process.sendFailures.increment();
        socketError(cause);
    }

    @Override
    public void handle(DatagramPacket packet) {
        try {
            serve(packet);
        } finally {
            packet.release();
        }
    }

    private void serve(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int n = content.readableBytes();
        if (n > maxDatagramSize) {
            process.oversize.increment();
            return;
        }
        InetSocketAddress sender = packet.sender();
        if (sender == null || sender.getPort() == 0 || sender.getAddress() == null) {
            process.malformed.increment();
            return;
        }
        process.datagramsIn.increment();
        process.bytesIn.add(n);
        process.peerSeen(sender);
        switch (handler) {
            case ECHO:
                echo(content, sender, n);
                break;
            case FORWARD:
                forward(content, sender);
                break;
            default:
                break;
        }
    }

    private void echo(ByteBuf content, InetSocketAddress sender, int n) {
        // Netty's transports never send an empty datagram: an empty one is dropped, like one that finds the send
        // queue full.
        if (n == 0 || !chctx.channel().isWritable()) {
            process.dropped.increment();
            return;
        }
        chctx.write(new DatagramPacket(content.retain(), sender), chctx.voidPromise());
        flush = true;
        process.datagramsOut.increment();
        process.bytesOut.add(n);
    }

    /** Sends {@code {process, remote, local, data, at}} to {@code sockit.<forwardTo>.datagram}. */
    private void forward(ByteBuf content, InetSocketAddress sender) {
        ByteBuffer base64 = Base64.getEncoder().encode(content.nioBuffer());
        JsonObject body = new JsonObject()
                .put("process", journal.process())
                .put("remote", UdpServerProcess.format(sender))
                .put("local", local)
                .put("data", new String(base64.array(), 0, base64.remaining(), StandardCharsets.US_ASCII))
                .put("at", Instant.now().toString());
        process.forwarded.increment();
        bus.send(process.forwardAddress(), body);
    }

    /** Counts a socket error; journals it at most once a second, with the number held back. */
    private void socketError(Throwable e) {
        process.errors.increment();
        long now = System.nanoTime();
        if (lastErrorReport != 0 && now - lastErrorReport < ERROR_REPORT_INTERVAL) {
            errorsSinceReport++;
            return;
        }
        String detail = (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
                + (errorsSinceReport == 0 ? "" : " (and " + errorsSinceReport + " more since the last report)");
        lastErrorReport = now;
        errorsSinceReport = 0;
        journal.error(0, local, "", 0, 0, detail);
    }
}
