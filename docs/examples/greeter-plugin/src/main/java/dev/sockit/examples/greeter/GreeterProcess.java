package dev.sockit.examples.greeter;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.HostPort;
import dev.sockit.api.Journal;
import dev.sockit.api.OptionKey;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.Protocol;
import dev.sockit.api.Result;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.atomic.AtomicLong;

import static dev.sockit.api.SocketOptionTable.RECEIVE_BUFFER_SIZE;
import static dev.sockit.api.SocketOptionTable.TCP_NO_DELAY;
import static dev.sockit.examples.greeter.GreetRequest.GREET;

/** A greeter: listens with its socket options, greets each client and closes, answers {@code greet}, journals. */
final class GreeterProcess implements SockitProcess {

    private final ProcessContext<GreeterConfig> ctx;
    private final Journal journal;                      // audit line + event, one call per socket event
    private final AtomicLong greeted = new AtomicLong();
    private volatile int port;

    GreeterProcess(ProcessContext<GreeterConfig> ctx) {
        this.ctx = ctx;
        this.journal = ctx.journal().on(Protocol.TCP);
    }

    @Override
    public Deployable newInstance() {
        return new VerticleBase() {
            private NetServer server;

            @Override
            public Future<?> start() {
                GreeterConfig cfg = ctx.config();
                SocketOptions opts = cfg.options();
                NetServerOptions net = new NetServerOptions().setHost(cfg.host()).setPort(cfg.port());
                if (opts.isSet(TCP_NO_DELAY)) net.setTcpNoDelay(opts.get(TCP_NO_DELAY));
                if (opts.isSet(RECEIVE_BUFFER_SIZE)) net.setReceiveBufferSize(opts.get(RECEIVE_BUFFER_SIZE));
                return ctx.checkPort(Protocol.TCP, cfg.host(), cfg.port()).compose(check -> check.free()
                        ? vertx.createNetServer(net).connectHandler(GreeterProcess.this::greet).listen()
                        : Future.failedFuture(new PortInUseException(check))
                ).compose(listening -> {
                    server = listening;
                    port = listening.actualPort();
                    journal.listening(address(), "");
                    for (OptionKey<?> key : opts.keys()) {
                        journal.optionSet(address(), "", key.name(), opts.get(key), null);
                    }
                    return ctx.serve(GREET, GreeterProcess.this::answer).completion();
                });
            }

            @Override
            public Future<?> stop() {
                return server.close().onSuccess(v -> journal.listenerClosed(address(), "greeted=" + greeted.get()));
            }
        };
    }

    private void greet(NetSocket socket) {
        long id = greeted.incrementAndGet();
        String remote = HostPort.of(socket.remoteAddress().host(), socket.remoteAddress().port()).toString();
        Buffer line = Buffer.buffer(ctx.config().greeting() + "\n");
        AtomicLong in = new AtomicLong();
        journal.accepted(id, address(), remote);
        socket.handler(bytes -> in.addAndGet(bytes.length()));
        socket.closeHandler(v -> journal.closed(id, address(), remote, in.get(), line.length(), ""));
        socket.end(line);
    }

    private Result answer(GreetRequest request) {
        if (request.name() == null || request.name().isBlank()) {
            throw new BadRequestException("greet: name is missing (expected: who to greet, {\"name\": \"ada\"})");
        }
        return Result.builder("greet", request.name()).address(address())
                .finding(ctx.config().greeting() + ", " + request.name()).build();
    }

    @Override
    public String address() {
        return port == 0 ? "" : HostPort.of(ctx.config().host(), port).toString();
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("greeted", greeted.get()).put("greeting", ctx.config().greeting());
    }
}
