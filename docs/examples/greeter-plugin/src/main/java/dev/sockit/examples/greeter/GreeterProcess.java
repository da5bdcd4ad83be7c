package dev.sockit.examples.greeter;

import dev.sockit.api.AuditOp;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.Protocol;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.atomic.AtomicLong;

/** A greeter process: checks its port, listens, greets each client and closes, auditing each step. */
final class GreeterProcess implements SockitProcess {

    private final ProcessContext<GreeterConfig> ctx;
    private final Buffer greeting;
    private final AtomicLong greeted = new AtomicLong();
    private volatile int port;

    GreeterProcess(ProcessContext<GreeterConfig> ctx) {
        this.ctx = ctx;
        this.greeting = Buffer.buffer(ctx.config().greeting() + "\n");
    }

    @Override
    public Deployable newInstance() {
        return new VerticleBase() {
            private NetServer server;

            @Override
            public Future<?> start() {
                GreeterConfig cfg = ctx.config();
                return ctx.checkPort(Protocol.TCP, cfg.host(), cfg.port()).compose(check -> {
                    if (!check.free()) {
                        return Future.failedFuture(new PortInUseException(check));
                    }
                    server = vertx.createNetServer().connectHandler(GreeterProcess.this::greet);
                    return server.listen(cfg.port(), cfg.host());
                }).onSuccess(s -> {
                    port = s.actualPort();
                    ctx.audit().record(AuditOp.LISTEN, ctx.id(), Protocol.TCP, 0, address(), "", "");
                    ctx.logger().log(System.Logger.Level.INFO, "greeter ''{0}'' listening on {1}", ctx.id(), address());
                });
            }

            @Override
            public Future<?> stop() {
                return server == null ? Future.succeededFuture() : server.close();
            }
        };
    }

    private void greet(NetSocket socket) {
        long id = greeted.incrementAndGet();
        String remote = String.valueOf(socket.remoteAddress());
        ctx.audit().record(AuditOp.ACCEPT, ctx.id(), Protocol.TCP, id, address(), remote, "");
        socket.write(greeting).onComplete(done -> socket.close());
        socket.closeHandler(v -> ctx.audit().record(AuditOp.CLOSE, ctx.id(), Protocol.TCP, id, address(), remote, ""));
    }

    @Override
    public String address() {
        return port == 0 ? "" : ctx.config().host() + ":" + port;
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("greeted", greeted.get()).put("greeting", ctx.config().greeting());
    }
}
