package dev.sockit.runtime.cli;

import dev.sockit.api.Finding;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.runtime.Tables;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a command prints its {@link Result}: a short report for people when stdout is a terminal, one JSON
 * line per Result when it is piped or redirected; {@code --output text|json} forces either.
 */
final class Output {

    /** The output formats: NDJSON is JSON, one Result per line, with long commands streaming partial Results. */
    enum Format { TEXT, JSON, NDJSON }

    @Option(names = "--output", paramLabel = "FORMAT",
            description = "text, json or ndjson (default: text on a terminal, json when piped); ndjson also streams "
                + "a Result per interval of a long command (analyze --watch)")
    Format format;

    /** The format in effect. */
    Format effective() {
        if (format != null) {
            return format;
        }
        return System.console() != null ? Format.TEXT : Format.JSON;
    }

    /** Prints {@code result} to {@code out} in the effective format. */
    void print(Result result, PrintStream out) {
        if (effective() != Format.TEXT) {
            out.println(result.toJson().encode());
        } else {
            // JSON escapes control characters itself; text must, or input quoted in a Result drives the terminal.
            text(result).forEach(l -> out.println(Quote.escape(l)));
        }
        out.flush();
    }

    /** Whether partial Results of a long command are printed as they come (text and ndjson; json prints one). */
    boolean streams() {
        return effective() != Format.JSON;
    }

    /** The text form: a status line, findings, recommendations, and tables of processes or plugins. */
    static List<String> text(Result r) {
        List<String> lines = new ArrayList<>();
        String where = r.address().isEmpty() ? "" : " " + r.address();
        lines.add(r.operation() + " " + r.target() + where + ": " + r.status().json());
        JsonArray processes = r.data().getJsonArray("processes");
        if (processes != null && !processes.isEmpty()) {
            lines.add("");
            Tables.processTable(objects(processes)).forEach(l -> lines.add("  " + l));
        }
        JsonArray plugins = r.data().getJsonArray("plugins");
        if (plugins != null && !plugins.isEmpty() && processes == null) {
            lines.add("");
            Tables.pluginTable(objects(plugins)).forEach(l -> lines.add("  " + l));
        }
        if (r.structured()) {
            // Findings as records: each with its severity (in the order given) and what to do right under it.
            lines.add("");
            if (r.findings().isEmpty()) {
                lines.add("  no problem found");
            }
            for (Finding f : r.findings()) {
                lines.add("  [" + f.severity().json() + "] " + f.message()
                        + (f.hasCode() ? " (" + f.code() + ")" : ""));
                if (!f.recommendation().isEmpty()) {
                    lines.add("      > " + f.recommendation());
                }
            }
            summary(r.data()).forEach(lines::add);
            return lines;
        }
        if (!r.findings().isEmpty()) {
            lines.add("");
            r.findings().forEach(f -> lines.add("  * " + f.message()));
        }
        if (!r.recommendations().isEmpty()) {
            lines.add("");
            r.recommendations().forEach(f -> lines.add("  > " + f));
        }
        JsonObject status = r.data().getValue("status") instanceof JsonObject o ? o : null;
        if (status != null && !status.isEmpty()) {
            // A process's status (sockit status ID): what it reports of itself, one value a line.
            lines.add("");
            status.forEach(e -> {
                Object v = e.getValue();
                boolean empty = v == null || v instanceof JsonObject j && j.isEmpty()
                        || v instanceof JsonArray a && a.isEmpty();
                if (!empty) {
                    lines.add("  " + e.getKey() + ": " + (v instanceof JsonObject j ? j.encode()
                            : v instanceof JsonArray a ? a.encode() : v));
                }
            });
        }
        return lines;
    }

    /** The counts per protocol and state ({@code data.states}) and the input read ({@code data.input}), if given. */
    private static List<String> summary(JsonObject data) {
        List<String> lines = new ArrayList<>();
        JsonObject states = data.getJsonObject("states");
        if (states != null && !states.isEmpty()) {
            lines.add("");
            for (String proto : states.fieldNames()) {
                JsonObject perState = states.getJsonObject(proto);
                StringBuilder b = new StringBuilder("  " + proto + ":");
                perState.forEach(e -> b.append(' ').append(e.getKey()).append(' ').append(e.getValue()));
                lines.add(b.toString());
            }
        }
        JsonObject input = data.getJsonObject("input");
        if (input != null) {
            lines.add("  input: " + input.getValue("format") + ", " + input.getValue("lines") + " lines, "
                    + input.getValue("sockets") + " sockets, " + input.getValue("unparsed") + " unparsed");
        }
        return lines;
    }

    private static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getJsonObject(i));
        }
        return out;
    }
}
