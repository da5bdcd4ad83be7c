package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.SocketSink;

import java.io.IOException;
import java.io.InputStream;

/**
 * The loop every line-oriented parser shares: it reads lines, counts them, turns away lines longer than
 * {@link LineReader#MAX_LINE}, hands the rest to {@link #line} and emits sockets through {@link #emit}. A line
 * whose shape makes a subclass fail is counted as unparsed with the failure named, so that one odd line never ends
 * the parse; an {@link IOException} from the stream ends it.
 */
abstract class TextParser implements InputParser {

    /** The socket row being filled; reused for every line. */
    protected final SocketRow row = new SocketRow();
    /** The current parse's sink, facts and report. */
    protected SocketSink sink;
    protected HostFacts facts;
    protected ParseReport report;

    @Override
    public final void parse(InputStream in, SocketSink sink, HostFacts facts, ParseReport report) throws IOException {
        this.sink = sink;
        this.facts = facts;
        this.report = report;
        report.format(format().cliName());
        row.reset();
        start();
        LineReader r = new LineReader(in);
        while (r.next()) {
            report.line();
            if (r.overlong) {
                report.unparsed(r.number, r, "line longer than " + LineReader.MAX_LINE + " bytes");
                continue;
            }
            try {
                line(r);
            } catch (RuntimeException e) {
                row.reset();
                report.unparsed(r.number, r, "unexpected shape (" + e.getClass().getSimpleName() + ")");
            }
        }
        finish();
    }

    /** Resets the parser's own state before a parse. */
    protected void start() {
    }

    /** Reads one line. */
    protected abstract void line(LineReader r);

    /** Called after the last line, to emit what is pending. */
    protected void finish() {
    }

    /** Hands {@link #row} to the sink, counts it, and resets it. */
    protected final void emit() {
        sink.accept(row);
        report.socket();
        row.reset();
    }

    /** Counts the current line as unparsed and clears the row. */
    protected final void reject(LineReader r, String reason) {
        row.reset();
        report.unparsed(r.number, r, reason);
    }
}
