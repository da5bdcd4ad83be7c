package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The echo's Netty handler in an {@link EmbeddedChannel}, after the connection's {@link ByteCountingHandler} as in a
 * server's pipeline: bytes, counts, backpressure and half-close.
 */
class EchoChannelHandlerTest {

    private final CountsRecorder counts = new CountsRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(counts.handler(), new EchoChannelHandler());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void echoes_64_KiB_in_several_reads_byte_exact_and_counts_each_byte_once() {
        byte[] data = new byte[64 * 1024];
        new Random(862).nextBytes(data);
        for (int off = 0; off < data.length; off += 10_000) {
            channel.writeInbound(Unpooled.wrappedBuffer(data, off, Math.min(10_000, data.length - off)));
        }
        assertArrayEquals(data, drainOutbound());
        assertEquals(data.length, counts.received);
        assertEquals(data.length, counts.sent);
        assertNull(channel.readInbound(), "nothing is passed on to Vert.x's handler");
    }

    @Test
    void counts_a_batch_as_sent_only_once_it_is_written() {
        // Read but not yet complete: written, not flushed, so nothing counts as sent.
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        assertEquals(0, counts.received);
        assertEquals(0, counts.sent);
        channel.pipeline().fireChannelReadComplete();
        channel.runPendingTasks();
        assertEquals(3, counts.received);
        assertEquals(3, counts.sent);
        assertArrayEquals(new byte[] {1, 2, 3}, drainOutbound());
    }

    @Test
    void stops_reading_while_the_channel_is_unwritable_and_reads_again_once_it_is_writable() {
        assertTrue(channel.config().isAutoRead());
        // The peer stops reading: the outbound buffer reports the channel unwritable.
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertFalse(channel.isWritable());
        channel.writeInbound(Unpooled.wrappedBuffer("ping".getBytes()));
        assertFalse(channel.config().isAutoRead(), "reading stops while the echo cannot be written");
        assertArrayEquals("ping".getBytes(), drainOutbound(), "what was read is still echoed");

        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        assertTrue(channel.isWritable());
        assertTrue(channel.config().isAutoRead(), "reading resumes once the channel is writable again");
    }

    @Test
    void on_input_shutdown_writes_what_it_owes_and_then_closes() {
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer("owed".getBytes()));
        assertTrue(channel.isOpen());
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        channel.runPendingTasks();
        assertArrayEquals("owed".getBytes(), drainOutbound(), "the echo owed is written before the close");
        assertFalse(channel.isOpen(), "the connection closes once the echo is written");
    }

    @Test
    void a_tls_close_notify_ends_the_input_like_a_fin() {
        channel.writeInbound(Unpooled.wrappedBuffer("tls".getBytes()));
        channel.pipeline().fireUserEventTriggered(SslCloseCompletionEvent.SUCCESS);
        channel.runPendingTasks();
        assertArrayEquals("tls".getBytes(), drainOutbound());
        assertFalse(channel.isOpen());
    }

    @Test
    void other_user_events_and_messages_are_passed_on() {
        Object event = new Object();
        channel.pipeline().fireUserEventTriggered(event);
        assertTrue(channel.isOpen());
        channel.writeInbound("not bytes");
        assertSame("not bytes", channel.readInbound());
        assertEquals(0, counts.received);
    }

    @Test
    void a_closed_channel_error_is_dropped_and_other_errors_are_passed_on() throws Exception {
        channel.pipeline().fireExceptionCaught(new ClosedChannelException());
        channel.checkException();
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        IOException thrown = assertThrows(IOException.class, channel::checkException);
        assertEquals("Connection reset by peer", thrown.getMessage());
    }

    /** Every byte written to the peer so far, in order. */
    private byte[] drainOutbound() {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        all.release();
        return bytes;
    }
}
