package dev.sockit.api;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.Locale;

/**
 * The Netty transport a Vert.x instance runs on, as {@link dev.sockit.api.spi.ProcessContext#transport()} reports
 * it: what decides which socket options a server can apply (a native transport applies SO_REUSEPORT,
 * TCP_FASTOPEN…; NIO does not).
 */
public enum Transport {
    /** Java NIO: every platform, only the options the JDK knows. */
    NIO,
    /** Linux epoll (native). */
    EPOLL,
    /** Linux io_uring (native). */
    IO_URING,
    /** BSD and macOS kqueue (native). */
    KQUEUE;

    /** The name in configs, JSON and messages: {@code nio}, {@code epoll}, {@code io_uring}, {@code kqueue}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is a native transport (epoll, io_uring, kqueue): one that applies native-only options. */
    public boolean isNative() {
        return this != NIO;
    }

    /** Whether this is a Linux native transport (epoll, io_uring): one that applies Linux-only options. */
    public boolean isLinuxNative() {
        return this == EPOLL || this == IO_URING;
    }

    /** The transport named {@code json} ({@code epoll}); an {@link IllegalArgumentException} names the choices. */
    public static Transport ofJson(String json) {
        for (Transport t : values()) {
            if (t.json().equals(json)) {
                return t;
            }
        }
        throw new IllegalArgumentException(Checks.quote(json) + " is not a transport (expected one of: nio, epoll,"
                + " io_uring, kqueue)");
    }

    /** The sockit name of a Vert.x transport. */
    public static Transport of(io.vertx.core.transport.Transport vertxTransport) {
        return ofJson(vertxTransport.name().toLowerCase(Locale.ROOT));
    }

    /**
     * The transport {@code vertx} runs on, found by the class of the implementation it uses: Vert.x's own
     * {@code isNativeTransportEnabled()} tells only whether it is a native one.
     */
    public static Transport of(Vertx vertx) {
        Class<?> running = ((VertxInternal) vertx).transport().getClass();
        io.vertx.core.transport.Transport[] known = {io.vertx.core.transport.Transport.EPOLL,
                io.vertx.core.transport.Transport.IO_URING, io.vertx.core.transport.Transport.KQUEUE};
        for (io.vertx.core.transport.Transport t : known) {
            if (t != null && t.available() && t.implementation().getClass() == running) {
                return of(t);
            }
        }
        return NIO;
    }
}
