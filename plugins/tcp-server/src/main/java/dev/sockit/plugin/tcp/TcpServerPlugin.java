package dev.sockit.plugin.tcp;

import org.pf4j.Plugin;

/** The {@code tcp-server} plugin; it contributes {@link TcpServerKind} and needs no start or stop of its own. */
public final class TcpServerPlugin extends Plugin {

    /** Creates the plugin; PF4J calls this. */
    public TcpServerPlugin() {
    }
}
