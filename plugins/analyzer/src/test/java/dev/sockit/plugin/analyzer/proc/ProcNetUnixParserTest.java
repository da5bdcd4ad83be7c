package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.proc.ProcRows.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static dev.sockit.plugin.analyzer.proc.ProcRows.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProcNetUnixParser} on a captured file. */
class ProcNetUnixParserTest {

    private final ParseReport report = new ParseReport();

    @Test
    void reads_listeners_connections_paths_with_blanks_and_abstract_names() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetUnixParser(), "net/unix", new HostFacts(), report);

        assertEquals(8, rows.size());
        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        assertTrue(rows.stream().allMatch(r -> r.proto() == Proto.UNIX));
        Row listener = where(rows, r -> r.inode() == 567381).get(0);
        assertEquals("LISTEN", listener.state());
        assertEquals("/tmp/sockit-fixture.sock", listener.local());
        Row accepted = where(rows, r -> r.inode() == 567383).get(0);
        assertEquals("ESTABLISHED", accepted.state());
        assertEquals("/tmp/sockit-fixture.sock", accepted.local());
        Row client = where(rows, r -> r.inode() == 567382).get(0);
        assertEquals("*", client.local());
        Row datagram = where(rows, r -> r.inode() == 567384).get(0);
        assertEquals("UNCONN", datagram.state());
        assertEquals("/tmp/sockit fixture dgram.sock", datagram.local());
        Row abstractName = where(rows, r -> r.inode() == 567385).get(0);
        assertEquals("@sockit-fixture", abstractName.local());
        assertEquals("LISTEN", abstractName.state());
        assertEquals(1203, where(rows, r -> r.inode() == 1203).get(0).inode());
    }
}
