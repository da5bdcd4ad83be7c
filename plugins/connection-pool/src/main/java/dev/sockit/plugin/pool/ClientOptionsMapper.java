package dev.sockit.plugin.pool;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import dev.sockit.net.OptionReport;
import dev.sockit.net.VertxOptionSetters;
import io.vertx.core.net.NetClientOptions;

/**
 * Maps the options of a pool's connections ({@link SocketOptions}, only those of a TCP connection: the config
 * refuses the rest) onto Vert.x {@link NetClientOptions} for the transport in use. One the transport cannot apply
 * is listed as ignored with the reason, for the process to warn about; which transports apply which option is
 * {@link SocketOptionTable}'s to say, and the Vert.x setter of each {@link VertxOptionSetters}'. A connection has
 * no option of its own beyond those: this mapper adds only its reason for TCP_NOTSENT_LOWAT. Opens no socket.
 */
final class ClientOptionsMapper {

    private ClientOptionsMapper() {
    }

    /** The client options for {@code options} on {@code transport}, and what was and was not applied. */
    static Mapping map(SocketOptions options, Transport transport) {
        NetClientOptions client = new NetClientOptions();
        OptionReport report = VertxOptionSetters.map(options, transport, client, ClientOptionsMapper::reasonAgainst);
        return new Mapping(client, report);
    }

    /** Why {@code key} is not applied to a connection, before the transport is asked; {@code null} when it is. */
    private static String reasonAgainst(OptionKey<?> key) {
        return key == SocketOptionTable.TCP_NOT_SENT_LOWAT
                ? "Vert.x cannot set " + key.nativeName() + " on a client connection"
                : null;
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
