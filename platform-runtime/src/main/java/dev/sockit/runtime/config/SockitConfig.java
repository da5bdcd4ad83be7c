package dev.sockit.runtime.config;

import dev.sockit.api.ConfigException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validated config file: the runtime settings and the processes to run, in file order.
 *
 * @param file      the file name the config came from, for messages
 * @param runtime   the {@code runtime} section, defaults filled in
 * @param processes the {@code processes} section by id, in file order; unmodifiable
 */
public record SockitConfig(String file, RuntimeSettings runtime, Map<String, ProcessSpec> processes) {

    /** Validates that there is at least one process and freezes the map in its order. */
    public SockitConfig {
        if (processes == null || processes.isEmpty()) {
            throw new ConfigException("processes", "is missing (expected: at least one process)");
        }
        processes = Collections.unmodifiableMap(new LinkedHashMap<>(processes));
    }

    /**
     * A config built in code, not read from a file: the default runtime settings and one process {@code id} of
     * {@code kind}, with an empty config (its kind's defaults) and one instance. {@code name} says in messages where
     * it comes from.
     */
    public static SockitConfig ofProcess(String name, String id, String kind) {
        ConfigTree empty = ConfigTree.empty("processes." + id + ".config", name);
        return new SockitConfig(name, RuntimeSettings.DEFAULTS,
                Map.of(id, new ProcessSpec(id, kind, ProcessSpec.DEFAULT_INSTANCES, empty)));
    }

    /**
     * The line of a full dotted path such as {@code runtime.plugins} in the file, or of its nearest parent
     * that is there; -1 if none.
     */
    public int lineOf(String path) {
        return processes.values().iterator().next().config().nearestLine(path);
    }
}
