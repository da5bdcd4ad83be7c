package dev.sockit.api;

import java.util.Locale;

/** The {@code type} of a {@link SocketEvent}. */
public enum EventType {
    /** A server started listening. */
    LISTENING,
    /** A connection was accepted or established. */
    OPENED,
    /** A connection closed. */
    CLOSED,
    /** A socket operation failed. */
    ERROR,
    /** A connection was refused by a limit. */
    REJECTED,
    /** A server stopped. */
    STOPPED;

    /** The lower-case JSON form. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
