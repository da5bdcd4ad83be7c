package dev.sockit.plugin.eventhandler;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Units;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.contracts.ForwardContract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The config of an {@code event-handler} process ({@code processes.<id>.config}). Only {@code chain} is required;
 * the defaults are the {@code DEFAULT_*} constants.
 *
 * @param codec        the codec the forwarding server frames each connection with ({@link #DEFAULT_CODEC})
 * @param chain        the frame handlers, in order: each entry a map of one key, the handler's name, to its config
 *                     ({@code { echo: {} }}, {@code { respond: "pong\n" }}, {@code { route: pool }}); 1 to
 *                     {@link #MAX_CHAIN} entries. The handler names are resolved when the process is created
 * @param onError      what a failed handler does to its connection ({@link #DEFAULT_ON_ERROR})
 * @param maxInFlight  the most frames of one connection the server may have outstanding here, 1-1024
 *                     ({@link #DEFAULT_MAX_IN_FLIGHT})
 * @param routeTimeout how long a {@code route} waits for its reply unless the entry says {@code timeout}, 1 ms to
 *                     10 min ({@link #DEFAULT_ROUTE_TIMEOUT})
 */
public record EventHandlerConfig(
        CodecSpec codec,
        List<JsonNode> chain,
        OnError onError,
        int maxInFlight,
        Duration routeTimeout) {

    /** Frames are the bytes as they are read. */
    public static final CodecSpec DEFAULT_CODEC = CodecSpec.of(CodecSpec.RAW);
    /** A failed handler closes its connection. */
    public static final OnError DEFAULT_ON_ERROR = OnError.CLOSE;
    /** The forward contract's default. */
    public static final int DEFAULT_MAX_IN_FLIGHT = ForwardContract.DEFAULT_MAX_IN_FLIGHT;
    /** The forward contract's bound. */
    public static final int MAX_IN_FLIGHT_LIMIT = ForwardContract.MAX_MAX_IN_FLIGHT;
    /** Long enough for a pool's default acquire and a response; short enough that a stuck route shows. */
    public static final Duration DEFAULT_ROUTE_TIMEOUT = Duration.ofSeconds(5);
    /** The most handlers a chain may have. */
    public static final int MAX_CHAIN = 32;

    /** Applies the defaults and validates. */
    public EventHandlerConfig {
        codec = codec == null ? DEFAULT_CODEC : codec;
        chain = checkChain(chain);
        onError = onError == null ? DEFAULT_ON_ERROR : onError;
        Checks.inRange(maxInFlight, 1, MAX_IN_FLIGHT_LIMIT, "maxInFlight");
        routeTimeout = routeTimeout == null ? DEFAULT_ROUTE_TIMEOUT
                : Checks.inRangeOrNull(routeTimeout, Duration.ofMillis(1), Duration.ofMinutes(10), "routeTimeout");
    }

    /** Binds a config as written; the runtime's object mapper calls this. */
    @JsonCreator
    public static EventHandlerConfig of(@JsonProperty("codec") CodecSpec codec,
                                        @JsonProperty("chain") List<JsonNode> chain,
                                        @JsonProperty("onError") OnError onError,
                                        @JsonProperty("maxInFlight") Integer maxInFlight,
                                        @JsonProperty("routeTimeout")
                                        @JsonDeserialize(using = Units.DurationDeserializer.class)
                                        Duration routeTimeout) {
        return new EventHandlerConfig(codec, chain, onError,
                maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight, routeTimeout);
    }

    /** The name of chain entry {@code i}: its one key. */
    public String handlerName(int i) {
        return chain.get(i).fieldNames().next();
    }

    /** The config of chain entry {@code i}: the value of its one key ({@code null} in YAML is a null node). */
    public JsonNode handlerConfig(int i) {
        return chain.get(i).elements().next();
    }

    private static List<JsonNode> checkChain(List<JsonNode> chain) {
        if (chain == null || chain.isEmpty()) {
            throw new ConfigException("chain", (chain == null ? "missing" : "empty")
                    + " (expected: a list of handlers such as [ { echo: {} } ] or [ { route: pool } ])");
        }
        if (chain.size() > MAX_CHAIN) {
            throw new ConfigException("chain", chain.size() + " handlers (expected: at most " + MAX_CHAIN + ")");
        }
        List<JsonNode> checked = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            JsonNode entry = chain.get(i);
            if (entry == null || !entry.isObject() || entry.size() != 1) {
                throw new ConfigException("chain[" + i + "]", Checks.quote(String.valueOf(entry))
                        + " is not a handler (expected: a map of one key, the handler's name, such as"
                        + " { echo: {} } or { respond: \"pong\\n\" })");
            }
            checked.add(entry.deepCopy());
        }
        return List.copyOf(checked);
    }

    /** What a failed handler (or route) does to its connection; configs write it in lower case. */
    public enum OnError {
        /** Fail the frame's request: the server closes the connection and journals why. */
        CLOSE,
        /** Write an error frame ({@code error: <reason>}) back and keep the connection. */
        REPLY;

        /** The config form: {@code close}, {@code reply}. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
