package dev.sockit.api;

/**
 * Event-bus addresses, and the rule that keeps them meaningful once several runtimes share a clustered bus.
 *
 * <ul>
 *   <li><b>Short form, node-local</b>: requests go to {@code sockit.<processId>.<verb>} and events are published to
 *       {@code sockit.events.<processId>}. A runtime registers these as <em>local</em> consumers, so they always
 *       reach the process of that id on the same node, whatever other nodes run: the command line and plugins of
 *       the same runtime use them.</li>
 *   <li><b>Node-qualified form, cluster-wide</b>: every process also answers at
 *       {@code sockit.@<nodeId>.<processId>.<verb>} and its events are also published to
 *       {@code sockit.@<nodeId>.events.<processId>}: the short form with {@code @<nodeId>.} after {@code sockit.}
 *       ({@link #onNode}). These are registered cluster-wide, so a client on any node reaches one process of one
 *       node, never a random one of the same id elsewhere.</li>
 * </ul>
 * The node id is the runtime's {@code runtime.nodeId} ({@link #LOCAL_NODE} by default); a process id never starts
 * with {@code @}, so the two forms cannot collide. The runtime's own services
 * ({@link #RUNTIME_PROCESSES}, {@link #RUNTIME_PLUGINS}) follow the same rule.
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
    /** The node id of a runtime whose config sets no {@code runtime.nodeId}. */
    public static final String LOCAL_NODE = "local";

    /** The verb every process answers with its state and statistics. */
    public static final String VERB_STATUS = "status";

    /** Failure code of a request naming an unknown action or process. */
    public static final int FAILURE_BAD_REQUEST = 400;
    /** Failure code of a request to a process that does not exist. */
    public static final int FAILURE_NOT_FOUND = 404;
    /** Failure code of a request that failed inside its handler. */
    public static final int FAILURE_INTERNAL = 500;

    private Addresses() {
    }

    /** {@code sockit.<processId>.<verb>}: the node-local short form. */
    public static String request(String processId, String verb) {
        return PREFIX + processId + "." + verb;
    }

    /** {@code sockit.events.<processId>}: the node-local short form. */
    public static String events(String processId) {
        return EVENTS_PREFIX + processId;
    }

    /**
     * The node-qualified form of a short {@code address}: {@code sockit.@<nodeId>.} followed by the rest of it.
     *
     * @throws IllegalArgumentException for an address that is not a short sockit address, or a bad node id
     */
    public static String onNode(String nodeId, String address) {
        if (!address.startsWith(PREFIX) || address.startsWith(PREFIX + "@")) {
            throw new IllegalArgumentException("address " + Quote.of(address)
                    + " (expected: a short sockit address, sockit.<id>.<verb> or sockit.events.<id>)");
        }
        return PREFIX + "@" + checkNodeId(nodeId) + "." + address.substring(PREFIX.length());
    }

    /** {@code sockit.@<nodeId>.<processId>.<verb>}: where process {@code processId} of one node answers. */
    public static String nodeRequest(String nodeId, String processId, String verb) {
        return onNode(nodeId, request(processId, verb));
    }

    /** {@code sockit.@<nodeId>.events.<processId>}: the events of process {@code processId} of one node. */
    public static String nodeEvents(String nodeId, String processId) {
        return onNode(nodeId, events(processId));
    }

    /**
     * {@code nodeId} when it can name a node: lower-case letters, digits, {@code -} and {@code _}, starting with a
     * letter or digit, at most 64 characters (like a process id: no dot, so that it is one part of an address).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String checkNodeId(String nodeId) {
        if (!Checks.isProcessId(nodeId)) {
            throw new IllegalArgumentException("node id " + Quote.of(nodeId) + " (expected: 1-64 of a-z, 0-9, - "
                    + "and _, starting with a letter or digit)");
        }
        return nodeId;
    }
}
