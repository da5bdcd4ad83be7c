package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.vertx.core.Completable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * The frames of one forwarded connection as a Netty handler, after the connection's codec in its pipeline: each
 * whole frame the decoder emits becomes one request to the consumer ({@link Consumer#request(Buffer)}), and each
 * reply's body is written back through the encoder, in request order whatever order the replies arrive in.
 *
 * <p>Bounded: at most {@code maxInFlight} requests are outstanding. At the bound the channel stops reading
 * ({@code autoRead} off); frames the decoder had already cut from the last read wait here (at most one read's
 * worth) and go out as replies drain, and reading resumes once nothing waits, fewer than {@code maxInFlight} are
 * outstanding and the channel is writable (a peer that reads nothing stops it too). A consumer that never answers
 * stalls the connection; it never grows the server's memory, and its reply timeout closes the connection.
 *
 * <p>A failed or timed-out reply, and input the codec cannot frame (a {@link DecoderException}: an oversize frame,
 * a garbage length field), close this connection only, through {@link Consumer#failed(String)}; a reply asking to
 * close ({@link Reply#close()}) closes it once everything before is written, through {@link Consumer#close()}.
 * Used on the channel's event loop only; the consumer's futures complete there.
 *
 * <p>Empty writes from behind it (Vert.x writes one before it closes, as a flush marker) go past the codec's
 * encoder, which would frame them; an empty reply body is an empty frame and goes through it.
 */
final class ForwardChannelHandler extends ChannelDuplexHandler {

    /** The pipeline name of the handler. */
    static final String NAME = "sockit-forward";

    /** The other side of the connection: the process it is forwarded to. */
    interface Consumer {

        /**
         * Sends one frame's payload; {@code done} is told the reply, or why there is none, once, on the channel's
         * event loop. A callback, not a future: no future per frame on the busiest path of a proxy.
         */
        void request(Buffer frame, Completable<Reply> done);

        /** The connection must close because of {@code reason}, an error (journalled as such). */
        void failed(String reason);

        /** The consumer asked to close the connection, and everything before is written. */
        void close();

        /**
         * The peer sent everything it will send (a FIN, or TLS {@code close_notify}), and every reply to it is
         * written: the connection closes as a peer's close.
         */
        void ended();
    }

    /**
     * A reply to one frame.
     *
     * @param body  what to write back, through the encoder; {@code null} for nothing, an empty buffer for an empty
     *              frame (a {@code line} codec writes the line end alone)
     * @param close whether to close the connection once the body is written
     */
    record Reply(Buffer body, boolean close) {
    }

    /** One outstanding request, in request order; told its reply by the consumer. */
    private final class Slot implements Completable<Reply> {
        private boolean answered;
        private Reply reply;
        private Throwable failure;

        @Override
        public void complete(Reply result, Throwable failure) {
            if (answered) {
                return;
            }
            this.answered = true;
            this.reply = result;
            this.failure = failure;
            drain();
        }
    }

    private final int maxInFlight;
    private final Consumer consumer;
    private final ChannelHandler encoder;
    /** The encoder's context: writes from it skip the encoder. */
    private ChannelHandlerContext pastEncoder;
    private final ArrayDeque<Slot> inFlight;
    /** Frames cut from the last read while at the bound: bounded by what one read delivers. */
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean done;
    /** Whether the peer has sent everything it will send: the connection ends once every reply is written. */
    private boolean inputEnded;
    /** The peer's FIN came before this handler was in place: nothing is read any more. */
    private boolean inputShut;
    private boolean draining;
    private boolean again;

    /**
     * Forwards to {@code consumer}, at most {@code maxInFlight} frames outstanding, writing replies through
     * {@code encoder}, which must be before this handler in the pipeline.
     */
    ForwardChannelHandler(int maxInFlight, Consumer consumer, ChannelHandler encoder) {
        this.maxInFlight = maxInFlight;
        this.consumer = consumer;
        this.encoder = encoder;
        this.inFlight = new ArrayDeque<>(Math.min(maxInFlight, 64));
    }

    /** Requests outstanding now. */
    int inFlight() {
        return inFlight.size();
    }

    /** Frames waiting for a slot. */
    int waiting() {
        return waiting.size();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts reading: the handler and its codec are in place. With {@code inputShut} (the peer's FIN came before
     * the codec, held by {@link EarlyInput}), reading is never turned on again: there is nothing left to read, and
     * on epoll re-arming EPOLLIN on a socket whose input was shut down fails (epoll_ctl: ENOENT), which Vert.x takes
     * for an error and closes the connection before its replies are written.
     */
    void start(boolean inputShut) {
        this.inputShut = inputShut;
        pastEncoder = ctx.pipeline().context(encoder);
        if (pastEncoder == null) {
            throw new IllegalStateException("the encoder " + encoder + " is not in the pipeline (expected: before "
                    + NAME + ")");
        }
        updateReading();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && !buf.isReadable() && pastEncoder != null) {
            pastEncoder.write(msg, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (done) {
            frame.release();
        } else if (inFlight.size() < maxInFlight && waiting.isEmpty()) {
            send(frame);
            updateReading();
        } else {
            waiting.add(frame);
            updateReading();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Not passed on: the read carried nothing for Vert.x's handler.
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            // The decoder has passed on every whole frame before this event; a partial one is dropped.
            inputEnded = true;
            endIfAnswered();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** After a half-close: once no frame waits and no reply is owed, flushes what is written and ends. */
    private void endIfAnswered() {
        if (inputEnded && !done && inFlight.isEmpty() && waiting.isEmpty()) {
            finish();
            // Past the encoder, which would frame an empty write; the listener runs once everything before is out.
            pastEncoder.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> consumer.ended());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            fail("frame: " + message(cause.getCause() != null ? cause.getCause() : cause));
        } else if (!(cause instanceof ClosedChannelException)) {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void send(ByteBuf frame) {
        Buffer payload;
        try {
            payload = Buffer.buffer(ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
        Slot slot = new Slot();
        inFlight.add(slot);
        consumer.request(payload, slot);
    }

    /** Writes the replies at the head that are in, in order; sends waiting frames into free slots; reads again. */
    private void drain() {
        if (draining) {
            again = true;
            return;
        }
        draining = true;
        try {
            do {
                again = false;
                writeReplies();
                while (!done && inFlight.size() < maxInFlight && !waiting.isEmpty()) {
                    send(waiting.poll());
                }
            } while (again && !done);
        } finally {
            draining = false;
        }
        updateReading();
        endIfAnswered();
    }

    private void writeReplies() {
        boolean wrote = false;
        while (!done && !inFlight.isEmpty() && inFlight.peek().answered) {
            Slot answered = inFlight.poll();
            if (answered.failure != null) {
                if (wrote) {
                    ctx.flush();
                }
                fail(message(answered.failure));
                return;
            }
            Reply reply = answered.reply;
            Buffer body = reply == null ? null : reply.body();
            if (body != null) {
                ctx.write(((BufferInternal) body).getByteBuf(), ctx.voidPromise());
                wrote = true;
            }
            if (reply != null && reply.close()) {
                finish();
                // Past the encoder, which would frame an empty write; the counter counts what was written before.
                pastEncoder.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> consumer.close());
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void fail(String reason) {
        if (done) {
            return;
        }
        finish();
        consumer.failed(reason);
    }

    /** Takes nothing more: releases the waiting frames and forgets the outstanding requests. */
    private void finish() {
        done = true;
        inFlight.clear();
        for (ByteBuf frame; (frame = waiting.poll()) != null; ) {
            frame.release();
        }
        if (ctx != null) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void updateReading() {
        if (done || ctx == null) {
            return;
        }
        boolean read = !inputShut && !inputEnded && inFlight.size() < maxInFlight && waiting.isEmpty()
                && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
