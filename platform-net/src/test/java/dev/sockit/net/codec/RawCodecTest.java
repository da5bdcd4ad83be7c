package dev.sockit.net.codec;

import dev.sockit.api.frame.FrameCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sockit.net.codec.CodecTestKit.bytes;
import static dev.sockit.net.codec.CodecTestKit.decode;
import static dev.sockit.net.codec.CodecTestKit.encode;
import static dev.sockit.net.codec.CodecTestKit.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RawCodecTest {

    private final FrameCodec raw = CodecTestKit.codec("raw");

    @Test
    void passes_every_read_as_one_frame() {
        List<byte[]> reads = List.of(bytes("he"), bytes("llo\n"), bytes("x"));
        assertEquals(show(reads), show(decode(raw, reads)));
    }

    @Test
    void drops_an_empty_read() {
        assertEquals(show(List.of(bytes("a"))), show(decode(raw, List.of(new byte[0], bytes("a"), new byte[0]))));
    }

    @Test
    void encoder_writes_payloads_as_they_are() {
        assertArrayEquals(bytes("one\ntwo"), encode(raw, List.of(bytes("one\n"), bytes("two"))));
    }

    @Test
    void has_no_frame_limit_of_its_own_and_no_settings_in_its_spec() {
        assertEquals(Integer.MAX_VALUE, raw.maxFrame());
        assertEquals("{\"type\":\"raw\"}", raw.spec().toString());
    }
}
