package dev.sockit.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire shape of findings: {@code findings[]} sentences always, {@code data.findings[]} records (first in
 * {@code data}, same order) only for a Result with records; read back into the same Result.
 */
class ResultFindingsTest {

    private static Finding finding(String code, Severity severity, String message, long count) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", count);
        e.put("localPort", 8080);
        return new Finding(code, severity, message, "fix " + code, e);
    }

    private static Result analysis() {
        return Result.builder("analyze", "socket").address("0.0.0.0:8080")
                .finding(finding("close_wait_leak", Severity.CRITICAL, "150 in CLOSE_WAIT", 150))
                .finding(finding("listen_all_interfaces", Severity.INFO, "1 socket on every interface", 1))
                .recommendation("fix close_wait_leak").recommendation("fix listen_all_interfaces")
                .data("states", new JsonObject().put("tcp", new JsonObject().put("LISTEN", 1)))
                .data("input", new JsonObject().put("format", "ss"))
                .build();
    }

    @Test
    void a_result_with_records_writes_the_json_the_analyzer_wrote_before_records() {
        // As AnalysisReport built it by hand: the messages in findings[], the records first in data.
        String expected = "{\"operation\":\"analyze\",\"target\":\"socket\",\"address\":\"0.0.0.0:8080\","
                + "\"status\":\"error\",\"findings\":[\"150 in CLOSE_WAIT\",\"1 socket on every interface\"],"
                + "\"recommendations\":[\"fix close_wait_leak\",\"fix listen_all_interfaces\"],\"artifacts\":[],"
                + "\"data\":{\"findings\":[{\"code\":\"close_wait_leak\",\"severity\":\"critical\",\"message\":"
                + "\"150 in CLOSE_WAIT\",\"recommendation\":\"fix close_wait_leak\",\"count\":150,\"localPort\":8080},"
                + "{\"code\":\"listen_all_interfaces\",\"severity\":\"info\",\"message\":\"1 socket on every "
                + "interface\",\"recommendation\":\"fix listen_all_interfaces\",\"count\":1,\"localPort\":8080}],"
                + "\"states\":{\"tcp\":{\"LISTEN\":1}},\"input\":{\"format\":\"ss\"}}}";
        assertEquals(expected, analysis().toJson().encode());
        assertTrue(analysis().structured());
        assertEquals(Status.ERROR, analysis().status(), "a critical finding raises the status to error");
    }

    @Test
    void a_result_of_plain_sentences_writes_no_data_findings() {
        Result r = Result.builder("status", "runtime").finding("process 'echo' is RUNNING")
                .finding("no plugin files in plugins").data("processes", new io.vertx.core.json.JsonArray()).build();
        assertFalse(r.structured());
        assertEquals("{\"operation\":\"status\",\"target\":\"runtime\",\"address\":\"\",\"status\":\"success\","
                + "\"findings\":[\"process 'echo' is RUNNING\",\"no plugin files in plugins\"],\"recommendations\":[],"
                + "\"artifacts\":[],\"data\":{\"processes\":[]}}", r.toJson().encode());
        assertEquals(r, Result.fromJson(new JsonObject(r.toJson().encode())));
    }

    @Test
    void a_check_that_found_nothing_writes_an_empty_data_findings_first() {
        Result r = Result.builder("analyze", "live").structured().data("states", new JsonObject()).build();
        JsonObject data = r.toJson().getJsonObject("data");
        assertEquals(List.of("findings", "states"), new ArrayList<>(data.fieldNames()));
        assertTrue(data.getJsonArray("findings").isEmpty());
        Result back = Result.fromJson(new JsonObject(r.toJson().encode()));
        assertTrue(back.structured());
        assertEquals(r.toJson().encode(), back.toJson().encode());
    }

    @Test
    void records_survive_toJson_encode_decode_fromJson_byte_for_byte() {
        Result r = analysis();
        Result back = Result.fromJson(new JsonObject(r.toJson().encode()));
        assertTrue(back.structured());
        assertEquals(r.sentences(), back.sentences());
        assertEquals(List.of("close_wait_leak", "listen_all_interfaces"),
                back.findings().stream().map(Finding::code).toList());
        assertEquals(List.of(Severity.CRITICAL, Severity.INFO),
                back.findings().stream().map(Finding::severity).toList());
        assertFalse(back.data().containsKey("findings"), "the records are the findings, not data");
        assertEquals(r.toJson().encode(), back.toJson().encode());
        assertEquals(back.toJson().encode(), Result.fromJson(back.toJson()).toJson().encode());
    }

    @Test
    void a_data_findings_that_is_not_the_records_of_findings_stays_data() {
        JsonObject json = Result.builder("custom", "thing").finding("one sentence").build().toJson();
        json.getJsonObject("data").put("findings", new io.vertx.core.json.JsonArray().add("not a record"));
        Result r = Result.fromJson(json);
        assertFalse(r.structured());
        assertEquals(List.of("one sentence"), r.sentences());
        assertEquals("not a record", r.data().getJsonArray("findings").getString(0));
        assertEquals(json.encode(), r.toJson().encode());

        JsonObject mismatched = analysis().toJson();
        mismatched.getJsonArray("findings").remove(1);
        Result kept = Result.fromJson(mismatched);
        assertFalse(kept.structured(), "one sentence, two records: not read as records");
        assertEquals(mismatched.encode(), kept.toJson().encode());
    }

    @Test
    void the_builder_copies_findings_from_another_result_keeping_plain_ones_plain() {
        Result plain = Result.builder("status", "process").finding("a").finding("b").build();
        Result.Builder b = Result.builder("status", "runtime");
        plain.findings().forEach(b::finding);
        Result copy = b.build();
        assertFalse(copy.structured());
        assertEquals(List.of("a", "b"), copy.sentences());
        assertEquals(Status.SUCCESS, copy.status());
        assertEquals(analysis().data(), analysis().withData(analysis().data()).data());
        assertTrue(analysis().withData(new JsonObject()).structured());
    }
}
