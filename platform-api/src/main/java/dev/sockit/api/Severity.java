package dev.sockit.api;

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

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException if {@code s} is none of {@code info}, {@code warning}, {@code critical}
     */
    public static Severity fromJson(String s) {
        for (Severity v : values()) {
            if (v.json().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("severity: '" + s + "' (expected: info, warning or critical)");
    }

    /** The worse of this and {@code other}. */
    public Severity worst(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The {@link Result} status a finding of this severity calls for: info is success, critical is error. */
    public Status status() {
        return switch (this) {
            case CRITICAL -> Status.ERROR;
            case WARNING -> Status.WARNING;
            case INFO -> Status.SUCCESS;
        };
    }
}
