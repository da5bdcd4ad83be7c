package dev.sockit.plugin.pool;

import org.pf4j.Plugin;

/** The {@code connection-pool} plugin; it contributes the {@code connection-pool} kind and needs no hooks. */
public final class ConnectionPoolPlugin extends Plugin {

    /** Creates the plugin; PF4J calls this. */
    public ConnectionPoolPlugin() {
    }
}
