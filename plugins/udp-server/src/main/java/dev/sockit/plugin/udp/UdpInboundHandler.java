package dev.sockit.plugin.udp;

import dev.sockit.api.Journal;
import dev.sockit.contracts.ForwardContract;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The inbound datagram path of a {@code udp-server} socket, the only handler of its channel: counts each datagram
 * once (the process's counters), drops oversize and malformed ones, and echoes, discards or forwards the rest;
 * the echoes of a batch of reads are flushed together. Transport errors are counted, and journalled at most once
 * a second with the number held back.
 *
 * <p>Forward (version {@value ForwardContract#VERSION} of {@link ForwardContract}): each datagram is a request to
 * {@code sockit.<forwardTo>.datagram} with a {@link Buffer} body and the headers {@code type}, {@code process},
 * {@code peer}, {@code local} and {@code version}; a reply with a body is sent back to the peer from this socket.
 * At most {@code maxInFlight} requests are outstanding: at the bound the socket stops reading ({@code autoRead}
 * off), datagrams already read in the same batch wait (one batch at most), and reading resumes as replies come
 * in. A failed or timed-out reply is counted ({@code forwardFailed}) and journalled at most once a second.
 *
 * <p>Hot path: per datagram, counters, the peer set, and for echo one {@link DatagramPacket} around the received
 * buffer (retained, not copied), written with the void promise. No logging, audit or event per datagram. An echo
 * is dropped (and counted) while the channel is not writable (UDP has no backpressure to apply), and so is the echo
 * of an empty datagram, since Netty's transports never send one.
 */
final class UdpInboundHandler extends ChannelInboundHandlerAdapter {

    /** Where forwarded datagrams go: the event bus, or a test's stand-in. */
    interface Forwarder {

        /** Sends one datagram's request; completes with the reply's body ({@code null} for none). */
        Future<Buffer> request(Buffer datagram, DeliveryOptions headers);

        /**
         * Requests to {@code address} on {@code bus}, sent from {@code loop} (the context of the socket's event
         * loop, where the replies then arrive) with a reply timeout of {@code timeoutMs}.
         */
        static Forwarder bus(EventBus bus, ContextInternal loop, String address, long timeoutMs) {
            return (datagram, headers) -> {
                Promise<Buffer> reply = loop.promise();
                headers.setSendTimeout(timeoutMs);
                loop.emit(datagram, d -> bus.<Buffer>request(address, d, headers)
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                reply.complete(ar.result().body());
                            } else {
                                reply.fail(ar.cause());
                            }
                        }));
                return reply.future();
            };
        }
    }

    /** A datagram waiting for a free slot. */
    private record Waiting(Buffer datagram, InetSocketAddress sender) {
    }

    private static final long ERROR_REPORT_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final UdpServerProcess process;
    private final UdpServerConfig.Handler handler;
    private final int maxDatagramSize;
    private final int maxInFlight;
    private final Forwarder forwarder;
    private final Journal journal;
    /** Datagrams read in the batch that reached the bound; at most one batch. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;
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
        this(process, process.forwardAddress() == null ? null : Forwarder.bus(bus, loop, process.forwardAddress(),
                ForwardContract.DEFAULT_REPLY_TIMEOUT_MS), journal);
    }

    /** The handler of one socket of {@code process}; with {@code handler: forward} it forwards to {@code forwarder}. */
    UdpInboundHandler(UdpServerProcess process, Forwarder forwarder, Journal journal) {
        this.process = process;
        UdpServerConfig config = process.context().config();
        this.handler = config.handler();
        this.maxDatagramSize = config.maxDatagramSize();
        this.maxInFlight = config.maxInFlight();
        this.forwarder = forwarder;
        this.journal = journal;
    }

    /** Forwarded datagrams awaiting their reply. */
    int inFlight() {
        return inFlight;
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
            // loop, so every datagram is served right here; the forwarder sends from the verticle's context.
            handle(packet);
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

    /** Serves one datagram and releases it. */
    void handle(DatagramPacket packet) {
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

    /** Requests {@code sockit.<forwardTo>.datagram} with the datagram, or holds it while at the bound. */
    private void forward(ByteBuf content, InetSocketAddress sender) {
        Buffer datagram = Buffer.buffer(ByteBufUtil.getBytes(content));
        if (inFlight < maxInFlight && waiting.isEmpty()) {
            send(datagram, sender);
        } else {
            waiting.add(new Waiting(datagram, sender));
        }
        updateReading();
    }

    private void send(Buffer datagram, InetSocketAddress sender) {
        DeliveryOptions headers = new DeliveryOptions()
                .addHeader(ForwardContract.HEADER_TYPE, ForwardContract.TYPE_DATAGRAM)
                .addHeader(ForwardContract.HEADER_PROCESS, journal.process())
                .addHeader(ForwardContract.HEADER_PEER, UdpServerProcess.format(sender))
                .addHeader(ForwardContract.HEADER_LOCAL, local)
                .addHeader(ForwardContract.HEADER_VERSION, Integer.toString(ForwardContract.VERSION));
        inFlight++;
        process.forwarded.increment();
        forwarder.request(datagram, headers).onComplete(ar -> {
            inFlight--;
            if (ar.succeeded()) {
                reply(ar.result(), sender);
            } else {
                process.forwardFailed.increment();
                report(forwardFailure(ar.cause()));
            }
            while (inFlight < maxInFlight && !waiting.isEmpty()) {
                Waiting next = waiting.poll();
                send(next.datagram(), next.sender());
            }
            updateReading();
        });
    }

    /** Sends a reply's body back to the peer; nothing for an empty one, a drop while the socket is not writable. */
    private void reply(Buffer body, InetSocketAddress peer) {
        if (body == null || body.length() == 0 || chctx == null) {
            return;
        }
        if (!chctx.channel().isWritable()) {
            process.dropped.increment();
            return;
        }
        int n = body.length();
        chctx.writeAndFlush(new DatagramPacket(((BufferInternal) body).getByteBuf(), peer), chctx.voidPromise());
        process.datagramsOut.increment();
        process.bytesOut.add(n);
    }

    private void updateReading() {
        if (chctx == null) {
            return;
        }
        boolean read = inFlight < maxInFlight && waiting.isEmpty();
        if (chctx.channel().config().isAutoRead() != read) {
            chctx.channel().config().setAutoRead(read);
        }
    }

    private String forwardFailure(Throwable e) {
        String to = process.forwardAddress();
        if (e instanceof ReplyException r) {
            return switch (r.failureType()) {
                case NO_HANDLERS -> "forward: no handler for " + to;
                case TIMEOUT -> "forward: no reply from " + to + " within "
                        + ForwardContract.DEFAULT_REPLY_TIMEOUT_MS + " ms";
                case RECIPIENT_FAILURE -> "forward: " + to + " failed (" + r.failureCode() + "): " + r.getMessage();
                default -> "forward: " + to + ": " + r.getMessage();
            };
        }
        return "forward: " + to + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    /** Counts a socket error; journals it at most once a second, with the number held back. */
    private void socketError(Throwable e) {
        process.errors.increment();
        report(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    /** Journals {@code text} as an error, at most once a second, with the number held back. */
    private void report(String text) {
        long now = System.nanoTime();
        if (lastErrorReport != 0 && now - lastErrorReport < ERROR_REPORT_INTERVAL) {
            errorsSinceReport++;
            return;
        }
        String detail = text
                + (errorsSinceReport == 0 ? "" : " (and " + errorsSinceReport + " more since the last report)");
        lastErrorReport = now;
        errorsSinceReport = 0;
        journal.error(0, local, "", 0, 0, detail);
    }
}
