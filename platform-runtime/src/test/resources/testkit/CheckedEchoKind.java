package dev.sockit.testkit;

import dev.sockit.api.PortInUseException;
import dev.sockit.api.Protocol;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.pf4j.Extension;

/**
 * A TCP echo that declares no endpoints, as a third-party kind may, but checks its port before it listens, as the
 * API asks: the runtime's port check is then all that keeps two processes off one address.
 */
@Extension
public final class CheckedEchoKind implements ProcessKind<PortConfig> {

    @Override
    public String name() {
        return "checked-echo";
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
                PortConfig config = ctx.config();
                return ctx.checkPort(Protocol.TCP, config.host(), config.port()).compose(check -> check.free()
                        ? vertx.createNetServer().connectHandler(s -> s.handler(s::write))
                                .listen(config.port(), config.host())
                        : Future.failedFuture(new PortInUseException(check)));
            }
        };
    }
}
