package dev.sockit.runtime.cli;

import dev.sockit.api.Finding;
import dev.sockit.api.Result;
import dev.sockit.api.Severity;
import dev.sockit.api.Status;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The text form of findings: records rendered from the records themselves, whoever wrote them. */
class OutputTest {

    /** A Result of a made-up plugin: records with codes, none of the analyzer's data. */
    private static Result probe() {
        return Result.builder("probe", "peer").address("127.0.0.1:7007")
                .finding(new Finding("slow_handshake", Severity.WARNING, "the handshake took 900 ms",
                        "check the path", Map.of("millis", 900)))
                .finding(new Finding("", Severity.INFO, "3 connections made", "", null))
                .recommendation("check the path")
                .build();
    }

    @Test
    void renders_records_of_any_result_with_severity_code_and_recommendation() {
        assertEquals(List.of("probe peer 127.0.0.1:7007: warning", "",
                "  [warning] the handshake took 900 ms (slow_handshake)", "      > check the path",
                "  [info] 3 connections made"), Output.text(probe()));
    }

    @Test
    void renders_the_same_after_the_result_crossed_the_bus_as_json() {
        Result back = Result.fromJson(new JsonObject(probe().toJson().encode()));
        assertEquals(Output.text(probe()), Output.text(back));
    }

    @Test
    void a_structured_result_without_findings_says_that_nothing_was_found() {
        Result r = Result.builder("probe", "peer").structured().build();
        assertEquals(List.of("probe peer: success", "", "  no problem found"), Output.text(r));
    }

    @Test
    void plain_sentences_are_listed_with_the_recommendations_below() {
        Result r = Result.builder("bind", "process").status(Status.ERROR).finding("port 7007 is in use")
                .recommendation("choose another port").build();
        assertEquals(List.of("bind process: error", "", "  * port 7007 is in use", "", "  > choose another port"),
                Output.text(r));
    }

    @Test
    void the_json_form_is_the_result_on_one_line() {
        Output o = new Output();
        o.format = Output.Format.JSON;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        o.print(probe(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(probe().toJson().encode() + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }
}
