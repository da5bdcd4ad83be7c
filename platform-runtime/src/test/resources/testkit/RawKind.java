package dev.sockit.testkit;

import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.pf4j.Extension;

/** A kind that declares raw sockets; it opens none. */
@Extension
public final class RawKind implements ProcessKind<PortConfig> {

    @Override
    public String name() {
        return "raw-probe";
    }

    @Override
    public Class<PortConfig> configType() {
        return PortConfig.class;
    }

    @Override
    public boolean usesRawSockets() {
        return true;
    }

    @Override
    public SockitProcess create(ProcessContext<PortConfig> ctx) {
        return () -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return Future.succeededFuture();
            }
        };
    }
}
