package dev.sockit.plugin.eventhandler;

/**
 * The wire names of the forward contract, version 2, as a consumer reads them (docs/tcp-server.md, "forward"):
 * message headers, their values and the keys of the {@code opened} reply.
 */
final class ForwardV2 {

    /** The contract version this consumer speaks. */
    static final String VERSION = "2";

    static final String HEADER_TYPE = "type";
    static final String HEADER_PROCESS = "process";
    static final String HEADER_CONNECTION_ID = "connectionId";
    static final String HEADER_VERSION = "version";
    static final String HEADER_PEER = "peer";
    static final String HEADER_LOCAL = "local";
    static final String HEADER_CLOSE = "close";

    static final String TYPE_OPENED = "opened";
    static final String TYPE_DATA = "data";
    static final String TYPE_CLOSED = "closed";
    static final String TYPE_DATAGRAM = "datagram";

    static final String REPLY_CODEC = "codec";
    static final String REPLY_MAX_IN_FLIGHT = "maxInFlight";
    /** How long the server waits for a {@code data} answer, in milliseconds (default 30 s). */
    static final String REPLY_TIMEOUT = "replyTimeout";
    /** The largest {@link #REPLY_TIMEOUT} a server accepts. */
    static final long MAX_REPLY_TIMEOUT_MS = 600_000;

    /** The failure code of a message this consumer cannot read (wrong version, missing header). */
    static final int FAILURE_BAD_MESSAGE = 400;
    /** The failure code of a frame whose chain failed with {@code onError: close}. */
    static final int FAILURE_HANDLER = 500;

    private ForwardV2() {
    }
}
