package dev.sockit.plugin.analyzer.proc;

import dev.sockit.net.ProcLineReader;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.SocketSink;

import java.io.IOException;
import java.io.InputStream;

/**
 * The loop of the {@code /proc/net} socket tables: one socket per line after a header line, each line read into one
 * reused row; a line the table's reader cannot read is counted as unparsed with its reason.
 */
final class ProcSocketLines {

    /** Reads one table line into a row (already reset); returns why it cannot, or {@code null}. */
    @FunctionalInterface
    interface LineReader {
        String read(ProcLineReader r, SocketRow row);
    }

    private ProcSocketLines() {
    }

    /**
     * Reads {@code in} to its end: lines that start (after spaces) with {@code header} are headers and skipped, every
     * other non-blank line is read with {@code reader} and handed to {@code sink}.
     */
    static void read(InputStream in, String header, LineReader reader, SocketSink sink, ParseReport report)
            throws IOException {
        ProcLineReader r = new ProcLineReader(in);
        SocketRow row = new SocketRow();
        while (r.next()) {
            report.line();
            if (r.truncated()) {
                unparsed(r, report, null);
                continue;
            }
            if (!r.skipSpaces() || r.lookingAt(header)) {
                continue;
            }
            row.reset();
            String problem = reader.read(r, row);
            if (problem != null) {
                unparsed(r, report, problem);
                continue;
            }
            row.line = r.number();
            sink.accept(row);
            report.socket();
        }
    }

    /**
     * Counts the current line of {@code r} as unparsed in {@code report}, quoting it only while the report still
     * takes quotes (so that a flood of bad lines costs no strings); a truncated line says so instead of
     * {@code reason}.
     */
    static void unparsed(ProcLineReader r, ParseReport report, String reason) {
        String text = report.samples().size() < ParseReport.MAX_SAMPLES
                ? r.line(ParseReport.MAX_SAMPLE_CHARS + 1) : "";
        report.unparsed(r.number(), text, r.truncated() ? "line longer than " + r.maxLine() + " bytes" : reason);
    }
}
