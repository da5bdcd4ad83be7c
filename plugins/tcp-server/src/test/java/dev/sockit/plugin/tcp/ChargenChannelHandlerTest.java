package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The character generator's Netty handler in an {@link EmbeddedChannel}: the RFC 864 line pattern, the yield after
 * a turn, stopping while unwritable and resuming when writable, and counting only what was written.
 */
class ChargenChannelHandlerTest {

    private static final int TURN = 3;
    private static final long YIELD_MS = 5;
    private static final byte[] CYCLE = ChargenHandler.lines(ChargenHandler.CYCLE_LINES);

    private final ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(CYCLE).asReadOnly());
    private final CountsRecorder counts = new CountsRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(counts.handler());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private ChargenChannelHandler handler() {
        return new ChargenChannelHandler(chunk, TURN, YIELD_MS);
    }

    private byte[] drainOutbound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private void setWritable(boolean writable) {
        // Netty fires the writability change as a task on the event loop.
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        channel.runPendingTasks();
    }

    @Test
    void writes_rfc_864_lines_one_turn_at_a_time_yielding_between_turns() {
        channel.pipeline().addLast(handler());
        byte[] first = drainOutbound();
        assertArrayEquals(ChargenHandler.lines(TURN * ChargenHandler.CYCLE_LINES), first,
                "72 printable characters and CRLF per line, each line starting one character further on");
        assertEquals(first.length, counts.sent);
        channel.advanceTimeBy(YIELD_MS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        byte[] second = drainOutbound();
        assertArrayEquals(ChargenHandler.lines(TURN * ChargenHandler.CYCLE_LINES), second,
                "the text continues where it stopped: whole cycles per chunk");
        assertEquals(first.length + second.length, counts.sent);
        assertEquals(0, counts.received);
    }

    @Test
    void writes_nothing_while_unwritable_and_resumes_when_writable() {
        setWritable(false);
        channel.pipeline().addLast(handler());
        assertNull(channel.readOutbound(), "nothing written while unwritable");
        assertEquals(0, counts.sent);
        setWritable(true);
        assertEquals(TURN * CYCLE.length, drainOutbound().length);
        assertEquals(TURN * CYCLE.length, counts.sent);
    }

    @Test
    void stops_in_the_middle_of_a_turn_when_the_channel_turns_unwritable_and_counts_only_what_was_written() {
        // The second chunk written makes the channel unwritable, as a full outbound buffer would.
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            private int writes;

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
                if (++writes == 2) {
                    setWritable(false);
                }
            }
        });
        channel.pipeline().addLast(handler());
        assertEquals(2 * CYCLE.length, drainOutbound().length);
        assertEquals(2 * CYCLE.length, counts.sent);
        channel.advanceTimeBy(YIELD_MS * 10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound(), "no timer was left to write while unwritable");
        assertEquals(2 * CYCLE.length, counts.sent);
    }

    @Test
    void writes_no_more_once_stopped_or_closed_and_counts_what_the_peer_sends() {
        ChargenChannelHandler handler = handler();
        channel.pipeline().addLast(handler);
        drainOutbound();
        long before = counts.sent;
        handler.stop();
        channel.advanceTimeBy(YIELD_MS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        setWritable(false);
        setWritable(true);
        assertNull(channel.readOutbound());
        assertEquals(before, counts.sent);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[17]));
        assertEquals(17, counts.received);
        assertNull(channel.readInbound(), "nothing is passed on to Vert.x's handler");
    }

    @Test
    void a_yield_that_ends_after_the_close_writes_nothing() {
        channel.pipeline().addLast(handler());
        drainOutbound();
        long before = counts.sent;
        channel.close();
        channel.advanceTimeBy(YIELD_MS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound());
        assertEquals(before, counts.sent);
    }
}
