package dev.sockit.runtime.config;

import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;


/**
 * One entry under {@code processes}: which kind of process to run, how many instances, and its config,
 * still unbound until the plugin that provides the kind is known.
 *
 * @param id        the key under {@code processes}; part of event-bus addresses ({@code sockit.<id>.<verb>})
 * @param kind      the process kind, such as {@code tcp-server}
 * @param instances how many verticle instances to deploy, 1-1024
 * @param config    the {@code config} subtree, empty when absent
 */
public record ProcessSpec(String id, String kind, int instances, ConfigTree config) {

    /** The instance count when {@code instances} is absent. */
    static final int DEFAULT_INSTANCES = 1;
    /** The largest instance count a process may ask for. */
    static final int MAX_INSTANCES = 1024;

    /**
     * Validates every component. Paths in the exceptions are relative to {@code processes.<id>}, except for a
     * bad id (see {@link #checkId(String)}).
     */
    public ProcessSpec {
        checkId(id);
        Checks.notBlank(kind, "kind");
        Checks.inRange(instances, 1, MAX_INSTANCES, "instances");
        Checks.notNull(config, "config");
    }

    /**
     * Returns {@code id} if it can be a process id; otherwise throws a {@link ConfigException} whose path is
     * the id itself, relative to {@code processes}.
     */
    static String checkId(String id) {
        if (!Checks.isProcessId(id)) {
            throw new ConfigException(String.valueOf(id), "invalid process id (expected: lower-case letters,"
                    + " digits, '-' and '_', starting with a letter or digit, at most 64)");
        }
        return id;
    }
}
