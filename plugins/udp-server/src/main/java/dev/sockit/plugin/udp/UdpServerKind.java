package dev.sockit.plugin.udp;

import dev.sockit.api.Endpoint;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import org.pf4j.Extension;

import java.util.List;

/** The {@code udp-server} process kind: a UDP socket that echoes, discards or forwards what it receives. */
@Extension
public final class UdpServerKind implements ProcessKind<UdpServerConfig> {

    /** The name configs use in {@code kind:}. */
    public static final String NAME = "udp-server";

    /** Creates the extension; PF4J calls this. */
    public UdpServerKind() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<UdpServerConfig> configType() {
        return UdpServerConfig.class;
    }

    @Override
    public String description() {
        return "UDP server that echoes, discards or forwards datagrams, with socket options and multicast groups";
    }

    /** The socket: {@code host:port}. */
    @Override
    public List<Endpoint> endpoints(UdpServerConfig config) {
        return List.of(Endpoint.udp(config.host(), config.port()));
    }

    @Override
    public SockitProcess create(ProcessContext<UdpServerConfig> context) {
        return new UdpServerProcess(context);
    }
}
