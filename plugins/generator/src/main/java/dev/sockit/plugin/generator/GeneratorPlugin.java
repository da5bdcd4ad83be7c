package dev.sockit.plugin.generator;

import org.pf4j.Plugin;

/** The {@code generator} plugin; it needs no start or stop of its own (its process kind comes in a later slice). */
public final class GeneratorPlugin extends Plugin {

    /** Creates the plugin; PF4J calls this. */
    public GeneratorPlugin() {
    }
}
