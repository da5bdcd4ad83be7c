package dev.sockit.plugin.pool;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import dev.sockit.net.OptionReport;
import io.vertx.core.net.NetClientOptions;

/**
 * Maps the options of a pool's connections ({@link SocketOptions}, only those of a TCP connection: the config
 * refuses the rest) onto Vert.x {@link NetClientOptions} for the transport in use. One the transport cannot apply
 * is listed as ignored with the reason, for the process to warn about; which transports apply which option is
 * {@link SocketOptionTable}'s to say. Opens no socket.
 */
final class ClientOptionsMapper {

    private ClientOptionsMapper() {
    }

    /** The client options for {@code options} on {@code transport}, and what was and was not applied. */
    static Mapping map(SocketOptions options, Transport transport) {
        NetClientOptions client = new NetClientOptions();
        OptionReport.Builder report = new OptionReport.Builder();
        for (OptionKey<?> key : options.keys()) {
            String reason = key == SocketOptionTable.TCP_NOT_SENT_LOWAT
                    ? "Vert.x cannot set " + key.nativeName() + " on a client connection"
                    : key.support().reasonAgainst(transport);
            if (reason != null) {
                report.ignored(key.name(), reason);
            } else {
                report.applied(key.name(), apply(client, key, options));
            }
        }
        return new Mapping(client, report.build());
    }

    private static <T> String apply(NetClientOptions client, OptionKey<T> key, SocketOptions options) {
        T value = options.get(key);
        long kernel = key.toKernel(value);
        int number = (int) kernel;
        boolean on = kernel != 0;
        if (key == SocketOptionTable.TCP_NO_DELAY) {
            client.setTcpNoDelay(on);
        } else if (key == SocketOptionTable.KEEP_ALIVE) {
            client.setTcpKeepAlive(on);
        } else if (key == SocketOptionTable.KEEP_ALIVE_IDLE) {
            client.setTcpKeepAliveIdleSeconds(number);
        } else if (key == SocketOptionTable.KEEP_ALIVE_INTERVAL) {
            client.setTcpKeepAliveIntervalSeconds(number);
        } else if (key == SocketOptionTable.KEEP_ALIVE_COUNT) {
            client.setTcpKeepAliveCount(number);
        } else if (key == SocketOptionTable.SO_LINGER) {
            client.setSoLinger(number);
        } else if (key == SocketOptionTable.SEND_BUFFER_SIZE) {
            client.setSendBufferSize(number);
        } else if (key == SocketOptionTable.RECEIVE_BUFFER_SIZE) {
            client.setReceiveBufferSize(number);
        } else if (key == SocketOptionTable.TRAFFIC_CLASS) {
            client.setTrafficClass(number);
        } else if (key == SocketOptionTable.TCP_QUICK_ACK) {
            client.setTcpQuickAck(on);
        } else if (key == SocketOptionTable.TCP_CORK) {
            client.setTcpCork(on);
        } else if (key == SocketOptionTable.TCP_USER_TIMEOUT) {
            client.setTcpUserTimeout(number);
        } else {
            throw new IllegalStateException("no NetClientOptions setter for " + key);
        }
        return key.type() == OptionKey.Type.DURATION ? String.valueOf(key.configForm(kernel)) : value.toString();
    }

    /**
     * The outcome of a mapping.
     *
     * @param client the options set; a copy is handed out, to be completed with timeouts and TLS
     * @param report what was set and what was not, with the reason
     */
    record Mapping(NetClientOptions client, OptionReport report) {

        @Override
        public NetClientOptions client() {
            return new NetClientOptions(client);
        }
    }
}
