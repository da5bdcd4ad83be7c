package dev.sockit.contracts;

import dev.sockit.api.Addresses;

/**
 * Version {@value #VERSION} of the event-bus contract of {@code handler: forward} in the {@code tcp-server} and
 * {@code udp-server} plugins: how they hand connections, frames and datagrams to another process, and how that
 * process answers. Any plugin can be a consumer; docs/tcp-server.md and docs/udp-server.md tell it in full.
 *
 * <p>Every message has a {@link io.vertx.core.buffer.Buffer Buffer} body and says what it is in its headers:
 * {@link #HEADER_TYPE}, {@link #HEADER_PROCESS}, {@link #HEADER_VERSION}, and {@link #HEADER_CONNECTION_ID} (tcp)
 * or {@link #HEADER_PEER} and {@link #HEADER_LOCAL} (udp).
 *
 * <ul>
 *   <li><b>tcp</b>: to {@code sockit.<forwardTo>.connection} ({@link #connection(String)}), per connection:
 *     <ul>
 *       <li>{@link #TYPE_OPENED}, a request, body UTF-8 JSON {@code {"local","remote","writeAddress"}}. Nothing is
 *           read from the socket before its reply. The reply accepts the connection; its body (UTF-8 JSON, empty
 *           meaning {@code {}}) may name the {@link #OPENED_CODEC codec} (a {@code CodecSpec} in JSON, default
 *           {@code raw}), {@link #OPENED_MAX_IN_FLIGHT maxInFlight} (default {@value #DEFAULT_MAX_IN_FLIGHT},
 *           {@value #MIN_MAX_IN_FLIGHT}..{@value #MAX_MAX_IN_FLIGHT}) and {@link #OPENED_REPLY_TIMEOUT replyTimeout}
 *           (milliseconds a {@code data} reply may take, default {@value #DEFAULT_REPLY_TIMEOUT_MS}). A failed
 *           reply refuses the connection; no consumer, or no reply within {@value #OPENED_REPLY_TIMEOUT_MS} ms,
 *           closes it.</li>
 *       <li>{@link #TYPE_DATA}, a request per whole frame the codec decoded in the connection's pipeline; body =
 *           the frame's payload. The reply's body is written back through the codec's encoder (no body:
 *           nothing; an empty body: an empty frame); a reply header {@link #HEADER_CLOSE close: true} closes the connection after the write.
 *           A failed or timed-out reply closes the connection. At most {@code maxInFlight} requests are
 *           outstanding per connection (the socket stops reading at the bound); replies are written in request
 *           order.</li>
 *       <li>{@link #TYPE_CLOSED}, a send after the connection closed (once, if {@code opened} was sent): body JSON
 *           {@code {"bytesIn","bytesOut","reason"}}.</li>
 *     </ul>
 *     Unsolicited writes go to the connection's write address ({@link #connectionWrite(String, long)}): a Buffer
 *     body, written through the encoder, header {@code close: true} optional; a write to a connection that is not
 *     writable fails with {@value #FAILURE_NOT_WRITABLE}.</li>
 *   <li><b>udp</b>: each datagram is a request ({@link #TYPE_DATAGRAM}) to {@code sockit.<forwardTo>.datagram}
 *       ({@link #datagram(String)}); body = the datagram; a non-empty reply body is sent back to the peer. At most
 *       {@code maxInFlight} (a udp-server config key) are outstanding per socket; reading stops at the bound.</li>
 * </ul>
 * These are node-local short addresses ({@link Addresses}): the forwarding process and its consumer run in the
 * same runtime.
 *
 * <p>Beyond the shared contract of issue 11: the optional {@link #OPENED_REPLY_TIMEOUT replyTimeout} of the
 * {@code opened} reply, so that a consumer whose work takes long (a route with a long timeout) is not cut off by
 * the server's default.
 */
public final class ForwardContract {

    /** The version of this contract, sent in every message's {@link #HEADER_VERSION} header. */
    public static final int VERSION = 2;

    /** The verb a {@code tcp-server} with {@code handler: forward} hands its connections to. */
    public static final String VERB_CONNECTION = "connection";
    /** The verb of a forwarded connection's write-back address: see {@link #connectionWrite(String, long)}. */
    public static final String VERB_WRITE = "write";
    /** The verb a {@code udp-server} with {@code handler: forward} sends each datagram to. */
    public static final String VERB_DATAGRAM = "datagram";

    /** Header: what the message is ({@link #TYPE_OPENED}, {@link #TYPE_DATA}, {@link #TYPE_CLOSED}, ...). */
    public static final String HEADER_TYPE = "type";
    /** Header: the id of the forwarding process. */
    public static final String HEADER_PROCESS = "process";
    /** Header (tcp): the connection's id, unique within the process, in decimal. */
    public static final String HEADER_CONNECTION_ID = "connectionId";
    /** Header: the contract's {@link #VERSION}, in decimal. */
    public static final String HEADER_VERSION = "version";
    /** Header of a {@code data} reply or a write: {@code true} closes the connection after writing the body. */
    public static final String HEADER_CLOSE = "close";
    /** Header (udp): the datagram's sender, {@code host:port} ({@code [::1]:5353} for IPv6). */
    public static final String HEADER_PEER = "peer";
    /** Header (udp): the address the socket is bound to, {@code host:port}. */
    public static final String HEADER_LOCAL = "local";

    /** Type of the request that announces a connection. */
    public static final String TYPE_OPENED = "opened";
    /** Type of the request that carries one frame. */
    public static final String TYPE_DATA = "data";
    /** Type of the message sent once a connection has closed. */
    public static final String TYPE_CLOSED = "closed";
    /** Type of the request that carries one datagram. */
    public static final String TYPE_DATAGRAM = "datagram";

    /** Key of the {@code opened} body: the local address. */
    public static final String OPENED_LOCAL = "local";
    /** Key of the {@code opened} body: the peer's address. */
    public static final String OPENED_REMOTE = "remote";
    /** Key of the {@code opened} body: the connection's write address. */
    public static final String OPENED_WRITE_ADDRESS = "writeAddress";
    /** Key of the {@code opened} reply: the codec of the connection, a {@code CodecSpec} in JSON or a name. */
    public static final String OPENED_CODEC = "codec";
    /** Key of the {@code opened} reply: how many {@code data} requests may be outstanding. */
    public static final String OPENED_MAX_IN_FLIGHT = "maxInFlight";
    /** Key of the {@code opened} reply: how long a {@code data} reply may take, in milliseconds. */
    public static final String OPENED_REPLY_TIMEOUT = "replyTimeout";
    /** Key of the {@code closed} body: bytes received. */
    public static final String CLOSED_BYTES_IN = "bytesIn";
    /** Key of the {@code closed} body: bytes sent. */
    public static final String CLOSED_BYTES_OUT = "bytesOut";
    /** Key of the {@code closed} body: why the server closed it, empty when the peer did. */
    public static final String CLOSED_REASON = "reason";

    /** The codec of a connection whose {@code opened} reply names none. */
    public static final String DEFAULT_CODEC = "raw";
    /** {@code maxInFlight} when the {@code opened} reply (or the udp-server config) says nothing. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    /** The smallest {@code maxInFlight}. */
    public static final int MIN_MAX_IN_FLIGHT = 1;
    /** The largest {@code maxInFlight}. */
    public static final int MAX_MAX_IN_FLIGHT = 1024;
    /** How long the consumer may take to answer {@code opened}. */
    public static final long OPENED_REPLY_TIMEOUT_MS = 10_000;
    /** How long a {@code data} or {@code datagram} reply may take unless the {@code opened} reply says otherwise. */
    public static final long DEFAULT_REPLY_TIMEOUT_MS = 30_000;
    /** The largest {@code replyTimeout} an {@code opened} reply may ask for. */
    public static final long MAX_REPLY_TIMEOUT_MS = 600_000;
    /** The failure code of a write to a connection that cannot take it now (not writable, or closing). */
    public static final int FAILURE_NOT_WRITABLE = 503;

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
