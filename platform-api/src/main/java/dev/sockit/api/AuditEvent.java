package dev.sockit.api;

import java.util.Objects;

/**
 * One socket operation for the audit log, written as one JSON line. Text from the network or a file may be
 * passed in any field: the audit log escapes it, so one event is always one line.
 *
 * @param op           what was done
 * @param process      the process that did it
 * @param protocol     tcp or udp, or {@code null}
 * @param connectionId the connection, or 0 for a listener or none
 * @param local        the local address, or empty
 * @param remote       the remote address, or empty
 * @param detail       what else matters: option name and values, byte counts, an error message; or empty
 */
public record AuditEvent(AuditOp op, String process, Protocol protocol, long connectionId, String local,
                         String remote, String detail) {

    /** Checks required parts and normalises missing ones. */
    public AuditEvent {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(process, "process");
        local = local == null ? "" : local;
        remote = remote == null ? "" : remote;
        detail = detail == null ? "" : detail;
    }
}
