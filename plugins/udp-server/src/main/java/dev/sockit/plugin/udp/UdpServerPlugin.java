package dev.sockit.plugin.udp;

import org.pf4j.Plugin;

/** The {@code udp-server} plugin; it contributes {@link UdpServerKind} and needs no start or stop of its own. */
public final class UdpServerPlugin extends Plugin {

    /** Creates the plugin; PF4J calls this. */
    public UdpServerPlugin() {
    }
}
