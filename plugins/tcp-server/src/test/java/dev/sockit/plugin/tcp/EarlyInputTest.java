package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EarlyInputTest {

    /** Records what reaches it, in order. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            seen.add("read " + buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            seen.add("complete");
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt == ChannelInputShutdownEvent.INSTANCE ? "input shut down" : "event " + evt);
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void holds_bytes_and_the_half_close_until_the_codec_is_in_place_then_replays_them_in_order() {
        EarlyInput early = new EarlyInput();
        Recorder behind = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(early);
        channel.writeInbound(ascii("one\n"), ascii("two\n"));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        assertNull(channel.readInbound(), "nothing passes before the replay");
        channel.pipeline().addLast(behind);
        early.replay();
        assertEquals(List.of("read one\n", "read two\n", "complete", "input shut down"), behind.seen);
        assertNull(channel.pipeline().get(EarlyInput.class), "it leaves the pipeline");
        channel.writeInbound(ascii("three\n"));
        assertEquals(List.of("read three\n", "complete"), behind.seen.subList(4, behind.seen.size()),
                "later reads pass straight on");
    }

    @Test
    void releases_what_it_holds_when_the_connection_closes_before_the_replay() {
        EarlyInput early = new EarlyInput();
        EmbeddedChannel channel = new EmbeddedChannel(early);
        ByteBuf data = ascii("never answered\n");
        channel.writeInbound(data);
        channel.close();
        assertEquals(0, data.refCnt());
    }
}
