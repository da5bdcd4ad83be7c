package dev.sockit.plugin.analyzer.rules;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How bad a {@link Finding} is; declared from the mildest, so that a higher ordinal is worse. */
public enum Severity {
    /** Worth knowing; nothing is broken. */
    INFO,
    /** A problem building up, or one that hurts some connections. */
    WARNING,
    /** Connections are failing or will fail soon. */
    CRITICAL;

    /** The lower-case JSON form: {@code info}, {@code warning}, {@code critical}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of this and {@code other}. */
    public Severity worst(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
