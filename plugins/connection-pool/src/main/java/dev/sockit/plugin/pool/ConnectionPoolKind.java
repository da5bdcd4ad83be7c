package dev.sockit.plugin.pool;

import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.spi.BasicProcessKind;
import dev.sockit.contracts.PoolContract;
import org.pf4j.Extension;

import java.util.Map;

/** The {@code connection-pool} process kind: framed request/response to backends through a pool of connections. */
@Extension
public final class ConnectionPoolKind extends BasicProcessKind<ConnectionPoolConfig> {

    /** Creates the extension; PF4J calls this. */
    public ConnectionPoolKind() {
        super(PoolContract.KIND, ConnectionPoolConfig.class,
                "A pool of client connections: one framed request out, one framed response back (send, stats)",
                ConnectionPoolProcess::new);
    }

    /** {@code codec}: created by the runtime when it loads the config, so a bad one is a config error there. */
    @Override
    public Map<String, CodecSpec> codecs(ConnectionPoolConfig config) {
        return Map.of("codec", config.codec());
    }

    /** {@code explainWith}: the analyzer whose explain verb words connect errors. */
    @Override
    public Map<String, String> processReferences(ConnectionPoolConfig config) {
        return reference("explainWith", config.explainWith());
    }
}
