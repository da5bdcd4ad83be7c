package dev.sockit.api;

import java.util.Locale;

/** The outcome of an operation, as {@code status} in a {@link Result}. */
public enum Status {
    /** Done, nothing worth a warning found. */
    SUCCESS,
    /** Done, with findings a person should look at. */
    WARNING,
    /** Not done, or done and found problems at critical level. */
    ERROR;

    /** The lower-case JSON form: {@code success}, {@code warning}, {@code error}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the JSON form. */
    public static Status fromJson(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** The worse of this and {@code other}. */
    public Status worst(Status other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
