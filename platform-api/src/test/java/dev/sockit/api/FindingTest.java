package dev.sockit.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A finding record: its JSON form, read back, and the plain sentence. */
class FindingTest {

    private static Finding closeWait() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("state", "CLOSE_WAIT");
        e.put("count", 150L);
        e.put("localPort", 8080);
        e.put("samples", List.of(Map.of("local", "10.0.0.1:8080")));
        return new Finding("close_wait_leak", Severity.CRITICAL, "150 sockets in CLOSE_WAIT on :8080",
                "Call close() on EOF", e);
    }

    @Test
    void writes_code_severity_message_recommendation_then_the_evidence_in_its_order() {
        JsonObject json = closeWait().toJson();
        assertEquals(List.of("code", "severity", "message", "recommendation", "state", "count", "localPort",
                "samples"), new ArrayList<>(json.fieldNames()));
        assertEquals("{\"code\":\"close_wait_leak\",\"severity\":\"critical\",\"message\":\"150 sockets in CLOSE_WAIT"
                + " on :8080\",\"recommendation\":\"Call close() on EOF\",\"state\":\"CLOSE_WAIT\",\"count\":150,"
                + "\"localPort\":8080,\"samples\":[{\"local\":\"10.0.0.1:8080\"}]}", json.encode());
    }

    @Test
    void reads_back_from_its_encoded_json_with_the_same_fields_and_evidence() {
        Finding f = closeWait();
        Finding back = Finding.fromJson(new JsonObject(f.toJson().encode()));
        assertEquals(f.code(), back.code());
        assertEquals(f.severity(), back.severity());
        assertEquals(f.message(), back.message());
        assertEquals(f.recommendation(), back.recommendation());
        assertEquals(List.of("state", "count", "localPort", "samples"), new ArrayList<>(back.evidence().keySet()));
        assertEquals(List.of(Map.of("local", "10.0.0.1:8080")), back.evidence().get("samples"),
                "nested JSON becomes plain lists and maps");
        assertEquals(f.toJson().encode(), back.toJson().encode());
    }

    @Test
    void an_evidence_key_named_like_a_field_does_not_replace_the_field() {
        Finding f = new Finding("x", Severity.INFO, "the message", "", Map.of("message", "evidence"));
        assertEquals("the message", f.toJson().getString("message"));
    }

    @Test
    void a_plain_sentence_has_no_code_and_is_info() {
        Finding f = Finding.of("process 'echo' is RUNNING");
        assertFalse(f.hasCode());
        assertEquals(Severity.INFO, f.severity());
        assertEquals("", f.recommendation());
        assertTrue(f.evidence().isEmpty());
        assertTrue(closeWait().hasCode());
    }

    @Test
    void the_evidence_is_a_frozen_copy() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", 1L);
        Finding f = new Finding("x", Severity.WARNING, "m", "r", e);
        e.put("count", 2L);
        assertEquals(1L, f.evidence().get("count"));
        assertThrows(UnsupportedOperationException.class, () -> f.evidence().put("more", 1));
    }

    @Test
    void a_record_without_a_message_or_with_an_unknown_severity_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> Finding.fromJson(new JsonObject().put("code", "x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Finding.fromJson(
                new JsonObject().put("message", "m").put("severity", "fatal")));
        assertEquals("severity: 'fatal' (expected: info, warning or critical)", e.getMessage());
        assertEquals(Severity.INFO, Finding.fromJson(new JsonObject().put("message", "m")).severity());
        assertThrows(NullPointerException.class, () -> new Finding("x", null, "m", "", null));
    }

    @Test
    void severities_are_lower_case_read_back_and_map_to_a_status() throws Exception {
        for (Severity s : Severity.values()) {
            assertEquals(s, Severity.fromJson(s.json()));
        }
        assertEquals("\"warning\"", new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(Severity.WARNING));
        assertEquals(List.of(Status.SUCCESS, Status.WARNING, Status.ERROR),
                List.of(Severity.INFO.status(), Severity.WARNING.status(), Severity.CRITICAL.status()));
        assertEquals(Severity.CRITICAL, Severity.WARNING.worst(Severity.CRITICAL));
        assertEquals(new JsonArray().add("info"), new JsonArray().add(Severity.INFO.json()));
    }
}
