package dev.sockit.api;

/**
 * Event-bus addresses. Requests go to {@code sockit.<processId>.<verb>} and are answered with a
 * {@link Result}; events are published to {@code sockit.events.<processId>}.
 */
public final class Addresses {

    /** The prefix of every sockit address. */
    public static final String PREFIX = "sockit.";
    /** The prefix of event addresses; the process id follows. */
    public static final String EVENTS_PREFIX = PREFIX + "events.";
    /** The runtime's process service: {@code {"action": "list"}} or {@code {"action": "status", "id": …}}. */
    public static final String RUNTIME_PROCESSES = PREFIX + "runtime.processes";
    /** The runtime's plugin service: {@code {"action": "list"}}. */
    public static final String RUNTIME_PLUGINS = PREFIX + "runtime.plugins";

    /** The verb every process answers with its state and statistics. */
    public static final String VERB_STATUS = "status";
    /**
     * The verb a {@code tcp-server} with {@code handler: forward} hands its connections to:
     * {@code sockit.<forwardTo>.connection} receives {@code opened}, {@code data} and {@code closed} messages.
     */
    public static final String VERB_CONNECTION = "connection";
    /** The verb of a forwarded connection's write-back address: see {@link #connectionWrite(String, long)}. */
    public static final String VERB_WRITE = "write";
    /** The verb a {@code udp-server} with {@code handler: forward} sends each datagram to. */
    public static final String VERB_DATAGRAM = "datagram";

    /** Failure code of a request naming an unknown action or process. */
    public static final int FAILURE_BAD_REQUEST = 400;
    /** Failure code of a request to a process that does not exist. */
    public static final int FAILURE_NOT_FOUND = 404;
    /** Failure code of a request that failed inside its handler. */
    public static final int FAILURE_INTERNAL = 500;

    private Addresses() {
    }

    /** {@code sockit.<processId>.<verb>}. */
    public static String request(String processId, String verb) {
        return PREFIX + processId + "." + verb;
    }

    /**
     * {@code sockit.<processId>.write.<connectionId>}: where bytes for one forwarded connection are sent back to
     * the process that owns it.
     */
    public static String connectionWrite(String processId, long connectionId) {
        return request(processId, VERB_WRITE) + "." + connectionId;
    }

    /** {@code sockit.events.<processId>}. */
    public static String events(String processId) {
        return EVENTS_PREFIX + processId;
    }
}
