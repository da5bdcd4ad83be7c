package dev.sockit.api;

/**
 * The socket audit log: one JSON line per socket operation, readable by people and parseable by machines.
 * Implementations never block the calling event loop.
 */
public interface AuditLog {

    /** Records one operation. */
    void record(AuditEvent event);

    /** Records one operation, built from its parts. */
    default void record(AuditOp op, String process, Protocol protocol, long connectionId, String local,
                        String remote, String detail) {
        record(new AuditEvent(op, process, protocol, connectionId, local, remote, detail));
    }
}
