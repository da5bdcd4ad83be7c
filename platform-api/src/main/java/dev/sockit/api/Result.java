package dev.sockit.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one answer shape of every operation, on the command line and the event bus alike:
 * {@code operation, target, address, status, findings[], recommendations[], artifacts[], data}.
 * {@code findings} and {@code recommendations} are sentences for people; {@code data} holds the same facts
 * for machines.
 *
 * @param operation       what was done: {@code run}, {@code analyze}, {@code bind}, {@code status}
 * @param target          what it was done to: {@code socket}, {@code process}, {@code runtime}
 * @param address         the address concerned ({@code 127.0.0.1:7007}), or empty
 * @param status          success, warning or error
 * @param findings        what was found, one sentence each
 * @param recommendations what to do about it, one sentence each
 * @param artifacts       files written or referred to
 * @param data            the facts for machines
 */
public record Result(String operation, String target, String address, Status status, List<String> findings,
                     List<String> recommendations, List<String> artifacts, JsonObject data) {

    /** Checks required parts and freezes the lists. */
    public Result {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        target = target == null ? "" : target;
        address = address == null ? "" : address;
        findings = List.copyOf(findings == null ? List.of() : findings);
        recommendations = List.copyOf(recommendations == null ? List.of() : recommendations);
        artifacts = List.copyOf(artifacts == null ? List.of() : artifacts);
        data = data == null ? new JsonObject() : data;
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
                .put("findings", new JsonArray(new ArrayList<>(findings)))
                .put("recommendations", new JsonArray(new ArrayList<>(recommendations)))
                .put("artifacts", new JsonArray(new ArrayList<>(artifacts)))
                .put("data", data);
    }

    /** Reads the JSON form written by {@link #toJson()}. */
    public static Result fromJson(JsonObject json) {
        return new Result(json.getString("operation"), json.getString("target"), json.getString("address"),
                Status.fromJson(json.getString("status")), strings(json.getJsonArray("findings")),
                strings(json.getJsonArray("recommendations")), strings(json.getJsonArray("artifacts")),
                json.getJsonObject("data"));
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
        private final List<String> findings = new ArrayList<>();
        private final List<String> recommendations = new ArrayList<>();
        private final List<String> artifacts = new ArrayList<>();
        private JsonObject data = new JsonObject();

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

        /** Adds a finding. */
        public Builder finding(String finding) {
            findings.add(finding);
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
            return new Result(operation, target, address, status, findings, recommendations, artifacts, data);
        }
    }
}
