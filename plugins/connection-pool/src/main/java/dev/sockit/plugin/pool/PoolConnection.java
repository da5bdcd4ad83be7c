package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;
import dev.sockit.api.frame.FrameCodec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.util.function.Consumer;

/**
 * One pooled connection: a Vert.x {@link NetSocket} whose own Netty pipeline runs the pool's codec, so that every
 * request written is one frame and every frame read is one response. A lease holds it alone, so at most one
 * request is outstanding; a frame that arrives with none outstanding breaks the connection (responses would no
 * longer match requests), as does a response that times out. Used on its event loop only.
 *
 * <p>The response timeout costs no timer per request: one timer per connection is armed for the outstanding
 * request's deadline and, when it fires for a request that was answered since, re-arms for the deadline of the one
 * outstanding now (or stays off when none is). Under steady traffic it fires once a timeout period.
 */
final class PoolConnection {

    /** Pipeline names of the codec's handlers. */
    static final String DECODER = "sockit-pool-decoder";
    static final String ENCODER = "sockit-pool-encoder";

    private final NetSocket socket;
    private final Vertx vertx;
    private final long id;
    private final HostPort target;
    private final String local;
    private Promise<Buffer> pending;
    /** When the outstanding request times out ({@link System#nanoTime()}), and its timeout as the error says it. */
    private long deadline;
    private long pendingTimeoutMillis;
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
        this.socket = socket;
        this.vertx = vertx;
        this.id = id;
        this.target = target;
        SocketAddress l = socket.localAddress();
        this.local = l == null ? "" : HostPort.of(l.hostAddress(), l.port()).toString();
        ChannelHandlerContext vertxCtx = ((NetSocketInternal) socket).channelHandlerContext();
        ChannelPipeline pipeline = vertxCtx.pipeline();
        pipeline.addBefore(vertxCtx.name(), DECODER, codec.newDecoder());
        pipeline.addBefore(vertxCtx.name(), ENCODER, codec.newEncoder());
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
     * Writes {@code payload} as one frame and completes with the payload of the next frame read, or fails after
     * {@code timeoutMillis} ({@link java.util.concurrent.TimeoutException}), or when the connection breaks
     * ({@link PoolIoException}).
     */
    Future<Buffer> request(Buffer payload, long timeoutMillis) {
        if (pending != null) {
            return Future.failedFuture(new IllegalStateException("connection " + id + " has a request outstanding"));
        }
        if (closed || broken != null) {
            return Future.failedFuture(new PoolIoException("connection " + id + " to " + target + " is "
                    + (closed ? "closed" : "broken: " + broken), null));
        }
        Promise<Buffer> p = Promise.promise();
        pending = p;
        pendingTimeoutMillis = timeoutMillis;
        deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        if (timer == -1 || deadline - timerDue < 0) {
            cancelTimer();
            armTimer(timeoutMillis);
        }
        bytesOut += payload.length();
        socket.write(payload);
        return p.future();
    }

    private void frame(Buffer payload) {
        bytesIn += payload.length();
        Promise<Buffer> p = pending;
        if (p == null) {
            broken = "a frame arrived with no request outstanding";
            return;
        }
        pending = null;
        p.complete(payload);
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
        if (pending == null || closed) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            armTimer((left + 999_999L) / 1_000_000L);
            return;
        }
        broken = "response timed out";
        fail(new java.util.concurrent.TimeoutException("no response from " + target + " within "
                + pendingTimeoutMillis + "ms"));
    }

    private void fail(Throwable cause) {
        Promise<Buffer> p = pending;
        if (p != null) {
            pending = null;
            p.fail(cause);
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
        return !closed && broken == null && pending == null;
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

    /** The connection broke or closed while a request was outstanding, or could not take one. */
    static final class PoolIoException extends dev.sockit.api.SockitException {

        private static final long serialVersionUID = 1L;

        PoolIoException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
