package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * RFC 864 character generator: from the moment the connection opens, sends lines of 72 printable ASCII
 * characters, each ending in CRLF, until the peer closes. Line {@code n} starts with the {@code n mod 95}-th of
 * the 95 printable characters ({@code ' '} to {@code '~'}) and continues in order, wrapping, so the text repeats
 * every 95 lines. What the peer sends is counted and dropped.
 *
 * <p>The generator runs as a Netty handler, {@link ChargenChannelHandler}, in the connection's pipeline: it writes
 * while the channel is writable and continues when Netty reports it writable again. So that one fast reader cannot
 * hold the event loop, it writes at most {@link #CHUNKS_PER_TURN} chunks in a row and then yields for
 * {@link #YIELD_MS} millisecond. Every chunk is a read-only duplicate of the same buffer, so writing allocates
 * nothing of its own.
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
    /** What every write sends: {@link #CYCLES_PER_CHUNK} whole cycles; only read-only duplicates are written. */
    private static final ByteBuf CHUNK = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(chunk()).asReadOnly());
    private static final String PIPELINE_NAME = "sockit-chargen";

    private final TcpConnection connection;
    private ChargenChannelHandler netty;

    ChargenHandler(TcpConnection connection) {
        this.connection = connection;
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
        netty = new ChargenChannelHandler(CHUNK, CHUNKS_PER_TURN, YIELD_MS);
        connection.addService(PIPELINE_NAME, netty);
    }

    @Override
    public void shutdown(TcpConnection connection) {
        netty.stop();
        connection.socket().end();
    }

    private static byte[] chunk() {
        byte[] cycle = lines(CYCLE_LINES);
        byte[] chunk = new byte[cycle.length * CYCLES_PER_CHUNK];
        for (int i = 0; i < CYCLES_PER_CHUNK; i++) {
            System.arraycopy(cycle, 0, chunk, i * cycle.length, cycle.length);
        }
        return chunk;
    }
}
