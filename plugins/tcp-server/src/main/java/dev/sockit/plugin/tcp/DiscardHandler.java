package dev.sockit.plugin.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;

/**
 * Drops every byte (RFC 863). On a Vert.x socket that exposes its Netty pipeline ({@link NetSocketInternal}) the
 * discard runs as a Netty handler, {@link DiscardChannelHandler}, placed just before Vert.x's own, as the echo's
 * is: it counts and releases what it reads through {@link TcpConnection#receivedDirect(int)}. On any other socket
 * the connection counts what Vert.x hands to {@link #received(Buffer)}, which drops it.
 */
final class DiscardHandler implements ConnectionHandler {

    private static final String PIPELINE_NAME = "sockit-discard";

    private final TcpConnection connection;

    DiscardHandler(TcpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void start() {
        if (connection.socket() instanceof NetSocketInternal internal) {
            ChannelHandlerContext vertxCtx = internal.channelHandlerContext();
            vertxCtx.pipeline().addBefore(vertxCtx.name(), PIPELINE_NAME,
                    new DiscardChannelHandler(connection::receivedDirect));
        }
    }

    @Override
    public int received(Buffer buffer) {
        return 0;
    }
}
