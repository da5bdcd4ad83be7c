package dev.sockit.api.frame;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Holder(CodecSpec codec) {
    }

    @Test
    void an_object_binds_its_type_and_keeps_the_other_keys_as_settings() throws Exception {
        CodecSpec spec = JSON.readValue("{\"codec\":{\"type\":\"length-field\",\"length\":4,\"maxFrame\":\"1MiB\"}}",
                Holder.class).codec();
        assertEquals("length-field", spec.type());
        assertEquals(4, spec.settings().get("length").asInt());
        assertEquals("1MiB", spec.settings().get("maxFrame").asText());
        assertEquals(false, spec.settings().has("type"));
        assertEquals("{\"type\":\"length-field\",\"length\":4,\"maxFrame\":\"1MiB\"}", spec.toJson().toString());
    }

    @Test
    void a_bare_name_is_a_codec_without_settings() throws Exception {
        CodecSpec spec = JSON.readValue("{\"codec\":\"line\"}", Holder.class).codec();
        assertEquals(CodecSpec.of("line"), spec);
        assertEquals(0, spec.settings().size());
    }

    @Test
    void the_json_form_round_trips() {
        CodecSpec spec = CodecSpec.fromJson(JSON.createObjectNode().put("type", "delimiter").put("delimiter", "|"));
        assertEquals(spec, CodecSpec.fromJson(spec.toJson()));
    }

    @Test
    void a_missing_or_odd_type_names_the_type_key() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> CodecSpec.fromJson(JSON.createObjectNode().put("length", 4)));
        assertEquals("type", missing.path());
        assertTrue(missing.problem().startsWith("missing"), missing.problem());
        ConfigException number = assertThrows(ConfigException.class,
                () -> CodecSpec.fromJson(JSON.createObjectNode().put("type", 7)));
        assertTrue(number.problem().contains("'7' is not a name"), number.problem());
        ConfigException list = assertThrows(ConfigException.class, () -> CodecSpec.fromJson(JSON.createArrayNode()));
        assertTrue(list.problem().contains("is not a codec"), list.problem());
    }
}
