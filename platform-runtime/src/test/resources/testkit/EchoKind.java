package dev.sockit.testkit;

import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/** A minimal TCP echo, to show that other processes keep serving. */
@Extension
public final class EchoKind implements ProcessKind<PortConfig> {

    @Override
    public String name() {
        return "test-echo";
    }

    @Override
    public Class<PortConfig> configType() {
        return PortConfig.class;
    }

    @Override
    public SockitProcess create(ProcessContext<PortConfig> ctx) {
        return new SockitProcess() {
            private volatile int port;

            @Override
            public Deployable newInstance() {
                return new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        return vertx.createNetServer()
                                .connectHandler(s -> s.handler(s::write))
                                .listen(ctx.config().port(), ctx.config().host())
                                .onSuccess(server -> port = server.actualPort());
                    }
                };
            }

            @Override
            public String address() {
                return port == 0 ? "" : ctx.config().host() + ":" + port;
            }

            @Override
            public JsonObject status() {
                return new JsonObject().put("port", port).put("transport", ctx.transport().json());
            }
        };
    }
}
