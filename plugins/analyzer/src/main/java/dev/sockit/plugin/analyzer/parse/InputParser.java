package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketSink;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one input format as a stream: sockets go to the sink one row at a time, counters and sysctls into the
 * facts, and every line it cannot read is counted in the report (never an exception). Memory stays bounded
 * whatever the input's size.
 */
public interface InputParser {

    /** The format this parser reads. */
    Format format();

    /**
     * Reads {@code in} to its end. Only an {@link IOException} from the stream itself escapes; a malformed line is
     * {@link dev.sockit.plugin.analyzer.model.ParseReport#unparsed counted} and skipped.
     */
    void parse(InputStream in, SocketSink sink, HostFacts facts, ParseReport report) throws IOException;
}
