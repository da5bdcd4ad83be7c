package dev.sockit.runtime.plugins;

import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Reads the PF4J descriptor from a jar's manifest only, with one-line reasons for what is not a plugin jar. */
final class JarManifestFinder extends ManifestPluginDescriptorFinder {
    @Override
    public PluginDescriptor find(Path path) {
        if (Files.isDirectory(path)) {
            throw new PluginRefusal("a directory, not a plugin jar");
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(path.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new PluginRefusal("not a readable jar (" + PluginFailures.oneLine(why) + ")");
        }
        if (manifest == null) {
            throw new PluginRefusal("not a plugin: the jar has no META-INF/MANIFEST.MF");
        }
        return createPluginDescriptor(manifest);
    }
}
