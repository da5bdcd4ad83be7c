package dev.sockit.plugin.tcp;

import dev.sockit.api.spi.ProcessContext;

/**
 * What a {@code tcp-server} does with one connection: one handler per accepted connection, created by the
 * {@link Factory} of the configured {@link TcpServerConfig.Handler}, called only on the connection's event loop.
 * Each puts a Netty handler of its own into the connection's pipeline ({@link TcpConnection#addService}), after
 * the connection's {@link ByteCountingHandler}, which counts every byte in and out; none of them counts.
 */
interface ConnectionHandler {

    /** Called once, after the connection is set up (its byte counter in place) and before anything is read. */
    void start();

    /** The server is stopping: finish what is owed and close. By default the socket is ended at once. */
    default void shutdown(TcpConnection connection) {
        connection.socket().end();
    }

    /** The connection has closed; release what {@link #start()} took. */
    default void closed() {
    }

    /** Creates the handler of each accepted connection. */
    @FunctionalInterface
    interface Factory {

        /** A new handler for {@code connection}. */
        ConnectionHandler create(TcpConnection connection);

        /** The factory of the handler {@code config} names, for the process of {@code ctx}. */
        static Factory of(TcpServerConfig config, ProcessContext<?> ctx) {
            var vertx = ctx.vertx();
            return switch (config.handler()) {
                case ECHO -> c -> new EchoHandler(c, vertx);
                case DISCARD -> DiscardHandler::new;
                case CHARGEN -> ChargenHandler::new;
                case DAYTIME -> DaytimeHandler::new;
                case FORWARD -> {
                    var codecs = ForwardHandler.codecsOf(ctx);
                    yield c -> new ForwardHandler(c, vertx.eventBus(), codecs, ctx.id(), config.forwardTo());
                }
            };
        }
    }
}
