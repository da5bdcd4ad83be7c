package dev.sockit.net.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecRegistryTest {

    private static CodecSpec spec(String json) throws Exception {
        return CodecSpec.fromJson(new ObjectMapper().readTree(json));
    }

    @Test
    void knows_the_five_built_in_codecs_by_name() {
        assertEquals(List.of("delimiter", "fixed-length", "length-field", "line", "raw"),
                List.copyOf(BuiltInCodecs.codecs().names()));
        for (CodecKind<?> kind : BuiltInCodecs.kinds()) {
            assertSame(kind, BuiltInCodecs.codecs().kind(kind.name()));
        }
    }

    @Test
    void creates_a_codec_from_its_config_form_and_its_spec_round_trips() throws Exception {
        FrameCodec codec = BuiltInCodecs.codecs().create(spec("{\"type\":\"length-field\",\"length\":2,"
                + "\"maxFrame\":\"64KiB\"}"));
        assertEquals(65536, codec.maxFrame());
        FrameCodec again = BuiltInCodecs.codecs().create(CodecSpec.fromJson(codec.spec().toJson()));
        assertEquals(codec.spec(), again.spec());
        assertEquals(8192, BuiltInCodecs.codecs().create(spec("\"line\"")).maxFrame());
    }

    @Test
    void refuses_an_unknown_codec_listing_the_known_ones() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> BuiltInCodecs.codecs().create(CodecSpec.of("lines")));
        assertEquals("type", e.path());
        assertEquals("'lines' is not a known codec (expected one of: delimiter, fixed-length, length-field, line,"
                + " raw)", e.problem());
    }

    @Test
    void refuses_an_unknown_setting_listing_the_known_ones() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> BuiltInCodecs.codecs().create(spec("{\"type\":\"line\",\"maxLen\":10}")));
        assertEquals("maxLen: unknown key (expected one of: lineEnding, maxLength)", e.getMessage());
        ConfigException raw = assertThrows(ConfigException.class,
                () -> BuiltInCodecs.codecs().create(spec("{\"type\":\"raw\",\"x\":1}")));
        assertEquals("x", raw.path());
    }

    @Test
    void refuses_a_setting_of_the_wrong_type() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> BuiltInCodecs.codecs().create(spec("{\"type\":\"length-field\",\"length\":[4]}")));
        assertEquals("length: a list is not an integer", e.getMessage());
        ConfigException f = assertThrows(ConfigException.class,
                () -> BuiltInCodecs.codecs().create(spec("{\"type\":\"length-field\",\"length\":4.5}")));
        assertEquals("length", f.path());
    }

    @Test
    void refuses_two_kinds_of_the_same_name() {
        List<CodecKind<?>> kinds = new ArrayList<>(BuiltInCodecs.kinds());
        kinds.add(new LineCodec());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CodecRegistry(kinds));
        assertTrue(e.getMessage().startsWith("codec 'line' is given twice"), e.getMessage());
    }
}
