package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The connection's byte counter in an {@link EmbeddedChannel}, between a socket stand-in that writes only when told
 * ({@link Socket}) and the services: reads counted per batch, writes counted once written, never what a close kept
 * from the peer.
 */
class ByteCountingHandlerTest {

    private final CountsRecorder counts = new CountsRecorder();
    private final Socket socket = new Socket();
    private final EmbeddedChannel channel = new EmbeddedChannel(socket, counts.handler());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void counts_the_bytes_of_a_read_batch_once_when_the_read_completes_and_passes_them_on() {
        ByteBuf a = Unpooled.wrappedBuffer(new byte[5]);
        channel.pipeline().fireChannelRead(a);
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[7]));
        assertEquals(0, counts.received, "reported when the batch completes");
        channel.pipeline().fireChannelReadComplete();
        assertEquals(List.of(12), counts.readBatches);
        assertSame(a, channel.readInbound(), "bytes are passed on as they are");
        ReferenceCountUtil.release(a);
        ReferenceCountUtil.release(channel.readInbound());
        channel.writeInbound("not bytes");
        assertEquals(List.of(12), counts.readBatches, "only bytes count");
    }

    @Test
    void several_writes_of_one_flush_count_once_all_of_them_are_written() {
        channel.write(Unpooled.wrappedBuffer(new byte[3]), channel.voidPromise());
        channel.write(Unpooled.wrappedBuffer(new byte[4]), channel.voidPromise());
        channel.write(Unpooled.wrappedBuffer(new byte[5]), channel.voidPromise());
        channel.flush();
        assertEquals(0, counts.sent, "nothing is written yet");
        assertEquals(4, socket.held.size(), "three writes and the counter's empty mark after them");
        socket.write(2);
        assertEquals(0, counts.sent, "a partial write counts nothing: the mark is not reached");
        socket.write(2);
        assertEquals(List.of(12L), counts.sentReports, "counted once, when the mark after them is written");
    }

    @Test
    void each_flush_counts_its_own_writes() {
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[10]), channel.voidPromise());
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[20]), channel.voidPromise());
        socket.write(2);
        assertEquals(List.of(10L), counts.sentReports, "the second flush is not written yet");
        socket.write(2);
        assertEquals(List.of(10L, 20L), counts.sentReports);
    }

    @Test
    void a_flush_without_bytes_writes_no_mark() {
        channel.flush();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER, channel.voidPromise());
        assertEquals(1, socket.held.size(), "only the empty write itself");
        socket.write(1);
        assertEquals(0, counts.sent);
    }

    @Test
    void a_close_before_the_bytes_are_written_counts_nothing_unsent() {
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[8]), channel.voidPromise());
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[16]), channel.voidPromise());
        socket.write(3);
        channel.close();
        assertEquals(List.of(8L), counts.sentReports, "the 16 bytes cut off by the close are not counted");
        assertFalse(channel.isOpen());
    }

    @Test
    void a_failed_write_counts_nothing() {
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[8]), channel.voidPromise());
        socket.fail(2, new ClosedChannelException());
        assertEquals(0, counts.sent);
    }

    @Test
    void a_write_with_a_promise_carries_the_count_so_a_close_on_its_completion_loses_nothing() {
        // Vert.x ends a connection so: its last write's promise closes the channel as soon as it completes.
        channel.write(Unpooled.wrappedBuffer(new byte[6]), channel.voidPromise());
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[4])).addListener(ChannelFutureListener.CLOSE);
        assertEquals(2, socket.held.size(), "no mark: the promise of the last write carries the count");
        socket.write(2);
        assertEquals(List.of(10L), counts.sentReports);
        assertFalse(channel.isOpen());
    }

    /**
     * The socket's stand-in, first in the pipeline: holds what is written until the test writes it, in order, and
     * fails what is still held when the channel closes, as a socket's outbound buffer does.
     */
    private static final class Socket extends ChannelOutboundHandlerAdapter {

        private record Held(Object msg, ChannelPromise promise) {
        }

        final ArrayDeque<Held> held = new ArrayDeque<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            held.add(new Held(msg, promise));
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            fail(held.size(), new ClosedChannelException());
            ctx.close(promise);
        }

        /** Writes the first {@code n} messages held: their promises succeed, in order. */
        void write(int n) {
            for (int i = 0; i < n; i++) {
                Held h = held.poll();
                ReferenceCountUtil.release(h.msg);
                h.promise.trySuccess();
            }
        }

        /** Fails the first {@code n} messages held with {@code cause}. */
        void fail(int n, Throwable cause) {
            for (int i = 0; i < n && !held.isEmpty(); i++) {
                Held h = held.poll();
                ReferenceCountUtil.release(h.msg);
                if (!h.promise.isVoid()) {
                    h.promise.tryFailure(cause);
                }
            }
        }
    }
}
