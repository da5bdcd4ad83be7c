package dev.sockit.plugin.udp;

import dev.sockit.api.spi.ServerKind;
import org.pf4j.Extension;

/** The {@code udp-server} process kind: a UDP socket that echoes, discards or forwards what it receives. */
@Extension
public final class UdpServerKind extends ServerKind<UdpServerConfig> {

    /** The name configs use in {@code kind:}. */
    public static final String NAME = "udp-server";

    /** Creates the extension; PF4J calls this. */
    public UdpServerKind() {
        super(NAME, UdpServerConfig.class, "UDP server that echoes, discards or forwards datagrams, with socket"
                + " options and multicast groups", UdpServerProcess::new);
    }
}
