package dev.sockit.net.codec;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.FrameCodec;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sockit.net.codec.CodecTestKit.assertDecodesAtEverySplit;
import static dev.sockit.net.codec.CodecTestKit.bytes;
import static dev.sockit.net.codec.CodecTestKit.codec;
import static dev.sockit.net.codec.CodecTestKit.decode;
import static dev.sockit.net.codec.CodecTestKit.encode;
import static dev.sockit.net.codec.CodecTestKit.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedLengthCodecTest {

    private final FrameCodec fixed = codec("fixed-length", "length", 3);

    @Test
    void cuts_frames_of_the_length_at_every_byte_boundary() {
        assertDecodesAtEverySplit(fixed, bytes("abcdefghi"), List.of(bytes("abc"), bytes("def"), bytes("ghi")));
    }

    @Test
    void holds_a_partial_frame_until_the_rest_arrives() {
        assertEquals(show(List.of(bytes("abc"))), show(decode(fixed, List.of(bytes("ab"), bytes("cde")))));
    }

    @Test
    void encoder_writes_a_payload_of_the_length_and_refuses_any_other() {
        assertArrayEquals(bytes("abcdef"), encode(fixed, List.of(bytes("abc"), bytes("def"))));
        EncoderException e = assertThrows(EncoderException.class, () -> encode(fixed, bytes("abcd")));
        assertTrue(e.getMessage().contains("a payload of 4 bytes does not fit the fixed-length codec (expected:"
                + " exactly 3 bytes)"), e.getMessage());
    }

    @Test
    void takes_the_length_with_a_unit_and_refuses_none() {
        assertEquals(1024, codec("fixed-length", "length", "1KiB").maxFrame());
        assertEquals("length: is missing (expected: the size of every frame in bytes, such as 16)",
                assertThrows(ConfigException.class, () -> codec("fixed-length")).getMessage());
        assertEquals("length: 0 (expected: 1-2147483647)",
                assertThrows(ConfigException.class, () -> codec("fixed-length", "length", 0)).getMessage());
    }
}
