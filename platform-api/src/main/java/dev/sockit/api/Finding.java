package dev.sockit.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing an operation found, for people and machines alike. A finding with a {@link #code} is a record that a
 * script can match on; one without is a plain sentence ({@link #of(String)}).
 *
 * <p>In a {@link Result}'s JSON the message is one of {@code findings[]}; a Result with records also lists them
 * in {@code data.findings[]}, in the same order, as {@code {code, severity, message, recommendation, ...evidence}}
 * ({@link #toJson()}).
 *
 * @param code           a stable identifier ({@code close_wait_leak}) that is never renamed nor reused, or empty
 *                       for a plain sentence
 * @param severity       how bad it is
 * @param message        one sentence with the evidence: counts, ports, pids and programs
 * @param recommendation what to do about it, or empty
 * @param evidence       the facts behind the message as plain values, lists and maps, in insertion order; a key
 *                       named like one of the four fields above is not written
 */
public record Finding(String code, Severity severity, String message, String recommendation,
                      Map<String, Object> evidence) {

    /** The keys of {@link #toJson()} that are not evidence, in their order. */
    public static final List<String> FIELDS = List.of("code", "severity", "message", "recommendation");

    /**
     * Checks the required parts and freezes the evidence (JSON objects and arrays in it become maps and lists).
     * The text is kept as given: a producer that quotes input in it escapes it ({@link Quote}).
     */
    public Finding {
        code = code == null ? "" : code;
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        recommendation = recommendation == null ? "" : recommendation;
        evidence = evidence == null || evidence.isEmpty() ? Map.of() : plainMap(evidence);
    }

    /** A plain sentence: no code, {@link Severity#INFO}, no recommendation, no evidence. */
    public static Finding of(String sentence) {
        return new Finding("", Severity.INFO, sentence, "", Map.of());
    }

    /** Whether this is a record with a code, rather than a plain sentence. */
    public boolean hasCode() {
        return !code.isEmpty();
    }

    /** {@code {code, severity, message, recommendation, ...evidence}}, the form of {@code data.findings[]}. */
    public JsonObject toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("severity", severity.json());
        m.put("message", message);
        m.put("recommendation", recommendation);
        evidence.forEach(m::putIfAbsent);
        return new JsonObject(m);
    }

    /**
     * Reads the form {@link #toJson()} writes: every key but the four fields is evidence, in its order.
     *
     * @throws IllegalArgumentException if {@code message} is missing or {@code severity} is not one of the three
     */
    public static Finding fromJson(JsonObject json) {
        if (!(json.getValue("message") instanceof String message)) {
            throw new IllegalArgumentException("finding: no message in " + json.encode());
        }
        Object severity = json.getValue("severity");
        Map<String, Object> evidence = new LinkedHashMap<>();
        json.forEach(e -> {
            if (!FIELDS.contains(e.getKey())) {
                evidence.put(e.getKey(), e.getValue());
            }
        });
        return new Finding(json.getValue("code") instanceof String c ? c : "",
                severity == null ? Severity.INFO : Severity.fromJson(String.valueOf(severity)), message,
                json.getValue("recommendation") instanceof String r ? r : "", evidence);
    }

    private static Map<String, Object> plainMap(Map<?, ?> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Object plain(Object v) {
        if (v instanceof JsonObject o) {
            return plainMap(o.getMap());
        }
        if (v instanceof Map<?, ?> m) {
            return plainMap(m);
        }
        if (v instanceof JsonArray a) {
            return plainList(a.getList());
        }
        if (v instanceof List<?> l) {
            return plainList(l);
        }
        return v;
    }

    private static List<Object> plainList(List<?> in) {
        List<Object> out = new ArrayList<>(in.size());
        in.forEach(v -> out.add(plain(v)));
        return Collections.unmodifiableList(out);
    }
}
