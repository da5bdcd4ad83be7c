package dev.sockit.api.spi;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasicProcessKindTest {

    record GreeterConfig(String greeting, String forwardTo) {
    }

    static final class GreeterKind extends BasicProcessKind<GreeterConfig> {
        GreeterKind() {
            super("greeter", GreeterConfig.class, "says hello", context -> null);
        }

        @Override
        public Map<String, String> processReferences(GreeterConfig config) {
            return reference("forwardTo", config.forwardTo());
        }
    }

    @Test
    void the_constructor_gives_the_name_config_type_and_description() {
        GreeterKind kind = new GreeterKind();
        assertEquals("greeter", kind.name());
        assertEquals(GreeterConfig.class, kind.configType());
        assertEquals("says hello", kind.description());
        assertTrue(kind.endpoints(new GreeterConfig("hi", null)).isEmpty());
    }

    @Test
    void a_reference_is_there_only_when_the_config_names_a_process() {
        GreeterKind kind = new GreeterKind();
        assertEquals(Map.of("forwardTo", "sink"), kind.processReferences(new GreeterConfig("hi", "sink")));
        assertEquals(Map.of(), kind.processReferences(new GreeterConfig("hi", null)));
    }

    @Test
    void every_part_is_required() {
        assertThrows(NullPointerException.class,
                () -> new BasicProcessKind<GreeterConfig>(null, GreeterConfig.class, "d", c -> null) { });
        assertThrows(NullPointerException.class,
                () -> new BasicProcessKind<GreeterConfig>("g", GreeterConfig.class, "d", null) { });
    }
}
