package dev.sockit.plugin.tcp;

import dev.sockit.api.Endpoint;
import dev.sockit.api.spi.BasicProcessKind;
import org.pf4j.Extension;

import java.util.List;
import java.util.Map;

/**
 * The {@code tcp-server} process kind: a TCP or unix-socket listener that echoes, discards, generates characters,
 * tells the time or forwards its connections to another process.
 */
@Extension
public final class TcpServerKind extends BasicProcessKind<TcpServerConfig> {

    /** The name configs use in {@code kind:}. */
    public static final String NAME = "tcp-server";

    /** Creates the extension; PF4J calls this. */
    public TcpServerKind() {
        super(NAME, TcpServerConfig.class, "TCP server (echo, discard, chargen, daytime, forward) with socket"
                + " options, limits, TLS and unix sockets", TcpServerProcess::new);
    }

    /** The listener: {@code host:port}, or the unix socket at {@code path}. */
    @Override
    public List<Endpoint> endpoints(TcpServerConfig config) {
        return List.of(config.isUnixSocket() ? Endpoint.unix(config.path())
                : Endpoint.tcp(config.host(), config.port()));
    }

    /** {@code forwardTo} with handler {@code forward}: the process that receives what this one forwards. */
    @Override
    public Map<String, String> processReferences(TcpServerConfig config) {
        return reference("forwardTo", config.forwardTo());
    }
}
