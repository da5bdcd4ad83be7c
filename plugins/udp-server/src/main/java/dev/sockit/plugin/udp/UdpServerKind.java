package dev.sockit.plugin.udp;

import dev.sockit.api.Endpoint;
import dev.sockit.api.spi.BasicProcessKind;
import org.pf4j.Extension;

import java.util.List;
import java.util.Map;

/** The {@code udp-server} process kind: a UDP socket that echoes, discards or forwards what it receives. */
@Extension
public final class UdpServerKind extends BasicProcessKind<UdpServerConfig> {

    /** The name configs use in {@code kind:}. */
    public static final String NAME = "udp-server";

    /** Creates the extension; PF4J calls this. */
    public UdpServerKind() {
        super(NAME, UdpServerConfig.class, "UDP server that echoes, discards or forwards datagrams, with socket"
                + " options and multicast groups", UdpServerProcess::new);
    }

    /** The socket: {@code host:port}. */
    @Override
    public List<Endpoint> endpoints(UdpServerConfig config) {
        return List.of(Endpoint.udp(config.host(), config.port()));
    }

    /** {@code forwardTo} with handler {@code forward}: the process that receives what this one forwards. */
    @Override
    public Map<String, String> processReferences(UdpServerConfig config) {
        return reference("forwardTo", config.forwardTo());
    }
}
