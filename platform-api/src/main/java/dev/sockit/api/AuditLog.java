package dev.sockit.api;

import java.time.Instant;

/**
 * The socket audit log: one JSON line per socket operation, readable by people and parseable by machines.
 * Implementations never block the calling event loop.
 */
public interface AuditLog {

    /** Records one operation. */
    void record(AuditEvent event);

    /**
     * Records one operation that happened at {@code at} (a {@link Journal} writes its event's instant); by
     * default the time of recording is written instead.
     */
    default void record(Instant at, AuditEvent event) {
        record(event);
    }

    /** Records one operation, built from its parts. */
    default void record(AuditOp op, String process, Protocol protocol, long connectionId, String local,
                        String remote, String detail) {
        record(new AuditEvent(op, process, protocol, connectionId, local, remote, detail));
    }
}
