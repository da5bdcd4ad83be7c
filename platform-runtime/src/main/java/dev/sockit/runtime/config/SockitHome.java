package dev.sockit.runtime.config;

import java.nio.file.Path;

/**
 * The installation directory ({@code bin/ lib/ plugins/ conf/}), from the {@code sockit.home} system property
 * that the launcher sets, else the working directory. Defaults of paths (runtime.plugins, runtime.audit) and
 * relative paths of a config not read from a file resolve against it; a config file's own relative paths
 * resolve against its folder ({@link ConfigLoader#load}).
 */
public record SockitHome(Path dir) {

    /** The system property the launcher sets to the installation directory. */
    public static final String PROPERTY = "sockit.home";

    /** The home of this JVM. */
    public static SockitHome current() {
        String home = System.getProperty(PROPERTY);
        return new SockitHome(Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize());
    }

    /** {@code path} as is when absolute, else below the home directory. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p.normalize() : dir.resolve(p).normalize();
    }

    /** The config used when {@code -c} is not given: {@code conf/sockit.yaml}. */
    public Path defaultConfig() {
        return dir.resolve("conf").resolve("sockit.yaml");
    }
}
