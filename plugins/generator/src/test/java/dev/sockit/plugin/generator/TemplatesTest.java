package dev.sockit.plugin.generator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emitters' template engine: placeholders filled, a missing value refused, comment text wrapped. */
class TemplatesTest {

    @Test
    void fills_every_placeholder_and_inserts_values_as_they_are() {
        assertEquals("port 7007 on $1\\n", Templates.fill("port {{PORT}} on {{HOST}}",
                Map.of("PORT", "7007", "HOST", "$1\\n")));
    }

    @Test
    void a_placeholder_without_a_value_is_named() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Templates.fill("a {{MISSING}} b", Map.of()));
        assertTrue(e.getMessage().contains("{{MISSING}}"), e.getMessage());
    }

    @Test
    void wraps_text_into_prefixed_lines_no_wider_than_asked() {
        String text = "Each datagram waits for the same bytes back (stop and wait, 1 s, sent again up to 3 times;"
                + " a late reply to an earlier datagram is skipped).";
        String wrapped = Templates.wrap(text, " * ", 40);
        for (String line : wrapped.split("\n")) {
            assertTrue(line.startsWith(" * ") && line.length() <= 40 && !line.endsWith(" "), "'" + line + "'");
        }
        assertEquals(text, wrapped.replace("\n * ", " ").substring(3), "no word lost or split");
        assertEquals(" * short", Templates.wrap("  short  ", " * ", 40));
    }

    @Test
    void a_word_longer_than_a_line_keeps_a_line_of_its_own_and_blank_text_gives_nothing() {
        assertEquals("# a\n# 0123456789abcdef\n# b", Templates.wrap("a 0123456789abcdef b", "# ", 10));
        assertEquals("", Templates.wrap(" \n ", " * ", 40));
    }
}
