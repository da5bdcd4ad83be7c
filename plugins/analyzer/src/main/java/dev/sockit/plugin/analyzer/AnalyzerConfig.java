package dev.sockit.plugin.analyzer;

import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;

/**
 * The config of an {@code analyzer} process ({@code processes.<id>.config}); every key is optional.
 *
 * @param procRoot         where the live host's {@code /proc} is (default {@code /proc}; a copy of one for tests)
 * @param maxInputBytes    the largest file {@code analyze} reads, in bytes (default 4 GiB); larger is refused
 * @param ownersScanLimit  how many {@code /proc/<pid>/fd} entries the live analysis reads at most to name the
 *                         process of each socket (default 200000)
 */
public record AnalyzerConfig(String procRoot, Long maxInputBytes, Integer ownersScanLimit) {

    /** {@code procRoot} when none is configured. */
    public static final String DEFAULT_PROC_ROOT = "/proc";
    /** {@code maxInputBytes} when none is configured. */
    public static final long DEFAULT_MAX_INPUT_BYTES = 4L << 30;
    /** {@code ownersScanLimit} when none is configured. */
    public static final int DEFAULT_OWNERS_SCAN_LIMIT = 200_000;

    /** Fills in defaults and validates. */
    public AnalyzerConfig {
        procRoot = procRoot == null ? DEFAULT_PROC_ROOT : procRoot;
        maxInputBytes = maxInputBytes == null ? DEFAULT_MAX_INPUT_BYTES : maxInputBytes;
        ownersScanLimit = ownersScanLimit == null ? DEFAULT_OWNERS_SCAN_LIMIT : ownersScanLimit;
        if (maxInputBytes < 1) {
            throw new ConfigException("maxInputBytes", maxInputBytes + " (expected: >= 1)");
        }
        Checks.inRange(ownersScanLimit, 0, 100_000_000, "ownersScanLimit");
    }

    /** The defaults. */
    public static AnalyzerConfig defaults() {
        return new AnalyzerConfig(null, null, null);
    }
}
