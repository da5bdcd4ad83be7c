package dev.sockit.plugin.udp;

import dev.sockit.api.Endpoint;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import org.pf4j.Extension;

import java.util.List;
import java.util.Map;

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

    /** {@code forwardTo} with handler {@code forward}: the process that receives what this one forwards. */
    @Override
    public Map<String, String> processReferences(UdpServerConfig config) {
        return config.forwardTo() == null ? Map.of() : Map.of("forwardTo", config.forwardTo());
    }

    @Override
    public SockitProcess create(ProcessContext<UdpServerConfig> context) {
        return new UdpServerProcess(context);
    }
}
