package dev.sockit.plugin.tcp;

import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import org.pf4j.Extension;

/** The {@code tcp-server} process kind: a TCP listener that echoes or discards what it receives. */
@Extension
public final class TcpServerKind implements ProcessKind<TcpServerConfig> {

    /** The name configs use in {@code kind:}. */
    public static final String NAME = "tcp-server";

    /** Creates the extension; PF4J calls this. */
    public TcpServerKind() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<TcpServerConfig> configType() {
        return TcpServerConfig.class;
    }

    @Override
    public String description() {
        return "TCP server that echoes or discards, with socket options, a connection limit and an idle timeout";
    }

    @Override
    public SockitProcess create(ProcessContext<TcpServerConfig> context) {
        return new TcpServerProcess(context);
    }
}
