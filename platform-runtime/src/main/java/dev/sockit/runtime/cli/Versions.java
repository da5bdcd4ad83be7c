package dev.sockit.runtime.cli;

import dev.sockit.api.Result;
import dev.sockit.api.SockitApi;
import io.vertx.core.Vertx;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.util.Properties;

/** The versions {@code sockit version} and {@code --version} (on every command) print. */
final class Versions implements IVersionProvider {

    /** The sockit release. */
    static final String SOCKIT = read();

    @Override
    public String[] getVersion() {
        return new String[] {"sockit " + SOCKIT + " (plugin API " + SockitApi.VERSION + ")",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "Vert.x " + moduleVersion(Vertx.class),
            "Runtime: module " + runtimeModule()};
    }

    /** {@code sockit version}'s Result: the lines {@link #getVersion()} prints as findings, the versions in data. */
    static Result result() {
        Result.Builder b = Result.builder("version", "sockit")
                .data("sockit", SOCKIT)
                .data("pluginApi", SockitApi.VERSION)
                .data("java", Runtime.version().toString())
                .data("javaVendor", System.getProperty("java.vendor"))
                .data("vertx", moduleVersion(Vertx.class))
                .data("runtimeModule", runtimeModule());
        for (String line : new Versions().getVersion()) {
            b.finding(line);
        }
        return b.build();
    }

    /** {@code dev.sockit.runtime (named)}, or {@code unnamed (class path)} when not run as a module. */
    static String runtimeModule() {
        Module m = Versions.class.getModule();
        return m.isNamed() ? m.getName() + " (named)" : "unnamed (class path)";
    }

    /** The version of the named module that holds {@code type}, or "unknown". */
    static String moduleVersion(Class<?> type) {
        ModuleDescriptor d = type.getModule().getDescriptor();
        return d == null ? "unknown" : d.rawVersion().orElse("unknown");
    }

    private static String read() {
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
