package dev.sockit.plugin.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 867 daytime: as the connection opens, sends the current date and time in UTC as one line of ASCII ending in
 * CRLF, {@code Tuesday, November 24, 2026 13:55:51-UTC}, then closes. What the peer sends is counted and dropped.
 * On a Vert.x socket that exposes its Netty pipeline ({@link NetSocketInternal}) this runs as a Netty handler,
 * {@link DaytimeChannelHandler}, placed just before Vert.x's own as the echo's is; on any other socket through Vert.x.
 */
final class DaytimeHandler implements ConnectionHandler {

    /** The line's format, without CRLF; English names whatever the default locale. */
    static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("EEEE, MMMM d, yyyy HH:mm:ss'-UTC'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final String PIPELINE_NAME = "sockit-daytime";

    private final TcpConnection connection;

    DaytimeHandler(TcpConnection connection) {
        this.connection = connection;
    }

    /** The line sent for {@code instant}, with CRLF. */
    static String line(Instant instant) {
        return FORMAT.format(instant) + "\r\n";
    }

    @Override
    public void start() {
        if (connection.socket() instanceof NetSocketInternal internal) {
            ChannelHandlerContext vertxCtx = internal.channelHandlerContext();
            vertxCtx.pipeline().addBefore(vertxCtx.name(), PIPELINE_NAME,
                    new DaytimeChannelHandler(line(Instant.now()), connection::receivedDirect, connection::sent));
            return;
        }
        Buffer line = Buffer.buffer(line(Instant.now()).getBytes(StandardCharsets.US_ASCII));
        connection.socket().write(line);
        connection.sent(line.length());
        connection.socket().end();
    }

    @Override
    public int received(Buffer buffer) {
        return 0;
    }
}
