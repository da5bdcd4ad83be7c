package dev.sockit.it;

import dev.sockit.runtime.TestPlugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An example plugin of {@code docs/examples} ({@code greeter-plugin}, {@code upper-handler-plugin}), compiled
 * with javac against the distribution's platform-api and what it needs (Vert.x, Jackson, PF4J) — not against the
 * runtime — and packed as a plugin jar.
 */
final class ExamplePlugin {

    private ExamplePlugin() {
    }

    static Path build(Dist dist, Path pluginsDir) {
        return build(dist, pluginsDir, "greeter-plugin", "greeter");
    }

    /** The example in {@code docs/examples/<example>}, packed as plugin {@code pluginId} into {@code pluginsDir}. */
    static Path build(Dist dist, Path pluginsDir, String example, String pluginId) {
        Path src = Path.of(System.getProperty("sockit.examples", "../docs/examples"))
                .resolve(example + "/src/main/java");
        try (Stream<Path> jars = Files.list(dist.lib()); Stream<Path> sources = Files.walk(src)) {
            List<Path> apiOnly = jars.filter(j -> !j.getFileName().toString().startsWith("platform-runtime"))
                    .toList();
            TestPlugins plugin = TestPlugins.plugin(pluginId).version("1.0.0").requires(">=0.1.0 & <0.2.0")
                    .classpath(apiOnly);
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = src.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                plugin.source(name, Files.readString(file));
            }
            return plugin.build(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
