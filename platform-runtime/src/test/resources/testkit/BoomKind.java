package dev.sockit.testkit;

import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.pf4j.Extension;

/** A process that throws in start. */
@Extension
public final class BoomKind implements ProcessKind<PortConfig> {

    @Override
    public String name() {
        return "boom";
    }

    @Override
    public Class<PortConfig> configType() {
        return PortConfig.class;
    }

    @Override
    public SockitProcess create(ProcessContext<PortConfig> ctx) {
        return () -> new VerticleBase() {
            @Override
            public Future<?> start() {
                throw new IllegalStateException("boom in start");
            }
        };
    }
}
