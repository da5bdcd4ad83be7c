package dev.sockit.api;

import java.time.Instant;

/**
 * A process's journal of socket events: one call per event writes its audit line ({@link AuditLog}) and publishes
 * its {@link SocketEvent} on {@link Addresses#events(String)}, both built here from the same facts and the same
 * instant, so the audit log and the event stream never disagree. Get it from
 * {@code ProcessContext.journal()}, and the one for a protocol with {@link #on(Protocol)} (kept in a field:
 * the runtime hands out one instance per protocol).
 *
 * <p>Which event writes what:
 * <table>
 *   <caption>Audit op and event type of each call</caption>
 *   <tr><th>call</th><th>audit {@code op}</th><th>event {@code type}</th></tr>
 *   <tr><td>{@link #bound}</td><td>{@code bind}</td><td>none</td></tr>
 *   <tr><td>{@link #listening}</td><td>{@code listen}</td><td>{@code listening}</td></tr>
 *   <tr><td>{@link #ready}</td><td>none (the bind was audited)</td><td>{@code listening}</td></tr>
 *   <tr><td>{@link #accepted}</td><td>{@code accept}</td><td>{@code opened}</td></tr>
 *   <tr><td>{@link #rejected}</td><td>{@code reject}</td><td>{@code rejected}</td></tr>
 *   <tr><td>{@link #optionSet}</td><td>{@code option_set}</td><td>none</td></tr>
 *   <tr><td>{@link #error}</td><td>{@code error}</td><td>{@code error}</td></tr>
 *   <tr><td>{@link #failed}</td><td>{@code error}</td><td>none (a socket being set up)</td></tr>
 *   <tr><td>{@link #closed}</td><td>{@code close} ({@code reason bytesIn=… bytesOut=…})</td>
 *       <td>{@code closed}</td></tr>
 *   <tr><td>{@link #listenerClosed}</td><td>{@code close}</td><td>none</td></tr>
 *   <tr><td>{@link #stopped}</td><td>none (see {@link #listenerClosed})</td><td>{@code stopped}</td></tr>
 * </table>
 * Implementations never block the calling event loop; every method is thread-safe. Text from the network may be
 * passed in any field: the audit log escapes it.
 */
public interface Journal {

    /** The id of the process whose journal this is. */
    String process();

    /** The protocol written in every audit line of this journal, or {@code null}. */
    Protocol protocol();

    /** The journal of this process for {@code protocol}. */
    Journal on(Protocol protocol);

    /**
     * Writes one entry: the audit line, the event, or both (either may be {@code null}); when both are given the
     * audit line carries the event's instant. The typed methods below are the usual way in.
     */
    void write(AuditEvent audit, SocketEvent event);

    /** A socket was bound to {@code local}. */
    default void bound(String local, String detail) {
        write(new AuditEvent(AuditOp.BIND, process(), protocol(), 0, local, "", detail), null);
    }

    /** A server listens on {@code local}. */
    default void listening(String local, String detail) {
        write(new AuditEvent(AuditOp.LISTEN, process(), protocol(), 0, local, "", detail),
                new SocketEvent(EventType.LISTENING, process(), 0, local, "", 0, 0, Instant.now(), ""));
    }

    /** A socket that does not listen (a datagram socket, audited by {@link #bound}) is serving on {@code local}. */
    default void ready(String local) {
        write(null, new SocketEvent(EventType.LISTENING, process(), 0, local, "", 0, 0, Instant.now(), ""));
    }

    /** Connection {@code connectionId} was accepted. */
    default void accepted(long connectionId, String local, String remote) {
        write(new AuditEvent(AuditOp.ACCEPT, process(), protocol(), connectionId, local, remote, ""),
                new SocketEvent(EventType.OPENED, process(), connectionId, local, remote, 0, 0, Instant.now(), ""));
    }

    /** A connection from {@code remote} was refused by a limit, {@code detail} says which. */
    default void rejected(String local, String remote, String detail) {
        write(new AuditEvent(AuditOp.REJECT, process(), protocol(), 0, local, remote, detail),
                new SocketEvent(EventType.REJECTED, process(), 0, local, remote, 0, 0, Instant.now(), detail));
    }

    /** A socket option was set; {@code detail} says which and to what ({@code join 239.1.2.3 on lo}). */
    default void optionSet(String local, String remote, String detail) {
        write(new AuditEvent(AuditOp.OPTION_SET, process(), protocol(), 0, local, remote, detail), null);
    }

    /**
     * Option {@code name} was set to {@code requested}, and the kernel applied {@code effective}
     * ({@code null} where it cannot be read back): {@code name requested=… effective=…}.
     */
    default void optionSet(String local, String remote, String name, Object requested, Object effective) {
        optionSet(local, remote, name + " requested=" + requested
                + (effective == null ? "" : " effective=" + effective));
    }

    /** A socket operation on connection {@code connectionId} (0 for the socket itself) failed. */
    default void error(long connectionId, String local, String remote, long bytesIn, long bytesOut, String detail) {
        write(new AuditEvent(AuditOp.ERROR, process(), protocol(), connectionId, local, remote, detail),
                new SocketEvent(EventType.ERROR, process(), connectionId, local, remote, bytesIn, bytesOut,
                        Instant.now(), detail));
    }

    /** A socket could not be set up on {@code local} (a port taken, a bind or a join refused): audited only. */
    default void failed(String local, String detail) {
        write(new AuditEvent(AuditOp.ERROR, process(), protocol(), 0, local, "", detail), null);
    }

    /**
     * Connection {@code connectionId} closed, having received {@code bytesIn} and sent {@code bytesOut};
     * {@code reason} is why the server closed it ({@code readTimeout}), or empty.
     */
    default void closed(long connectionId, String local, String remote, long bytesIn, long bytesOut,
                        String reason) {
        reason = reason == null ? "" : reason;
        String counts = "bytesIn=" + bytesIn + " bytesOut=" + bytesOut;
        write(new AuditEvent(AuditOp.CLOSE, process(), protocol(), connectionId, local, remote,
                        reason.isEmpty() ? counts : reason + " " + counts),
                new SocketEvent(EventType.CLOSED, process(), connectionId, local, remote, bytesIn, bytesOut,
                        Instant.now(), reason));
    }

    /** The listening or bound socket on {@code local} was closed; {@code detail} sums up what it served. */
    default void listenerClosed(String local, String detail) {
        write(new AuditEvent(AuditOp.CLOSE, process(), protocol(), 0, local, "", detail), null);
    }

    /** The server on {@code local} has stopped, having received {@code bytesIn} and sent {@code bytesOut}. */
    default void stopped(String local, long bytesIn, long bytesOut) {
        write(null, new SocketEvent(EventType.STOPPED, process(), 0, local, "", bytesIn, bytesOut, Instant.now(),
                ""));
    }
}
