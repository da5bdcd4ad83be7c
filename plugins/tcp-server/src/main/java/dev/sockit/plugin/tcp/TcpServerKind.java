package dev.sockit.plugin.tcp;

import dev.sockit.api.spi.ServerKind;
import org.pf4j.Extension;

/**
 * The {@code tcp-server} process kind: a TCP or unix-socket listener that echoes, discards, generates characters,
 * tells the time or forwards its connections to another process.
 */
@Extension
public final class TcpServerKind extends ServerKind<TcpServerConfig> {

    /** Creates the extension; PF4J calls this. */
    public TcpServerKind() {
        super("tcp-server", TcpServerConfig.class, "TCP server (echo, discard, chargen, daytime, forward) with socket"
                + " options, limits, TLS and unix sockets", TcpServerProcess::new);
    }
}
