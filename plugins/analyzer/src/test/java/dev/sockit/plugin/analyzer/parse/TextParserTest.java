package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad lines are input; a failing sink is a bug: the first is counted, the second escapes. */
class TextParserTest {

    private static final String SS = "State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
            + "ESTAB  0      0      127.0.0.1:8080     127.0.0.1:40000\n"
            + "ESTAB  0      0      127.0.0.1:8080     127.0.0.1:40001\n";

    @Test
    void a_sink_that_fails_is_not_taken_for_an_unparsed_line() {
        ParseReport report = new ParseReport();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> new SsParser().parse(
                new ByteArrayInputStream(SS.getBytes(StandardCharsets.US_ASCII)), row -> {
                    throw new IllegalStateException("sink bug");
                }, new HostFacts(), report));
        assertEquals("sink bug", thrown.getMessage());
        assertEquals(0, report.unparsedCount());
    }

    @Test
    void the_same_input_parses_with_a_working_sink() throws Exception {
        ParseReport report = new ParseReport();
        int[] rows = {0};
        new SsParser().parse(new ByteArrayInputStream(SS.getBytes(StandardCharsets.US_ASCII)), row -> rows[0]++,
                new HostFacts(), report);
        assertEquals(2, rows[0]);
        assertEquals(0, report.unparsedCount());
    }
}
