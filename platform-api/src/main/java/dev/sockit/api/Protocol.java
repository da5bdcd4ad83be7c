package dev.sockit.api;

import java.util.Locale;

/** A transport protocol, for port checks and audit records. */
public enum Protocol {
    /** TCP. */
    TCP,
    /** UDP. */
    UDP;

    /** The lower-case form: {@code tcp}, {@code udp}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
