package dev.sockit.net.codec;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.FrameCodec;
import io.netty.handler.codec.DecoderException;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineCodecTest {

    @Test
    void cuts_lf_and_crlf_lines_at_every_byte_boundary_and_strips_the_line_end() {
        assertDecodesAtEverySplit(codec("line"), bytes("one\ntwo\r\n\nthree\r\n"),
                List.of(bytes("one"), bytes("two"), new byte[0], bytes("three")));
    }

    @Test
    void takes_a_line_of_exactly_max_length_whose_crlf_arrives_split() {
        FrameCodec line = codec("line", "maxLength", 4);
        assertDecodesAtEverySplit(line, bytes("abcd\r\nefgh\n"), List.of(bytes("abcd"), bytes("efgh")));
    }

    @Test
    void refuses_a_line_over_max_length_before_its_end_arrives() {
        FrameCodec line = codec("line", "maxLength", 4);
        DecoderException e = assertThrows(DecoderException.class, () -> decode(line, List.of(bytes("abcde"))));
        assertTrue(e instanceof TooLongFrameException, e.toString());
        assertThrows(TooLongFrameException.class, () -> decode(line, List.of(bytes("abcde\n"))));
        assertThrows(TooLongFrameException.class, () -> decode(line, List.of(bytes("abcd\r\r\n"))));
    }

    @Test
    void drops_a_partial_line_when_the_connection_closes() {
        assertEquals(show(List.of(bytes("whole"))), show(decode(codec("line"), List.of(bytes("whole\npart")))));
    }

    @Test
    void encoder_appends_lf_by_default_and_crlf_when_asked() {
        assertArrayEquals(bytes("a\nbc\n"), encode(codec("line"), List.of(bytes("a"), bytes("bc"))));
        assertArrayEquals(bytes("a\r\n\r\n"), encode(codec("line", "lineEnding", "crlf"),
                List.of(bytes("a"), new byte[0])));
    }

    @Test
    void encoder_frames_a_payload_above_the_copy_limit_without_losing_bytes() {
        byte[] big = new byte[SuffixEncoder.COPY_LIMIT * 3];
        java.util.Arrays.fill(big, (byte) 'x');
        FrameCodec line = codec("line", "maxLength", big.length);
        byte[] wire = encode(line, big);
        assertEquals(big.length + 1, wire.length);
        assertEquals(show(List.of(big)), show(decode(line, List.of(wire))));
    }

    @Test
    void round_trips_random_lines_through_encoder_and_decoder_with_random_reads() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            String ending = random.nextBoolean() ? "lf" : "crlf";
            FrameCodec line = codec("line", "maxLength", 64, "lineEnding", ending);
            List<byte[]> payloads = new ArrayList<>();
            for (int n = random.nextInt(6); n > 0; n--) {
                byte[] p = new byte[random.nextInt(65)];
                for (int i = 0; i < p.length; i++) {
                    p[i] = (byte) ('a' + random.nextInt(26));
                }
                payloads.add(p);
            }
            byte[] wire = encode(line, payloads);
            assertEquals(show(payloads), show(decode(line, RandomReads.cut(wire, random))), "round " + round);
        }
    }

    @Test
    void fills_in_its_defaults() {
        FrameCodec line = codec("line");
        assertEquals(LineCodec.DEFAULT_MAX_LENGTH, line.maxFrame());
        assertEquals("{\"type\":\"line\",\"maxLength\":8192,\"lineEnding\":\"lf\"}", line.spec().toString());
        assertEquals(65536, codec("line", "maxLength", "64KiB").maxFrame());
    }

    @Test
    void refuses_bad_settings_naming_them() {
        assertEquals("lineEnding: 'cr' (expected: lf or crlf)",
                assertThrows(ConfigException.class, () -> codec("line", "lineEnding", "cr")).getMessage());
        assertEquals("maxLength: 0 (expected: 1-2147483646)",
                assertThrows(ConfigException.class, () -> codec("line", "maxLength", 0)).getMessage());
    }
}
