package dev.sockit.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The one answer shape of every operation, on the command line and the event bus alike:
 * {@code operation, target, address, status, findings[], recommendations[], artifacts[], data}.
 * {@code findings} and {@code recommendations} are sentences for people; {@code data} holds the same facts
 * for machines.
 *
 * <p>Findings are {@link Finding}s: plain sentences ({@link Builder#finding(String)}) or records with a code,
 * severity, recommendation and evidence ({@link Builder#finding(Finding)}). In the JSON, {@code findings[]} holds
 * every finding's message; a Result with records ({@link #structured()}) also writes them, in the same order, as
 * {@code data.findings[]}, the first key of {@code data}, even when there are none (a check that found nothing).
 *
 * @param operation       what was done: {@code run}, {@code analyze}, {@code bind}, {@code status}
 * @param target          what it was done to: {@code socket}, {@code process}, {@code runtime}
 * @param address         the address concerned ({@code 127.0.0.1:7007}), or empty
 * @param status          success, warning or error
 * @param findings        what was found, in the order to show them
 * @param recommendations what to do about it, one sentence each
 * @param artifacts       files written or referred to
 * @param data            the facts for machines, without {@code findings} when {@code structured}
 * @param structured      whether the findings are written as records in {@code data.findings} too
 */
public record Result(String operation, String target, String address, Status status, List<Finding> findings,
                     List<String> recommendations, List<String> artifacts, JsonObject data, boolean structured) {

    /** The key in {@code data} under which the findings of a {@link #structured()} Result are written. */
    public static final String DATA_FINDINGS = "findings";

    /** Checks required parts and freezes the lists; a structured Result drops {@code findings} from {@code data}. */
    public Result {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        target = target == null ? "" : target;
        address = address == null ? "" : address;
        findings = List.copyOf(findings == null ? List.of() : findings);
        recommendations = List.copyOf(recommendations == null ? List.of() : recommendations);
        artifacts = List.copyOf(artifacts == null ? List.of() : artifacts);
        data = data == null ? new JsonObject() : data;
        if (structured && data.containsKey(DATA_FINDINGS)) {
            data = new JsonObject(new LinkedHashMap<>(data.getMap()));
            data.remove(DATA_FINDINGS);
        }
    }

    /** A Result whose findings are records if any of them has a code ({@link Finding#hasCode()}). */
    public Result(String operation, String target, String address, Status status, List<Finding> findings,
                  List<String> recommendations, List<String> artifacts, JsonObject data) {
        this(operation, target, address, status, findings, recommendations, artifacts, data,
                findings != null && findings.stream().anyMatch(Finding::hasCode));
    }

    /** The findings' messages, in order: {@code findings[]} of the JSON form. */
    public List<String> sentences() {
        return findings.stream().map(Finding::message).toList();
    }

    /** This Result with {@code data} in place of its own. */
    public Result withData(JsonObject data) {
        return new Result(operation, target, address, status, findings, recommendations, artifacts, data,
                structured);
    }

    /** Starts a result of {@code operation} on {@code target}. */
    public static Builder builder(String operation, String target) {
        return new Builder(operation, target);
    }

    /** An error result with one finding and, if given, one recommendation. */
    public static Result error(String operation, String target, String address, String finding,
                               String recommendation) {
        Builder b = builder(operation, target).address(address).status(Status.ERROR).finding(finding);
        if (recommendation != null) {
            b.recommendation(recommendation);
        }
        return b.build();
    }

    /** The JSON form, with the keys in the documented order. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("operation", operation)
                .put("target", target)
                .put("address", address)
                .put("status", status.json())
                .put("findings", new JsonArray(new ArrayList<>(sentences())))
                .put("recommendations", new JsonArray(new ArrayList<>(recommendations)))
                .put("artifacts", new JsonArray(new ArrayList<>(artifacts)))
                .put("data", structured ? dataWithFindings() : data);
    }

    private JsonObject dataWithFindings() {
        JsonArray records = new JsonArray(new ArrayList<>(findings.size()));
        findings.forEach(f -> records.add(f.toJson()));
        JsonObject out = new JsonObject().put(DATA_FINDINGS, records);
        data.getMap().forEach(out::put);
        return out;
    }

    /**
     * Reads the JSON form written by {@link #toJson()}. When {@code data.findings} is an array of finding records,
     * one per entry of {@code findings[]}, the findings are read from it and the Result is structured; otherwise
     * {@code findings[]} are plain sentences and {@code data} is kept as it is.
     */
    public static Result fromJson(JsonObject json) {
        List<String> sentences = strings(json.getJsonArray("findings"));
        JsonObject data = json.getJsonObject("data");
        List<Finding> records = data == null ? null : records(data.getValue(DATA_FINDINGS), sentences.size());
        List<Finding> findings = records != null ? records : sentences.stream().map(Finding::of).toList();
        return new Result(json.getString("operation"), json.getString("target"), json.getString("address"),
                Status.fromJson(json.getString("status")), findings, strings(json.getJsonArray("recommendations")),
                strings(json.getJsonArray("artifacts")), data, records != null);
    }

    /** The records in {@code value}, or {@code null} if it is not an array of {@code size} finding records. */
    private static List<Finding> records(Object value, int size) {
        if (!(value instanceof JsonArray a) || a.size() != size) {
            return null;
        }
        List<Finding> out = new ArrayList<>(size);
        for (Object o : a) {
            if (!(o instanceof JsonObject record)) {
                return null;
            }
            try {
                out.add(Finding.fromJson(record));
            } catch (IllegalArgumentException e) {
                // not a finding record: data.findings is the producer's own, and findings[] are sentences
                return null;
            }
        }
        return out;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (Object o : a) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    /** Collects the parts of a {@link Result}; the status only ever gets worse as parts are added. */
    public static final class Builder {
        private final String operation;
        private final String target;
        private String address = "";
        private Status status = Status.SUCCESS;
        private final List<Finding> findings = new ArrayList<>();
        private final List<String> recommendations = new ArrayList<>();
        private final List<String> artifacts = new ArrayList<>();
        private JsonObject data = new JsonObject();
        private boolean structured;

        private Builder(String operation, String target) {
            this.operation = Objects.requireNonNull(operation, "operation");
            this.target = target;
        }

        /** Sets the address concerned. */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /** Raises the status to {@code status} if that is worse than the current one. */
        public Builder status(Status status) {
            this.status = this.status.worst(status);
            return this;
        }

        /** Adds a finding that is a plain sentence ({@link Finding#of(String)}). */
        public Builder finding(String finding) {
            findings.add(Finding.of(finding));
            return this;
        }

        /**
         * Adds a finding and raises the status to what its severity calls for ({@link Severity#status()}); one with
         * a code makes the Result {@link #structured() structured}. Its recommendation is not added to
         * {@code recommendations}: the caller decides (once per distinct text, say).
         */
        public Builder finding(Finding finding) {
            findings.add(Objects.requireNonNull(finding, "finding"));
            status(finding.severity().status());
            structured |= finding.hasCode();
            return this;
        }

        /**
         * Writes the findings as records in {@code data.findings} too, even if there are none or none has a code:
         * for the Result of a check, where an empty list says that nothing was found.
         */
        public Builder structured() {
            structured = true;
            return this;
        }

        /** Adds a recommendation. */
        public Builder recommendation(String recommendation) {
            recommendations.add(recommendation);
            return this;
        }

        /** Adds an artifact. */
        public Builder artifact(String artifact) {
            artifacts.add(artifact);
            return this;
        }

        /** Puts one entry into {@code data}. */
        public Builder data(String key, Object value) {
            data.put(key, value);
            return this;
        }

        /** Replaces {@code data}. */
        public Builder data(JsonObject data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** The result. */
        public Result build() {
            return new Result(operation, target, address, status, findings, recommendations, artifacts, data,
                    structured);
        }
    }
}
