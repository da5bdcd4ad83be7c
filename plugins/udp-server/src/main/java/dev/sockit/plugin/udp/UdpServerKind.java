package dev.sockit.plugin.udp;

import dev.sockit.api.spi.ServerKind;
import org.pf4j.Extension;

/** The {@code udp-server} process kind: a UDP socket that echoes, discards or forwards what it receives. */
@Extension
public final class UdpServerKind extends ServerKind<UdpServerConfig> {

    /** Creates the extension; PF4J calls this. */
    public UdpServerKind() {
        super("udp-server", UdpServerConfig.class, "UDP server that echoes, discards or forwards datagrams, with socket"
                + " options and multicast groups", UdpServerProcess::new);
    }
}
