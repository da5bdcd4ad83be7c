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
 * the parse; an {@link IOException} from the stream ends it, and so does a failure of the sink (it is rethrown as
 * it was: a bug there is not bad input).
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
            } catch (SinkFailure e) {
                // Not the line's fault: what receives the sockets failed; that is a bug to surface, not input.
                throw e.failure;
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
        try {
            sink.accept(row);
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
        report.socket();
        row.reset();
    }

    /** A failure of the sink, carried past the per-line catch so that it is not taken for bad input. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final RuntimeException failure;

        SinkFailure(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /** Counts the current line as unparsed and clears the row. */
    protected final void reject(LineReader r, String reason) {
        row.reset();
        report.unparsed(r.number, r, reason);
    }
}
