package dev.sockit.plugin.tcp;

/**
 * Drops every byte (RFC 863), as a Netty handler, {@link DiscardChannelHandler}, in the connection's pipeline: it
 * releases what it reads, never copied into Vert.x buffers. The connection's byte counter counts it.
 */
final class DiscardHandler implements ConnectionHandler {

    private static final String PIPELINE_NAME = "sockit-discard";

    private final TcpConnection connection;

    DiscardHandler(TcpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void start() {
        connection.addService(PIPELINE_NAME, new DiscardChannelHandler());
    }
}
