package dev.sockit.plugin.generator;

import dev.sockit.api.Checks;

/**
 * The config of a {@code generator} process ({@code processes.<id>.config}); every key is optional.
 *
 * @param workers requests rendered and written at once, 1-16 (default {@link #DEFAULT_WORKERS}); more wait their
 *                turn. Writing files blocks, so it runs on these worker threads, never on the event loop
 */
public record GeneratorConfig(Integer workers) {

    /** {@code workers} when none is configured. */
    public static final int DEFAULT_WORKERS = 2;

    /** Fills in the default and validates. */
    public GeneratorConfig {
        workers = workers == null ? DEFAULT_WORKERS : workers;
        Checks.inRange(workers, 1, 16, "workers");
    }
}
