package dev.sockit.plugin.generator;

import org.pf4j.Plugin;

/**
 * The {@code generator} plugin; it contributes the {@code generator} process kind and needs no start or stop of its
 * own.
 */
public final class GeneratorPlugin extends Plugin {

    /** Creates the plugin; PF4J calls this. */
    public GeneratorPlugin() {
    }
}
