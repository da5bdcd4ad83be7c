package dev.sockit.net.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drives a codec's decoder and encoder in {@link EmbeddedChannel}s and checks that every buffer written in and
 * read out is released (reference count 0) when the channel is done.
 */
final class CodecTestKit {

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CodecTestKit() {
    }

    /** The built-in codec {@code type} with {@code settings} (pairs of key and value). */
    static FrameCodec codec(String type, Object... settings) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < settings.length; i += 2) {
            json.set((String) settings[i], MAPPER.valueToTree(settings[i + 1]));
        }
        return BuiltInCodecs.codecs().create(new CodecSpec(type, json));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * The frames {@code codec} decodes from {@code chunks}, each written as one read. Every input and output
     * buffer is released once the channel is finished; an exception of the decoder is thrown.
     */
    static List<byte[]> decode(FrameCodec codec, List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(codec.newDecoder());
        TrackingAllocator allocator = new TrackingAllocator();
        channel.config().setAllocator(allocator);
        List<ByteBuf> inputs = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                ByteBuf in = Unpooled.buffer(chunk.length).writeBytes(chunk);
                inputs.add(in);
                channel.writeInbound(in);
                drain(channel, frames);
            }
            channel.finish();
            drain(channel, frames);
        } finally {
            channel.finishAndReleaseAll();
            for (ByteBuf in : inputs) {
                assertEquals(0, in.refCnt(), "an input buffer was not released");
            }
            allocator.assertAllReleased();
        }
        return frames;
    }

    private static void drain(EmbeddedChannel channel, List<byte[]> frames) {
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            ByteBuf frame = (ByteBuf) msg;
            frames.add(ByteBufUtil.getBytes(frame));
            frame.release();
        }
    }

    /** The bytes {@code codec}'s encoder writes for {@code payloads}; an exception of the encoder is thrown. */
    static byte[] encode(FrameCodec codec, List<byte[]> payloads) {
        EmbeddedChannel channel = new EmbeddedChannel(codec.newEncoder());
        TrackingAllocator allocator = new TrackingAllocator();
        channel.config().setAllocator(allocator);
        List<ByteBuf> inputs = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (byte[] payload : payloads) {
                ByteBuf in = Unpooled.buffer(payload.length).writeBytes(payload);
                inputs.add(in);
                channel.writeOutbound(in);
                for (Object msg; (msg = channel.readOutbound()) != null; ) {
                    ByteBuf written = (ByteBuf) msg;
                    out.writeBytes(ByteBufUtil.getBytes(written));
                    written.release();
                }
            }
        } finally {
            channel.finishAndReleaseAll();
            for (ByteBuf in : inputs) {
                assertEquals(0, in.refCnt(), "a payload buffer was not released");
            }
            allocator.assertAllReleased();
        }
        return out.toByteArray();
    }

    static byte[] encode(FrameCodec codec, byte[] payload) {
        return encode(codec, List.of(payload));
    }

    /**
     * Checks that {@code stream} decodes to {@code expected} read in one piece, one byte at a time, and cut at
     * every byte boundary into two and (for streams of at most 96 bytes) into three reads.
     */
    static void assertDecodesAtEverySplit(FrameCodec codec, byte[] stream, List<byte[]> expected) {
        List<String> want = show(expected);
        assertDecodes(codec, List.of(stream), want, "in one read");
        List<byte[]> single = new ArrayList<>();
        for (byte b : stream) {
            single.add(new byte[] {b});
        }
        assertDecodes(codec, single, want, "one byte per read");
        for (int i = 0; i <= stream.length; i++) {
            List<byte[]> two = List.of(Arrays.copyOfRange(stream, 0, i), Arrays.copyOfRange(stream, i, stream.length));
            assertDecodes(codec, two, want, "cut at " + i);
            if (stream.length > 96) {
                continue;
            }
            for (int j = i; j <= stream.length; j++) {
                List<byte[]> three = List.of(Arrays.copyOfRange(stream, 0, i), Arrays.copyOfRange(stream, i, j),
                        Arrays.copyOfRange(stream, j, stream.length));
                assertDecodes(codec, three, want, "cut at " + i + " and " + j);
            }
        }
    }

    private static void assertDecodes(FrameCodec codec, List<byte[]> reads, List<String> want, String how) {
        List<byte[]> frames;
        try {
            frames = decode(codec, reads);
        } catch (RuntimeException e) {
            throw new AssertionError(how + ": " + e, e);
        }
        assertEquals(want, show(frames), how);
    }

    /** Frames as hex strings, so that a failed comparison shows them. */
    static List<String> show(List<byte[]> frames) {
        return frames.stream().map(ByteBufUtil::hexDump).collect(Collectors.toList());
    }
}
