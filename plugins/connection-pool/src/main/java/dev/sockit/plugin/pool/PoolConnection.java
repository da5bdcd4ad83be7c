package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;
import dev.sockit.api.frame.FrameCodec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One pooled connection: a Vert.x {@link NetSocket} whose own Netty pipeline runs the pool's codec, so that every
 * request written is one frame and every frame read is one response. Up to {@code depth} requests may be
 * outstanding ({@code pipelining}; one by default); responses answer them in the order they were written. A frame
 * that arrives with none outstanding breaks the connection (responses would no longer match requests), as does a
 * response that times out: then every request still outstanding fails. Used on its event loop only.
 *
 * <p>The response timeout costs no timer per request: one timer per connection is armed for the oldest outstanding
 * request's deadline and, when it fires for a request that was answered since, re-arms for the deadline of the
 * oldest one now (or stays off when none is). Under steady traffic it fires once a timeout period.
 *
 * <p>With {@code depth} above one the pipeline also gets a {@link FlushConsolidationHandler}: requests written in
 * one turn of the event loop (several sends delivered together) leave in one {@code writev}, not one syscall each.
 *
 * <p>Requests go into the pipeline from Vert.x's own handler's place (codec, flush consolidation, socket), not
 * through {@link NetSocket#write}: its outbound queue, with a write object and a promise per message, was the
 * costliest single step of a proxied frame (about a sixth of the proxy's CPU samples), and the write-queue
 * accounting it adds is not needed here, where at most {@code depth} requests are outstanding. A failed write
 * reaches the socket's exception handler, as any I/O error does.
 */
final class PoolConnection {

    /** Pipeline names of the codec's handlers. */
    static final String DECODER = "sockit-pool-decoder";
    static final String ENCODER = "sockit-pool-encoder";
    static final String FLUSHES = "sockit-pool-flushes";
    /** Flushes held back at most, before one is let through (Netty's default for its handler). */
    private static final int FLUSHES_HELD = 256;

    private final NetSocket socket;
    /** The pipeline place of Vert.x's handler: requests are written from here, through the codec, to the socket. */
    private final ChannelHandlerContext out;
    private final Vertx vertx;
    private final long id;
    private final HostPort target;
    private final String local;
    private final int depth;
    /** The outstanding requests, oldest first: the next frame read answers the head. */
    private final ArrayDeque<Outstanding> pending = new ArrayDeque<>();
    /** The deadline timer's id, -1 when off, and when it fires ({@link System#nanoTime()}). */
    private long timer = -1;
    private long timerDue;
    private long bytesIn;
    private long bytesOut;
    private boolean closed;
    private String broken;
    private String closeReason;

    /**
     * Wraps {@code socket}, putting the codec's decoder and encoder in its pipeline in front of Vert.x's handler.
     *
     * @param onClosed told once, with the reason, when the connection closes (by either side)
     */
    PoolConnection(NetSocket socket, FrameCodec codec, Vertx vertx, long id, HostPort target,
                   Consumer<PoolConnection> onClosed) {
        this(socket, codec, vertx, id, target, 1, onClosed);
    }

    /**
     * Wraps {@code socket} for up to {@code depth} outstanding requests, putting the codec's decoder and encoder in
     * its pipeline in front of Vert.x's handler (and, for {@code depth} above one, a flush consolidator).
     *
     * @param onClosed told once, with the reason, when the connection closes (by either side)
     */
    PoolConnection(NetSocket socket, FrameCodec codec, Vertx vertx, long id, HostPort target, int depth,
                   Consumer<PoolConnection> onClosed) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth: " + depth + " (expected: at least 1)");
        }
        this.depth = depth;
        this.socket = socket;
        this.vertx = vertx;
        this.id = id;
        this.target = target;
        SocketAddress l = socket.localAddress();
        this.local = l == null ? "" : HostPort.of(l.hostAddress(), l.port()).toString();
        ChannelHandlerContext vertxCtx = ((NetSocketInternal) socket).channelHandlerContext();
        this.out = vertxCtx;
        ChannelPipeline pipeline = vertxCtx.pipeline();
        pipeline.addBefore(vertxCtx.name(), DECODER, codec.newDecoder());
        pipeline.addBefore(vertxCtx.name(), ENCODER, codec.newEncoder());
        if (depth > 1) {
            // Outbound runs from Vert.x's handler towards the head: encoder, then this, then the socket.
            pipeline.addBefore(DECODER, FLUSHES, new FlushConsolidationHandler(FLUSHES_HELD, true));
        }
        socket.handler(this::frame);
        socket.exceptionHandler(e -> {
            String why = "I/O error: " + reason(e);
            fail(new PoolIoException(why, e));
            broken = why;
            socket.close();
        });
        socket.closeHandler(v -> {
            closed = true;
            cancelTimer();
            if (closeReason == null) {
                closeReason = broken != null ? broken : "closed by " + target;
            }
            fail(new PoolIoException(target + " closed the connection before it answered", null));
            onClosed.accept(this);
        });
    }

    /**
     * Writes {@code payload} as one frame and completes with the payload of the frame that answers it, or fails
     * after {@code timeoutMillis} ({@link java.util.concurrent.TimeoutException}), or when the connection breaks
     * ({@link PoolIoException}).
     */
    Future<Buffer> request(Buffer payload, long timeoutMillis) {
        if (pending.size() >= depth) {
            return Future.failedFuture(new IllegalStateException("connection " + id + " has " + pending.size()
                    + " requests outstanding (expected: fewer than " + depth + ")"));
        }
        if (closed || broken != null) {
            return Future.failedFuture(new PoolIoException("connection " + id + " to " + target + " is "
                    + (closed ? "closed" : "broken: " + broken), null));
        }
        Outstanding o = new Outstanding(System.nanoTime() + timeoutMillis * 1_000_000L, timeoutMillis);
        pending.addLast(o);
        if (timer == -1 || o.deadline - timerDue < 0) {
            cancelTimer();
            armTimer(timeoutMillis);
        }
        bytesOut += payload.length();
        out.writeAndFlush(((BufferInternal) payload).getByteBuf(), out.voidPromise());
        return o.promise.future();
    }

    /** Requests written and not answered yet. */
    int outstanding() {
        return pending.size();
    }

    private void frame(Buffer payload) {
        bytesIn += payload.length();
        Outstanding o = pending.pollFirst();
        if (o == null) {
            broken = "a frame arrived with no request outstanding";
            return;
        }
        o.promise.complete(payload);
    }

    private void armTimer(long millis) {
        timerDue = System.nanoTime() + Math.max(1, millis) * 1_000_000L;
        timer = vertx.setTimer(Math.max(1, millis), t -> {
            timer = -1;
            deadlineDue();
        });
    }

    /**
     * The deadline timer fired: the request outstanding now times out if its deadline has passed; one sent after
     * the timer was armed gets the timer again for the rest of its time.
     */
    private void deadlineDue() {
        Outstanding head = pending.peekFirst();
        if (head == null || closed) {
            return;
        }
        long left = head.deadline - System.nanoTime();
        if (left > 0) {
            armTimer((left + 999_999L) / 1_000_000L);
            return;
        }
        broken = "response timed out";
        pending.pollFirst().promise.fail(new java.util.concurrent.TimeoutException("no response from " + target + " within "
                + head.timeoutMillis + "ms"));
        fail(new PoolIoException("connection " + id + " to " + target + " broke: an earlier request on it timed"
                + " out", null));
    }

    /** Fails every outstanding request, oldest first. */
    private void fail(Throwable cause) {
        for (Outstanding o; (o = pending.pollFirst()) != null; ) {
            o.promise.fail(cause);
        }
    }

    private void cancelTimer() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Open, quiet and whole: fit to be handed out. */
    boolean usable() {
        return !closed && broken == null && pending.isEmpty();
    }

    /** Closes the connection for {@code reason} (what the journal's close line says). */
    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        socket.close();
    }

    long id() {
        return id;
    }

    HostPort target() {
        return target;
    }

    String local() {
        return local;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    String closeReason() {
        return closeReason;
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** A request written and not answered yet: its promise and when it times out ({@link System#nanoTime()}). */
    private static final class Outstanding {

        final Promise<Buffer> promise = Promise.promise();
        final long deadline;
        final long timeoutMillis;

        Outstanding(long deadline, long timeoutMillis) {
            this.deadline = deadline;
            this.timeoutMillis = timeoutMillis;
        }
    }

    /** The connection broke or closed while a request was outstanding, or could not take one. */
    static final class PoolIoException extends dev.sockit.api.SockitException {

        private static final long serialVersionUID = 1L;

        PoolIoException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
