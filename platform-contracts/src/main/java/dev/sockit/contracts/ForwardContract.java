package dev.sockit.contracts;

import dev.sockit.api.Addresses;

/**
 * The event-bus contract of {@code handler: forward} in the {@code tcp-server} and {@code udp-server} plugins: where
 * they hand connections and datagrams to another process, and where that process writes back.
 *
 * <ul>
 *   <li>A {@code tcp-server} sends {@code opened}, {@code data} and {@code closed} messages for each connection to
 *       {@code sockit.<forwardTo>.connection} ({@link #VERB_CONNECTION}); bytes for the connection go back to its
 *       {@link #connectionWrite write address}.</li>
 *   <li>A {@code udp-server} sends each datagram to {@code sockit.<forwardTo>.datagram} ({@link #VERB_DATAGRAM}).</li>
 * </ul>
 * The bodies are described in docs/tcp-server.md and docs/udp-server.md. These are node-local short addresses
 * ({@link Addresses}): the forwarding process and its target run in the same runtime.
 */
public final class ForwardContract {

    /** The verb a {@code tcp-server} with {@code handler: forward} hands its connections to. */
    public static final String VERB_CONNECTION = "connection";
    /** The verb of a forwarded connection's write-back address: see {@link #connectionWrite(String, long)}. */
    public static final String VERB_WRITE = "write";
    /** The verb a {@code udp-server} with {@code handler: forward} sends each datagram to. */
    public static final String VERB_DATAGRAM = "datagram";

    private ForwardContract() {
    }

    /** {@code sockit.<forwardTo>.connection}: where a {@code tcp-server} forwards its connections. */
    public static String connection(String forwardTo) {
        return Addresses.request(forwardTo, VERB_CONNECTION);
    }

    /** {@code sockit.<forwardTo>.datagram}: where a {@code udp-server} forwards its datagrams. */
    public static String datagram(String forwardTo) {
        return Addresses.request(forwardTo, VERB_DATAGRAM);
    }

    /**
     * {@code sockit.<processId>.write.<connectionId>}: where bytes for one forwarded connection are sent back to
     * the process that owns it.
     */
    public static String connectionWrite(String processId, long connectionId) {
        return Addresses.request(processId, VERB_WRITE) + "." + connectionId;
    }
}
