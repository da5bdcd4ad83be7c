package dev.sockit.plugin.tcp;

import io.vertx.core.buffer.Buffer;

/** Drops every byte (RFC 863); the connection has counted them. Holds no state, so one serves all. */
final class DiscardHandler implements ConnectionHandler {

    /** The one instance. */
    static final DiscardHandler INSTANCE = new DiscardHandler();

    private DiscardHandler() {
    }

    @Override
    public void start() {
    }

    @Override
    public int received(Buffer buffer) {
        return 0;
    }
}
