package dev.sockit.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a mapping of socket options onto a socket did: which options it set, in the config form of their value
 * ({@code 65536}, {@code 10s}), and which it left unset, with the reason, each in the order they were mapped. The
 * server warns about the ignored ones and reports both in its status as {@code appliedOptions} and
 * {@code ignoredOptions}; every socket process (server, client pool, probe) maps its options into one.
 *
 * @param applied what was set, by option name, in the config form of its value
 * @param ignored what was not set, by option name, with the reason
 */
public record OptionReport(Map<String, String> applied, Map<String, String> ignored) {

    /** Copies both maps, keeping their order. */
    public OptionReport {
        applied = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(applied, "applied")));
        ignored = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(ignored, "ignored")));
    }

    /** Whether the option named {@code name} was set. */
    public boolean isApplied(String name) {
        return applied.containsKey(name);
    }

    /** Whether the option named {@code name} was left unset. */
    public boolean isIgnored(String name) {
        return ignored.containsKey(name);
    }

    /** One sentence per ignored option: {@code option tcpCork ignored: needs …}. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>(ignored.size());
        ignored.forEach((name, reason) -> out.add("option " + name + " ignored: " + reason));
        return out;
    }

    /** Collects a report option by option, in the order of the calls. */
    public static final class Builder {
        private final Map<String, String> applied = new LinkedHashMap<>();
        private final Map<String, String> ignored = new LinkedHashMap<>();

        /** An empty report. */
        public Builder() {
        }

        /** Records that {@code name} was set to {@code value} (its config form). */
        public Builder applied(String name, String value) {
            applied.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Records that {@code name} was not set, and why. */
        public Builder ignored(String name, String reason) {
            ignored.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(reason, "reason"));
            return this;
        }

        /** Whether {@code name} is recorded yet, as applied or as ignored. */
        public boolean has(String name) {
            return applied.containsKey(name) || ignored.containsKey(name);
        }

        /** Whether {@code name} is recorded as applied. */
        public boolean isApplied(String name) {
            return applied.containsKey(name);
        }

        /** The report so far. */
        public OptionReport build() {
            return new OptionReport(applied, ignored);
        }
    }
}
