package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daytime's Netty handler in an {@link EmbeddedChannel}: one RFC 867 line, counted, then the close. */
class DaytimeChannelHandlerTest {

    private final CountsRecorder counts = new CountsRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(counts.handler());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void writes_one_rfc_867_line_counts_it_and_closes() {
        String line = DaytimeHandler.line(Instant.parse("2026-11-24T13:55:51Z"));
        channel.pipeline().addLast(new DaytimeChannelHandler(line));
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        assertEquals("Tuesday, November 24, 2026 13:55:51-UTC\r\n", out.toString(StandardCharsets.US_ASCII));
        out.release();
        assertNull(channel.readOutbound(), "exactly one line");
        assertEquals(line.length(), counts.sent);
        assertEquals(0, counts.received);
        assertFalse(channel.isOpen(), "closed once the line is flushed");
    }

    @Test
    void counts_and_drops_what_the_peer_sends_before_the_close() {
        // Added while the line cannot be flushed yet (held back by an outbound handler before it), so the channel
        // is still open when bytes arrive.
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
            }
        });
        channel.pipeline().addLast(new DaytimeChannelHandler("x\r\n"));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[10]));
        assertEquals(10, counts.received);
        assertNull(channel.readInbound(), "nothing is passed on to Vert.x's handler");
        assertTrue(channel.isOpen());
        assertEquals(0, counts.sent, "the line is not written yet, so it is not counted as sent");
    }

    @Test
    void the_line_of_now_matches_the_rfc_867_shape() {
        String line = DaytimeHandler.line(Instant.now());
        assertTrue(line.matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d{2}:\\d{2}:\\d{2}-UTC\r\n"), line);
    }
}
