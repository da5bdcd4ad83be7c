package dev.sockit.net.codec;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.sockit.net.codec.CodecTestKit.assertDecodesAtEverySplit;
import static dev.sockit.net.codec.CodecTestKit.bytes;
import static dev.sockit.net.codec.CodecTestKit.codec;
import static dev.sockit.net.codec.CodecTestKit.decode;
import static dev.sockit.net.codec.CodecTestKit.encode;
import static dev.sockit.net.codec.CodecTestKit.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LengthFieldCodecTest {

    private static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    }

    @Test
    void cuts_4_byte_big_endian_frames_at_every_byte_boundary_and_strips_the_header() {
        assertDecodesAtEverySplit(codec("length-field", "length", 4),
                hex("00000003 616263 00000000 00000001 7a"), List.of(bytes("abc"), new byte[0], bytes("z")));
    }

    @Test
    void writes_the_field_in_the_byte_order_asked_for() {
        assertEquals(ByteBufUtil.hexDump(hex("0300 616263")),
                ByteBufUtil.hexDump(encode(codec("length-field", "length", 2, "order", "little"), bytes("abc"))));
        assertEquals(ByteBufUtil.hexDump(hex("0003 616263")),
                ByteBufUtil.hexDump(encode(codec("length-field", "length", 2), bytes("abc"))));
        assertEquals(ByteBufUtil.hexDump(hex("030000 616263")),
                ByteBufUtil.hexDump(encode(codec("length-field", "length", 3, "order", "little"), bytes("abc"))));
        assertEquals(ByteBufUtil.hexDump(hex("0000000000000003 616263")),
                ByteBufUtil.hexDump(encode(codec("length-field", "length", 8), bytes("abc"))));
        assertEquals(ByteBufUtil.hexDump(hex("0300000000000000 616263")),
                ByteBufUtil.hexDump(encode(codec("length-field", "length", 8, "order", "little"), bytes("abc"))));
    }

    @Test
    void reads_little_endian_fields() {
        assertDecodesAtEverySplit(codec("length-field", "length", 4, "order", "little"),
                hex("02000000 6869 01000000 21"), List.of(bytes("hi"), bytes("!")));
    }

    @Test
    void reads_a_field_at_an_offset_that_counts_the_whole_frame_and_keeps_the_header_when_asked() {
        // A 2-byte tag, then a 2-byte length that counts the 4-byte header too; strip 0 keeps the header.
        FrameCodec codec = codec("length-field", "length", 2, "offset", 2, "adjustment", -4, "strip", 0);
        byte[] frame = hex("cafe 0007 616263");
        assertDecodesAtEverySplit(codec, concat(frame, frame), List.of(frame, frame));
        // The encoder fills in the field of a payload that carries its own header.
        assertArrayEquals(frame, encode(codec, hex("cafe 0000 616263")));
    }

    @Test
    void strips_the_header_behind_an_offset_and_writes_zeros_in_its_place() {
        FrameCodec codec = codec("length-field", "length", 1, "offset", 3);
        assertDecodesAtEverySplit(codec, hex("aabbcc 02 6869 000000 00"), List.of(bytes("hi"), new byte[0]));
        assertArrayEquals(hex("000000 02 6869"), encode(codec, bytes("hi")));
    }

    @Test
    void drops_a_partial_frame_when_the_connection_closes() {
        assertEquals(show(List.of(bytes("ab"))), show(decode(codec("length-field", "length", 1),
                List.of(hex("02 6162 05 6162")))));
    }

    @Test
    void refuses_a_frame_over_max_frame_as_soon_as_its_length_is_read() {
        FrameCodec codec = codec("length-field", "length", 4, "maxFrame", 8);
        assertDecodesAtEverySplit(codec, hex("00000008 0102030405060708"), List.of(hex("0102030405060708")));
        DecoderException e = assertThrows(DecoderException.class, () -> decode(codec, List.of(hex("00000009"))));
        assertTrue(e instanceof TooLongFrameException, e.toString());
    }

    @Test
    void refuses_a_garbage_length_field() {
        FrameCodec codec = codec("length-field", "length", 4);
        // 0xffffffff: 4 GiB, over the 1 MiB default
        assertThrows(TooLongFrameException.class, () -> decode(codec, List.of(hex("ffffffff 00"))));
        // A negative 8-byte field
        assertThrows(CorruptedFrameException.class,
                () -> decode(codec("length-field", "length", 8), List.of(hex("ffffffffffffffff 00"))));
        // A field that makes the frame shorter than its header
        assertThrows(CorruptedFrameException.class,
                () -> decode(codec("length-field", "length", 2, "adjustment", -4), List.of(hex("0001 00"))));
    }

    @Test
    void encoder_refuses_a_payload_over_max_frame_or_too_long_for_the_field() {
        EncoderException over = assertThrows(EncoderException.class,
                () -> encode(codec("length-field", "length", 4, "maxFrame", 2), bytes("abc")));
        assertTrue(over.getMessage().contains("a payload of 3 bytes is over maxFrame (expected: at most 2 bytes)"),
                over.getMessage());
        EncoderException field = assertThrows(EncoderException.class,
                () -> encode(codec("length-field", "length", 1), new byte[256]));
        assertTrue(field.getMessage().contains("a payload of 256 bytes needs a length field of 256, which a 1-byte"
                + " field cannot hold (expected: 0-255)"), field.getMessage());
    }

    @Test
    void copies_a_small_payload_behind_its_header_and_sends_a_large_one_as_it_is() {
        FrameCodec codec = codec("length-field", "length", 4, "offset", 1, "strip", 6);
        for (int size : new int[] {0, 5, LengthFieldEncoder.COPY_BELOW - 1, LengthFieldEncoder.COPY_BELOW, 70_000}) {
            byte[] payload = new byte[size];
            new Random(size).nextBytes(payload);
            EmbeddedChannel channel = new EmbeddedChannel(codec.newEncoder());
            ByteBuf in = Unpooled.wrappedBuffer(payload);
            try {
                channel.writeOutbound(in);
                List<ByteBuf> out = new ArrayList<>();
                for (Object m; (m = channel.readOutbound()) != null; ) {
                    out.add((ByteBuf) m);
                }
                int field = size + 6 - 5;
                byte[] header = {0, (byte) (field >>> 24), (byte) (field >>> 16), (byte) (field >>> 8), (byte) field,
                    0};
                if (size < LengthFieldEncoder.COPY_BELOW) {
                    assertEquals(1, out.size(), size + " bytes: one buffer");
                    assertEquals(ByteBufUtil.hexDump(concat(header, payload)),
                            ByteBufUtil.hexDump(out.get(0)));
                } else {
                    assertEquals(2, out.size(), size + " bytes: header, then the payload");
                    assertEquals(ByteBufUtil.hexDump(header), ByteBufUtil.hexDump(out.get(0)));
                    assertSame(in, out.get(1), size + " bytes: the payload itself, not a copy");
                }
                out.forEach(ByteBuf::release);
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    @Test
    void round_trips_random_layouts_payloads_and_reads() {
        Random random = new Random(13);
        int[] lengths = {1, 2, 3, 4, 8};
        for (int round = 0; round < 300; round++) {
            int length = lengths[random.nextInt(lengths.length)];
            int offset = random.nextInt(3);
            int adjustment = random.nextInt(7) - 3;
            int headerEnd = offset + length;
            // strip the whole header, or keep some of it, or strip a little past it
            int strip = switch (random.nextInt(3)) {
                case 0 -> headerEnd;
                case 1 -> random.nextInt(headerEnd + 1);
                default -> headerEnd + random.nextInt(3);
            };
            int maxFrame = 40 + headerEnd;
            FrameCodec codec = codec("length-field", "length", length, "order", random.nextBoolean() ? "big"
                    : "little", "offset", offset, "adjustment", adjustment, "strip", strip, "maxFrame", maxFrame);
            List<byte[]> payloads = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                int min = Math.max(0, headerEnd - strip + Math.max(0, adjustment));
                byte[] p = new byte[min + random.nextInt(maxFrame - min + 1)];
                random.nextBytes(p);
                payloads.add(p);
            }
            byte[] wire;
            try {
                wire = encode(codec, payloads);
            } catch (EncoderException e) {
                throw new AssertionError("round " + round + " " + codec.spec() + ": " + e.getMessage(), e);
            }
            List<String> decoded = show(decode(codec, RandomReads.cut(wire, random)));
            assertEquals(payloads.size(), decoded.size(), "round " + round + " " + codec.spec());
            // A payload that carries header bytes (strip < offset + length) has its length field filled in by the
            // encoder: compare what follows them.
            int carried = 2 * Math.max(0, headerEnd - strip);
            for (int i = 0; i < decoded.size(); i++) {
                assertEquals(ByteBufUtil.hexDump(payloads.get(i)).substring(carried),
                        decoded.get(i).substring(carried), "round " + round + " " + codec.spec());
            }
        }
    }

    @Test
    void fills_in_its_defaults() {
        FrameCodec codec = codec("length-field");
        assertEquals(LengthFieldCodec.DEFAULT_MAX_FRAME, codec.maxFrame());
        assertEquals("{\"type\":\"length-field\",\"length\":4,\"order\":\"big\",\"offset\":0,\"adjustment\":0,"
                + "\"strip\":4,\"maxFrame\":1048576}", codec.spec().toString());
        assertEquals(1 << 20, codec("length-field", "maxFrame", "1MiB").maxFrame());
    }

    @Test
    void refuses_bad_settings_naming_them() {
        assertEquals("length: 5 (expected: 1, 2, 3, 4 or 8)",
                assertThrows(ConfigException.class, () -> codec("length-field", "length", 5)).getMessage());
        assertEquals("order: 'middle' (expected: big or little)",
                assertThrows(ConfigException.class, () -> codec("length-field", "order", "middle")).getMessage());
        assertEquals("offset: -1 (expected: 0-65535)",
                assertThrows(ConfigException.class, () -> codec("length-field", "offset", -1)).getMessage());
        assertEquals("maxFrame: 2 is smaller than the 4 header bytes every frame keeps (expected: at least 4)",
                assertThrows(ConfigException.class,
                        () -> codec("length-field", "strip", 0, "maxFrame", 2)).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> codec("length-field", "maxFrame", "1 parsec"))
                .getMessage().startsWith("maxFrame: '1 parsec' has an unknown unit"));
        assertEquals("length: '4' is not an integer",
                assertThrows(ConfigException.class, () -> codec("length-field", "length", "4")).getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return CodecTestKit.concat(List.of(a, b));
    }
}
