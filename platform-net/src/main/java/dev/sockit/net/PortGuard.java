package dev.sockit.net;

import dev.sockit.api.PortCheck;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.Protocol;
import dev.sockit.api.SockitException;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.function.Function;

/**
 * The port check around a server's bind, the same for every protocol: before the bind, a port that is taken
 * ({@link ProcessContext#checkPort}: by a process of this runtime, or by a program the operating system names) fails
 * the start with {@link PortInUseException}, audited; after a bind that failed because the address is in use (taken
 * between the check and the bind), a second look names the holder. Futures complete on the given context.
 */
public final class PortGuard {

    private PortGuard() {
    }

    /**
     * Checks that {@code host:port} is free for {@code protocol}. A taken port is audited as an {@code error} at
     * {@code configured} and fails with {@link PortInUseException}; a check that cannot run fails with a
     * {@link SockitException} saying so, in the words of {@code reason}.
     */
    public static Future<PortCheck> requireFree(ProcessContext<?> ctx, Context on, Protocol protocol, String host,
                                                int port, String configured, Function<Throwable, String> reason) {
        return BindOrJoin.on(on, ctx.checkPort(protocol, host, port))
                .recover(e -> Future.failedFuture(new SockitException("cannot check whether " + protocol.json()
                        + " port " + port + " on " + host + " is free: " + reason.apply(e), e)))
                .compose(check -> {
                    if (!check.free()) {
                        ctx.journal().on(protocol).failed(configured, check.message());
                        return Future.failedFuture(new PortInUseException(check));
                    }
                    return Future.succeededFuture(check);
                });
    }

    /**
     * The failure of a bind that failed with {@code cause}: when the address was in use, a second look at
     * {@code host:port} names the holder ({@link PortInUseException}); otherwise, or when the look finds the port
     * free again, {@code failure}.
     */
    public static <T> Future<T> afterFailedBind(ProcessContext<?> ctx, Context on, Protocol protocol, String host,
                                                int port, Throwable cause, Throwable failure) {
        if (!PortInUseException.isAddressInUse(cause)) {
            return Future.failedFuture(failure);
        }
        return BindOrJoin.on(on, ctx.checkPort(protocol, host, port))
                .transform(ar -> {
                    PortCheck check = ar.succeeded() ? ar.result() : null;
                    return Future.failedFuture(check != null && !check.free() ? new PortInUseException(check)
                            : failure);
                });
    }
}
