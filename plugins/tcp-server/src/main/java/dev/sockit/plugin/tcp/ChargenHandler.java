package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * RFC 864 character generator: from the moment the connection opens, sends lines of 72 printable ASCII
 * characters, each ending in CRLF, until the peer closes. Line {@code n} starts with the {@code n mod 95}-th of
 * the 95 printable characters ({@code ' '} to {@code '~'}) and continues in order, wrapping, so the text repeats
 * every 95 lines. What the peer sends is counted and dropped.
 *
 * <p>Backpressure: it writes while the write queue is not full and continues when the queue drains. So that one
 * fast reader cannot hold the event loop, it writes at most {@link #CHUNKS_PER_TURN} chunks in a row and then
 * yields for {@link #YIELD_MS} millisecond: a timer rather than a task, since the event loop runs the tasks queued
 * while it runs tasks before it reads again. Every chunk is the same read-only buffer, so writing allocates
 * nothing of its own.
 *
 * <p>On a Vert.x socket that exposes its Netty pipeline ({@link NetSocketInternal}) the generator runs as a Netty
 * handler, {@link ChargenChannelHandler}, placed just before Vert.x's own as the echo's is, with the same chunk,
 * turn and yield, pausing on Netty's writability; on any other socket it runs through Vert.x as described above.
 */
final class ChargenHandler implements ConnectionHandler {

    /** Characters per line, without CRLF. */
    static final int LINE_LENGTH = 72;
    /** The printable ASCII characters, {@code ' '} (32) to {@code '~'} (126). */
    static final int PRINTABLE = 95;
    /** Lines after which the text repeats. */
    static final int CYCLE_LINES = PRINTABLE;
    /** Bytes after which the text repeats: 95 lines of 72 characters and CRLF. */
    static final int CYCLE_BYTES = CYCLE_LINES * (LINE_LENGTH + 2);
    /** Whole cycles per written chunk, so that each chunk ends where the next one starts. */
    private static final int CYCLES_PER_CHUNK = 4;
    /** Chunks written in a row at most. */
    static final int CHUNKS_PER_TURN = 8;
    /** How long it yields after {@link #CHUNKS_PER_TURN} chunks, so that the event loop serves its other sockets. */
    static final long YIELD_MS = 1;
    /** What every write sends: {@link #CYCLES_PER_CHUNK} whole cycles. Never modified. */
    private static final Buffer CHUNK = chunk();
    /** The same bytes for the Netty handler; only read-only duplicates of it are written. */
    private static final ByteBuf NETTY_CHUNK = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(CHUNK.getBytes()).asReadOnly());
    private static final String PIPELINE_NAME = "sockit-chargen";

    private final TcpConnection connection;
    private final NetSocket socket;
    private final Handler<Void> pump = v -> pump();
    private final Handler<Long> resume = timer -> pump();
    private Vertx vertx;
    private boolean stopped;
    private ChargenChannelHandler netty;

    ChargenHandler(TcpConnection connection) {
        this.connection = connection;
        this.socket = connection.socket();
    }

    /** The first {@code lines} lines of the text, each with CRLF, as a peer receives them. */
    static byte[] lines(int lines) {
        byte[] text = new byte[lines * (LINE_LENGTH + 2)];
        int i = 0;
        for (int line = 0; line < lines; line++) {
            for (int c = 0; c < LINE_LENGTH; c++) {
                text[i++] = (byte) (' ' + (line + c) % PRINTABLE);
            }
            text[i++] = '\r';
            text[i++] = '\n';
        }
        return text;
    }

    @Override
    public void start() {
        if (socket instanceof NetSocketInternal internal) {
            ChannelHandlerContext vertxCtx = internal.channelHandlerContext();
            netty = new ChargenChannelHandler(NETTY_CHUNK, CHUNKS_PER_TURN, YIELD_MS, connection::receivedDirect,
                    connection::sent);
            vertxCtx.pipeline().addBefore(vertxCtx.name(), PIPELINE_NAME, netty);
            return;
        }
        vertx = Vertx.currentContext().owner();
        socket.drainHandler(pump);
        pump();
    }

    @Override
    public int received(Buffer buffer) {
        return 0;
    }

    @Override
    public void shutdown(TcpConnection connection) {
        stopped = true;
        if (netty != null) {
            netty.stop();
        }
        socket.end();
    }

    @Override
    public void closed() {
        stopped = true;
    }

    private void pump() {
        int chunks = 0;
        while (!stopped && !socket.writeQueueFull()) {
            if (chunks++ == CHUNKS_PER_TURN) {
                vertx.setTimer(YIELD_MS, resume);
                return;
            }
            socket.write(CHUNK);
            connection.sent(CHUNK.length());
        }
    }

    private static Buffer chunk() {
        byte[] cycle = lines(CYCLE_LINES);
        Buffer chunk = Buffer.buffer(cycle.length * CYCLES_PER_CHUNK);
        for (int i = 0; i < CYCLES_PER_CHUNK; i++) {
            chunk.appendBytes(cycle);
        }
        return chunk;
    }
}
