package dev.sockit.net.codec;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.FrameCodec;
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
import static org.junit.jupiter.api.Assertions.assertThrows;

class DelimiterCodecTest {

    @Test
    void cuts_frames_at_a_multi_byte_delimiter_at_every_byte_boundary() {
        assertDecodesAtEverySplit(codec("delimiter", "delimiter", "||"), bytes("a|b||||cd||"),
                List.of(bytes("a|b"), new byte[0], bytes("cd")));
    }

    @Test
    void reads_escapes_in_the_delimiter() {
        assertArrayEquals(new byte[] {'\r', '\n', '\t', 0, '\\', (byte) 0xff, 'A'},
                DelimiterCodec.unescape("\\r\\n\\t\\0\\\\\\xffA"));
        assertArrayEquals(bytes("é"), DelimiterCodec.unescape("é"));
        assertDecodesAtEverySplit(codec("delimiter", "delimiter", "\\0"), new byte[] {'x', 0, 'y', 'z', 0},
                List.of(bytes("x"), bytes("yz")));
    }

    @Test
    void takes_a_frame_of_exactly_max_length_whose_delimiter_arrives_in_parts() {
        FrameCodec codec = codec("delimiter", "delimiter", "<END>", "maxLength", 3);
        assertDecodesAtEverySplit(codec, bytes("abc<END>de<END>"), List.of(bytes("abc"), bytes("de")));
    }

    @Test
    void refuses_a_frame_over_max_length() {
        FrameCodec codec = codec("delimiter", "delimiter", "<END>", "maxLength", 3);
        assertThrows(TooLongFrameException.class, () -> decode(codec, List.of(bytes("abcd<END>"))));
        assertThrows(TooLongFrameException.class, () -> decode(codec, List.of(bytes("abc<EN!"))));
    }

    @Test
    void keeps_the_delimiter_when_strip_is_false_and_the_encoder_does_not_double_it() {
        FrameCodec codec = codec("delimiter", "delimiter", ";", "strip", false, "maxLength", 4);
        assertDecodesAtEverySplit(codec, bytes("ab;cdef;"), List.of(bytes("ab;"), bytes("cdef;")));
        assertEquals(5, codec.maxFrame());
        assertArrayEquals(bytes("ab;cd;"), encode(codec, List.of(bytes("ab;"), bytes("cd"))));
    }

    @Test
    void encoder_appends_the_delimiter() {
        assertArrayEquals(bytes("a\r\n\r\nb\r\n"), encode(codec("delimiter", "delimiter", "\\r\\n"),
                List.of(bytes("a"), new byte[0], bytes("b"))));
    }

    @Test
    void round_trips_random_frames_with_random_reads() {
        Random random = new Random(12);
        FrameCodec codec = codec("delimiter", "delimiter", "\\x00\\x01\\x02", "maxLength", 50);
        for (int round = 0; round < 200; round++) {
            List<byte[]> payloads = new ArrayList<>();
            for (int n = random.nextInt(6); n > 0; n--) {
                byte[] p = new byte[random.nextInt(51)];
                for (int i = 0; i < p.length; i++) {
                    p[i] = (byte) random.nextInt(2); // 0s and 1s: many near-delimiters, never the whole one
                }
                payloads.add(p);
            }
            byte[] wire = encode(codec, payloads);
            assertEquals(show(payloads), show(decode(codec, RandomReads.cut(wire, random))), "round " + round);
        }
    }

    @Test
    void refuses_bad_settings_naming_them() {
        assertEquals("delimiter: is missing (expected: the bytes that end a frame, such as '\\r\\n' or '\\0')",
                assertThrows(ConfigException.class, () -> codec("delimiter")).getMessage());
        assertEquals("delimiter: '' is 0 bytes (expected: 1-64)",
                assertThrows(ConfigException.class, () -> codec("delimiter", "delimiter", "")).getMessage());
        assertEquals("delimiter: 'a\\q' has an unknown escape '\\q' (expected escapes: \\n, \\r, \\t, \\0, \\\\,"
                + " \\xHH)", assertThrows(ConfigException.class,
                () -> codec("delimiter", "delimiter", "a\\q")).getMessage());
        assertThrows(ConfigException.class, () -> codec("delimiter", "delimiter", "\\x4"));
        assertThrows(ConfigException.class, () -> codec("delimiter", "delimiter", "\\xzz"));
        assertThrows(ConfigException.class, () -> codec("delimiter", "delimiter", "x\\"));
        assertEquals("strip: 'no' is not a boolean", assertThrows(ConfigException.class,
                () -> codec("delimiter", "delimiter", ";", "strip", "no")).getMessage());
    }
}
