package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import dev.sockit.net.codec.BuiltInCodecs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Completable;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarded connection's frame handler in an {@link EmbeddedChannel}, after a real codec as in a server's
 * pipeline, with a consumer the test answers by hand: the in-flight bound, reply order, close, and bad frames.
 */
class ForwardChannelHandlerTest {

    private final Consumer consumer = new Consumer();
    private EmbeddedChannel channel;
    private ForwardChannelHandler handler;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void open(int maxInFlight, CodecSpec spec) {
        FrameCodec codec = BuiltInCodecs.codecs().create(spec);
        var encoder = codec.newEncoder();
        handler = new ForwardChannelHandler(maxInFlight, consumer, encoder);
        channel = new EmbeddedChannel(codec.newDecoder(), encoder, handler);
        consumer.channel = channel;
        handler.start(false);
    }

    private static CodecSpec line(int maxLength) {
        return new CodecSpec("line", JsonNodeFactory.instance.objectNode().put("maxLength", maxLength));
    }

    private void read(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out.toString();
    }

    @Test
    void a_peer_whose_fin_came_before_the_codec_is_never_read_again_and_gets_its_replies_then_the_end() {
        FrameCodec codec = BuiltInCodecs.codecs().create(line(64));
        var encoder = codec.newEncoder();
        handler = new ForwardChannelHandler(4, consumer, encoder);
        channel = new EmbeddedChannel(codec.newDecoder(), encoder, handler);
        channel.config().setAutoRead(false);
        consumer.channel = channel;
        handler.start(true);
        assertFalse(channel.config().isAutoRead(), "the input was shut down before: nothing to read");
        // what EarlyInput replays: the request, then the half-close
        read("one\ntwo\n");
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertFalse(channel.config().isAutoRead(), "replies outstanding, still no read");
        consumer.reply(0, "ONE");
        assertFalse(channel.config().isAutoRead());
        consumer.reply(1, "TWO");
        assertFalse(channel.config().isAutoRead());
        assertEquals("ONE\nTWO\n", written());
    }

    @Test
    void sends_each_whole_frame_once_and_stops_reading_at_the_in_flight_bound_until_replies_drain() {
        open(2, line(64));
        assertTrue(channel.config().isAutoRead());
        read("a\nb\n");
        assertEquals(List.of("a", "b"), consumer.frames());
        assertFalse(channel.config().isAutoRead(), "two outstanding of two: reading stops");
        // Frames already cut from the last read wait for a slot; they are never dropped.
        read("c\nd\n");
        assertEquals(2, handler.inFlight());
        assertEquals(2, handler.waiting());

        consumer.reply(0, "A");
        assertEquals(List.of("a", "b", "c"), consumer.frames(), "a free slot takes the first waiting frame");
        assertFalse(channel.config().isAutoRead(), "still a frame waiting");
        consumer.reply(1, "B");
        consumer.reply(2, "C");
        assertEquals(List.of("a", "b", "c", "d"), consumer.frames());
        assertTrue(channel.config().isAutoRead(), "one outstanding of two, nothing waiting: reading resumes");
        consumer.reply(3, "D");
        assertEquals("A\nB\nC\nD\n", written(), "each reply through the encoder");
        assertTrue(channel.isOpen());
    }

    @Test
    void writes_replies_in_request_order_when_they_arrive_out_of_order() {
        open(8, line(64));
        read("1\n2\n3\n4\n");
        consumer.reply(3, "four");
        consumer.reply(1, "two");
        assertEquals("", written(), "the first reply is not in yet");
        consumer.reply(0, "one");
        assertEquals("one\ntwo\n", written());
        consumer.reply(2, "three");
        assertEquals("three\nfour\n", written());
    }

    @Test
    void no_reply_body_writes_nothing_and_frees_its_slot() {
        open(1, line(64));
        read("x\n");
        assertFalse(channel.config().isAutoRead());
        consumer.reply(0, null);
        assertEquals("", written());
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void a_half_close_ends_the_connection_once_every_reply_is_written() {
        open(4, line(64));
        read("a\nb\n");
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(channel.isOpen(), "two replies are owed");
        consumer.reply(1, "B");
        assertEquals(0, consumer.ends);
        consumer.reply(0, "A");
        assertEquals("A\nB\n", written());
        assertEquals(1, consumer.ends);
        assertEquals(0, consumer.closes);
        assertFalse(channel.isOpen());
        assertEquals(List.of(), consumer.failures);
    }

    @Test
    void a_half_close_with_nothing_owed_ends_at_once() {
        open(4, line(64));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals(1, consumer.ends);
        assertFalse(channel.isOpen());
    }

    @Test
    void an_empty_reply_body_is_an_empty_frame() {
        open(2, line(64));
        read("\nx\n");
        consumer.reply(0, "");
        consumer.reply(1, "x");
        assertEquals("\nx\n", written(), "an empty line answers the empty line");
    }

    @Test
    void a_reply_with_close_writes_its_body_and_then_closes_and_later_replies_are_dropped() {
        open(4, line(64));
        read("bye\nmore\n");
        consumer.requests.get(1).complete(new ForwardChannelHandler.Reply(Buffer.buffer("late"), false));
        consumer.requests.get(0).complete(new ForwardChannelHandler.Reply(Buffer.buffer("ciao"), true));
        assertEquals("ciao\n", written(), "the body, and nothing after the close");
        assertEquals(1, consumer.closes);
        assertFalse(channel.isOpen());
        assertEquals(List.of(), consumer.failures);
    }

    @Test
    void a_failed_reply_fails_the_connection_with_the_reason_and_nothing_after_it_is_written() {
        open(4, line(64));
        read("a\nb\n");
        consumer.reply(1, "B");
        consumer.requests.get(0).fail("no reply from sockit.frames.connection within 30000 ms");
        assertEquals(List.of("no reply from sockit.frames.connection within 30000 ms"), consumer.failures);
        assertEquals("", written());
        assertFalse(channel.isOpen());
    }

    @Test
    void an_oversize_frame_fails_only_this_connection_and_is_never_sent() {
        open(4, line(8));
        read("ok\n");
        read("0123456789abcdef\n");
        assertEquals(List.of("ok"), consumer.frames());
        assertEquals(1, consumer.failures.size());
        assertTrue(consumer.failures.get(0).startsWith("frame: "), consumer.failures.get(0));
        assertFalse(channel.isOpen());
    }

    @Test
    void a_garbage_length_field_fails_the_connection() {
        open(4, new CodecSpec("length-field", JsonNodeFactory.instance.objectNode().put("length", 4)
                .put("maxFrame", 16)));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x7f, 0, 0, 0, 1, 2}));
        assertEquals(List.of(), consumer.frames());
        assertEquals(1, consumer.failures.size());
        assertFalse(channel.isOpen());
    }

    @Test
    void a_consumer_that_never_answers_holds_at_most_max_in_flight_requests() {
        open(4, CodecSpec.of("raw"));
        for (int i = 0; i < 100; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
            if (!channel.config().isAutoRead()) {
                break;
            }
        }
        assertEquals(4, consumer.requests.size(), "the socket stopped reading at the bound");
        assertFalse(channel.config().isAutoRead());
        channel.close();
        assertEquals(0, handler.waiting());
    }

    @Test
    void an_empty_write_from_behind_it_skips_the_encoder() {
        // Vert.x writes one before it closes a socket; a line encoder would turn it into an empty line.
        open(4, line(64));
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
        channel.writeAndFlush(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));
        assertEquals("x\n", written());
    }

    @Test
    void stops_reading_while_the_peer_does_not_read_its_replies() {
        open(4, line(64));
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        channel.runPendingTasks();
        assertFalse(channel.config().isAutoRead());
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
    }

    /** A consumer answered by the test: requests in order, failures and closes recorded. */
    private static final class Consumer implements ForwardChannelHandler.Consumer {
        final List<Buffer> sent = new ArrayList<>();
        final List<Promise<ForwardChannelHandler.Reply>> requests = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int closes;
        int ends;
        EmbeddedChannel channel;

        @Override
        public void request(Buffer frame, Completable<ForwardChannelHandler.Reply> done) {
            sent.add(frame);
            Promise<ForwardChannelHandler.Reply> p = Promise.promise();
            p.future().onComplete(done);
            requests.add(p);
        }

        @Override
        public void failed(String reason) {
            failures.add(reason);
            channel.close();
        }

        @Override
        public void close() {
            closes++;
            channel.close();
        }

        @Override
        public void ended() {
            ends++;
            channel.close();
        }

        List<String> frames() {
            return sent.stream().map(Buffer::toString).toList();
        }

        void reply(int i, String body) {
            requests.get(i).complete(new ForwardChannelHandler.Reply(body == null ? null : Buffer.buffer(body),
                    false));
        }
    }
}
