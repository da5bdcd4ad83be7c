package dev.sockit.plugin.tcp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 867 daytime: as the connection opens, sends the current date and time in UTC as one line of ASCII ending in
 * CRLF, {@code Tuesday, November 24, 2026 13:55:51-UTC}, then closes. What the peer sends is counted and dropped.
 * It runs as a Netty handler, {@link DaytimeChannelHandler}, in the connection's pipeline.
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
        connection.addService(PIPELINE_NAME, new DaytimeChannelHandler(line(Instant.now())));
    }
}
