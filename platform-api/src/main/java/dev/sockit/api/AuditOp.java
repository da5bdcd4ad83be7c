package dev.sockit.api;

import java.util.Locale;

/** A socket operation recorded in the audit log. */
public enum AuditOp {
    /** A socket was bound to a local address. */
    BIND,
    /** A bound socket started listening. */
    LISTEN,
    /** A connection was accepted. */
    ACCEPT,
    /** A connection was established to a remote address. */
    CONNECT,
    /** A connection or listener was closed. */
    CLOSE,
    /** A socket option was set (with its requested and effective values). */
    OPTION_SET,
    /** A connection was refused by a limit. */
    REJECT,
    /** A socket operation failed. */
    ERROR;

    /** The lower-case JSON form: {@code bind}, {@code option_set}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
