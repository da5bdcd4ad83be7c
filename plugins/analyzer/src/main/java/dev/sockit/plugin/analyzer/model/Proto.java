package dev.sockit.plugin.analyzer.model;

/** The protocol of a socket as the input names it ({@code tcp}, {@code udp}, {@code u_str}...). */
public enum Proto {
    TCP, UDP, UNIX, RAW, OTHER;

    /** The lower-case name used in JSON and reports. */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
