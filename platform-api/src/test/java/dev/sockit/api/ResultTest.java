package dev.sockit.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one answer shape: built, written as JSON in the documented key order, and read back unchanged. */
class ResultTest {

    private static Result full() {
        return Result.builder("run", "runtime").address("127.0.0.1:7007")
                .status(Status.WARNING)
                .finding("process 'echo' is RUNNING").finding("ünïcode \"quoted\" \\ and a\ttab")
                .recommendation("set maxConnections")
                .artifact("logs/socket-audit.jsonl")
                .data("transport", "epoll").data("instances", 2)
                .build();
    }

    @Test
    void writes_the_keys_in_the_documented_order() {
        assertEquals(List.of("operation", "target", "address", "status", "findings", "recommendations",
                "artifacts", "data"), new ArrayList<>(full().toJson().fieldNames()));
        assertEquals("warning", full().toJson().getString("status"));
    }

    @Test
    void survives_toJson_encode_decode_fromJson_unchanged() {
        Result r = full();
        Result back = Result.fromJson(new JsonObject(r.toJson().encode()));
        assertEquals(r, back);
        assertEquals(r.toJson().encode(), back.toJson().encode());
    }

    @Test
    void an_empty_result_reads_back_with_empty_parts_not_nulls() {
        Result r = Result.builder("version", null).build();
        Result back = Result.fromJson(new JsonObject(r.toJson().encode()));
        assertEquals("", back.target());
        assertEquals("", back.address());
        assertEquals(Status.SUCCESS, back.status());
        assertEquals(List.of(), back.findings());
        assertEquals(new JsonObject(), back.data());
        assertEquals(r, back);
    }

    @Test
    void missing_lists_and_data_in_the_JSON_read_as_empty() {
        Result r = Result.fromJson(new JsonObject().put("operation", "explain").put("status", "error"));
        assertEquals(Status.ERROR, r.status());
        assertEquals(List.of(), r.recommendations());
        assertEquals(List.of(), r.artifacts());
        assertEquals(new JsonObject(), r.data());
    }

    @Test
    void the_status_only_gets_worse_as_parts_are_added() {
        Result r = Result.builder("analyze", "socket").status(Status.ERROR).status(Status.WARNING)
                .status(Status.SUCCESS).build();
        assertEquals(Status.ERROR, r.status());
        assertEquals(Status.WARNING, Status.SUCCESS.worst(Status.WARNING));
        assertEquals(Status.WARNING, Status.WARNING.worst(Status.SUCCESS));
        for (Status s : Status.values()) {
            assertEquals(s, Status.fromJson(s.json()));
        }
    }

    @Test
    void the_error_shortcut_has_one_finding_and_its_recommendation() {
        Result r = Result.error("run", "process", "127.0.0.1:7007", "tcp port 7007 on 127.0.0.1 is already in use",
                "Choose another port");
        JsonObject json = r.toJson();
        assertEquals("error", json.getString("status"));
        assertEquals(new JsonArray().add("tcp port 7007 on 127.0.0.1 is already in use"),
                json.getJsonArray("findings"));
        assertEquals(new JsonArray().add("Choose another port"), json.getJsonArray("recommendations"));
        assertEquals(List.of(), Result.error("run", "process", "", "failed", null).recommendations());
    }

    @Test
    void the_lists_are_frozen_copies() {
        List<Finding> findings = new ArrayList<>(List.of(Finding.of("one")));
        Result r = new Result("run", "runtime", "", Status.SUCCESS, findings, null, null, null);
        findings.add(Finding.of("two"));
        assertEquals(List.of("one"), r.sentences());
        assertThrows(UnsupportedOperationException.class, () -> r.findings().add(Finding.of("three")));
    }

    @Test
    void operation_and_status_are_required() {
        assertThrows(NullPointerException.class, () -> new Result(null, "", "", Status.SUCCESS, null, null, null,
                null));
        assertThrows(NullPointerException.class, () -> new Result("run", "", "", null, null, null, null, null));
    }
}
