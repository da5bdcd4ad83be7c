package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Quote;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One problem found, for people and machines alike.
 *
 * @param code           a {@link FindingCode}
 * @param severity       how bad it is
 * @param message        one sentence with the evidence: counts, ports, pids and programs
 * @param recommendation what to do about it
 * @param evidence       the facts behind the message as plain values, lists and maps (insertion-ordered)
 */
public record Finding(String code, Severity severity, String message, String recommendation,
                      Map<String, Object> evidence) {

    /**
     * Checks the required parts, escapes control characters the sentences may hold from their input (so that a
     * finding cannot drive the terminal it is printed on), and freezes the evidence.
     */
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        message = Quote.escape(Objects.requireNonNull(message, "message"));
        recommendation = Quote.escape(Objects.requireNonNull(recommendation, "recommendation"));
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** The evidence's {@code count}, or 0 when it has none; findings of one severity sort by it. */
    public long count() {
        return evidence.get("count") instanceof Number n ? n.longValue() : 0;
    }

    /** {@code {code, severity, message, recommendation, ...evidence}} as plain values, ready for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("severity", severity.json());
        m.put("message", message);
        m.put("recommendation", recommendation);
        evidence.forEach(m::putIfAbsent);
        return m;
    }
}
