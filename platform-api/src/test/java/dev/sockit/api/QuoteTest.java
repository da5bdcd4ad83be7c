package dev.sockit.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Input as messages quote it: escaped, at most 80 characters. */
class QuoteTest {

    @Test
    void plain_text_is_quoted_as_it_is() {
        assertEquals("'ECONNRESET'", Quote.of("ECONNRESET"));
        assertEquals("C:\\temp\\x", Quote.bare("C:\\temp\\x"));
    }

    @Test
    void escape_nul_and_the_line_breaks_have_short_forms() {
        assertEquals("'\\e[31mred\\0\\t\\n\\r'", Quote.of("\u001b[31mred\u0000\t\n\r"));
    }

    @Test
    void other_controls_and_del_are_hex_bytes() {
        assertEquals("\\x07\\x08\\x7f", Quote.bare("\u0007\u0008\u007f"));
    }

    @Test
    void c1_controls_bidi_overrides_separators_and_lone_surrogates_are_code_units() {
        assertEquals("\\u009b\\u202e\\u2028\\u2066\\ud800x", Quote.bare("\u009b\u202e\u2028\u2066\ud800x"));
    }

    @Test
    void non_ascii_letters_and_paired_surrogates_are_kept() {
        String s = "façade \uD83D\uDE00 日本";
        assertEquals("'" + s + "'", Quote.of(s));
    }

    @Test
    void more_than_80_characters_are_cut_with_the_count_of_the_rest() {
        String s = "a".repeat(80) + "b".repeat(1_000_000);
        assertEquals("'" + "a".repeat(80) + "…(1000000 more)'", Quote.of(s));
        assertEquals("a".repeat(80), Quote.bare("a".repeat(80)));
    }

    @Test
    void the_cut_counts_code_points_and_never_splits_a_pair() {
        String s = "\uD83D\uDE00".repeat(81);
        assertEquals("\uD83D\uDE00".repeat(80) + "…(1 more)", Quote.bare(s));
    }

    @Test
    void escape_keeps_the_whole_text_and_returns_clean_text_unchanged() {
        String clean = "x".repeat(500);
        assertSame(clean, Quote.escape(clean));
        assertEquals("x".repeat(500) + "\\e", Quote.escape("x".repeat(500) + "\u001b"));
    }

    @Test
    void null_reads_null() {
        assertEquals("null", Quote.of(null));
        assertEquals("null", Quote.escape(null));
    }
}
