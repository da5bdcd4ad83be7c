package dev.sockit.plugin.pool;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sockit.api.ConfigException;

import java.util.Locale;

/**
 * How a pool spreads its connections over its {@code targets}: which target a new connection goes to, and which
 * target's idle connection a lease takes.
 */
public enum Balance {
    /** Each target in turn. */
    ROUND_ROBIN,
    /** The target with the fewest connections in use (for a new connection: the fewest connections at all). */
    LEAST_IN_USE,
    /** Two targets at random, the one with fewer connections in use: near least-in-use without a full scan. */
    POWER_OF_TWO;

    /** The config form: {@code round-robin}, {@code least-in-use}, {@code power-of-two}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The balance a config names, in its config form (case-insensitive). */
    @JsonCreator
    public static Balance of(String text) {
        for (Balance b : values()) {
            if (b.json().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return b;
            }
        }
        throw new ConfigException("balance", dev.sockit.api.Checks.quote(text)
                + " (expected: round-robin, least-in-use or power-of-two)");
    }
}
