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

    @Test
    void fits_a_long_comment_line_at_its_indent_and_keeps_everything_else() {
        String words = "word ".repeat(40).strip(); // 199 characters
        String code = "    int x = 1;\n"
                + "    /* SO_RCVBUF: " + words + " */\n"
                + "        // TCP_NODELAY (tcpNoDelay): " + words + "\n"
                + "        //   kernel: " + words + "\n"
                + "    call(\"" + words + "\");\n";
        String fitted = Templates.fitComments(code);
        String[] lines = fitted.split("\n", -1);
        assertEquals("    int x = 1;", lines[0]);
        assertEquals("    /*", lines[1]);
        assertTrue(lines[2].startsWith("     * SO_RCVBUF: word word"), lines[2]);
        assertTrue(fitted.contains("\n     */\n        // TCP_NODELAY (tcpNoDelay): word"), fitted);
        assertTrue(fitted.contains("\n        //   kernel: word word"), fitted);
        assertTrue(fitted.endsWith("    call(\"" + words + "\");\n"), "code is never wrapped: " + fitted);
        for (String line : lines) {
            boolean call = line.startsWith("    call(");
            assertTrue(call || line.length() <= Templates.WIDTH, line.length() + ": " + line);
        }
        assertEquals(160, fitted.split("word", -1).length - 1, "no word lost: " + fitted);
        assertEquals("short /* a */\n", Templates.fitComments("short /* a */\n"));
    }
}
