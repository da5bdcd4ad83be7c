package dev.sockit.plugin.analyzer;

import org.pf4j.Plugin;

/** The {@code analyzer} plugin; it contributes the {@code analyzer} process kind and needs no start or stop of its own. */
public final class AnalyzerPlugin extends Plugin {

    /** Creates the plugin; PF4J calls this. */
    public AnalyzerPlugin() {
    }
}
