package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The discard's Netty handler in an {@link EmbeddedChannel}: consumes and counts, never writes. */
class DiscardChannelHandlerTest {

    private final CountsRecorder counts = new CountsRecorder();
    private final List<Integer> batches = counts.readBatches;
    private final EmbeddedChannel channel = new EmbeddedChannel(counts.handler(), new DiscardChannelHandler());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void consumes_and_releases_every_buffer_counts_each_byte_once_and_writes_nothing() {
        List<ByteBuf> sentIn = new ArrayList<>();
        long total = 0;
        for (int i = 1; i <= 7; i++) {
            ByteBuf buf = Unpooled.buffer(i * 1000).writeZero(i * 1000);
            sentIn.add(buf);
            total += i * 1000;
            channel.writeInbound(buf);
        }
        assertEquals(total, batches.stream().mapToLong(Integer::longValue).sum());
        assertEquals(7, batches.size(), "writeInbound completes one read batch per buffer");
        for (ByteBuf buf : sentIn) {
            assertEquals(0, buf.refCnt(), "each read buffer is released");
        }
        assertNull(channel.readOutbound(), "a discard never writes");
        assertNull(channel.readInbound(), "nothing is passed on to Vert.x's handler");
        assertTrue(channel.isOpen());
    }

    @Test
    void reports_a_read_batch_once_when_it_completes() {
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[3]));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[5]));
        assertTrue(batches.isEmpty(), "nothing is reported before the batch completes");
        channel.pipeline().fireChannelReadComplete();
        assertEquals(List.of(8), batches);
        channel.pipeline().fireChannelReadComplete();
        assertEquals(List.of(8), batches, "an empty batch reports nothing");
    }

    @Test
    void passes_on_what_is_not_a_byte_buffer() {
        channel.writeInbound("not bytes");
        assertEquals("not bytes", channel.readInbound());
        assertTrue(batches.isEmpty());
    }
}
