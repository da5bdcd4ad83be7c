package dev.sockit.api;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Socket options as a config states them ({@code processes.X.config.options}), one value per
 * {@link SocketOptionTable} key. Every option is optional: one not set leaves the operating system's default in
 * place. A server applies what it can, reads back what the kernel made of it and reports both; an option the active
 * transport cannot apply is a warning, never silently dropped. Sizes accept {@code 65536} or {@code 64KiB};
 * durations accept {@code 250ms}, {@code 10s}. Immutable; built with {@link #builder()} or bound from a config,
 * where an unknown name is refused like any unknown key.
 */
@JsonDeserialize(using = SocketOptions.Deserializer.class)
public final class SocketOptions {

    /** No option set: every value is the operating system's default. */
    public static final SocketOptions NONE = new SocketOptions(Map.of());

    /** The values set, by key, in table order. */
    private final Map<OptionKey<?>, Object> values;

    private SocketOptions(Map<OptionKey<?>, Object> set) {
        Map<OptionKey<?>, Object> ordered = new LinkedHashMap<>();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            Object value = set.get(key);
            if (value != null) {
                ordered.put(key, check(key, value));
            }
        }
        this.values = Collections.unmodifiableMap(ordered);
    }

    private static <T> T check(OptionKey<T> key, Object value) {
        return key.check(key.cast(value));
    }

    /** A builder with no option set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /** The value of {@code key}, or {@code null} when the config leaves it to the operating system. */
    public <T> T get(OptionKey<T> key) {
        return key.cast(values.get(Objects.requireNonNull(key, "key")));
    }

    /** Whether {@code key} is set. */
    public boolean isSet(OptionKey<?> key) {
        return values.containsKey(key);
    }

    /** The keys that are set, in table order. */
    public Collection<OptionKey<?>> keys() {
        return values.keySet();
    }

    /** Whether no option is set. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** SO_REUSEADDR. */
    public Boolean reuseAddress() {
        return get(SocketOptionTable.REUSE_ADDRESS);
    }

    /** SO_REUSEPORT. */
    public Boolean reusePort() {
        return get(SocketOptionTable.REUSE_PORT);
    }

    /** TCP_NODELAY. */
    public Boolean tcpNoDelay() {
        return get(SocketOptionTable.TCP_NO_DELAY);
    }

    /** SO_KEEPALIVE. */
    public Boolean keepAlive() {
        return get(SocketOptionTable.KEEP_ALIVE);
    }

    /** TCP_KEEPIDLE. */
    public Duration keepAliveIdle() {
        return get(SocketOptionTable.KEEP_ALIVE_IDLE);
    }

    /** TCP_KEEPINTVL. */
    public Duration keepAliveInterval() {
        return get(SocketOptionTable.KEEP_ALIVE_INTERVAL);
    }

    /** TCP_KEEPCNT. */
    public Integer keepAliveCount() {
        return get(SocketOptionTable.KEEP_ALIVE_COUNT);
    }

    /** SO_LINGER. */
    public Duration soLinger() {
        return get(SocketOptionTable.SO_LINGER);
    }

    /** SO_SNDBUF in bytes. */
    public Integer sendBufferSize() {
        return get(SocketOptionTable.SEND_BUFFER_SIZE);
    }

    /** SO_RCVBUF in bytes. */
    public Integer receiveBufferSize() {
        return get(SocketOptionTable.RECEIVE_BUFFER_SIZE);
    }

    /** The listen(2) backlog. */
    public Integer backlog() {
        return get(SocketOptionTable.BACKLOG);
    }

    /** IP_TOS / IPV6_TCLASS. */
    public Integer trafficClass() {
        return get(SocketOptionTable.TRAFFIC_CLASS);
    }

    /** TCP_FASTOPEN on the listener. */
    public Boolean tcpFastOpen() {
        return get(SocketOptionTable.TCP_FAST_OPEN);
    }

    /** TCP_QUICKACK. */
    public Boolean tcpQuickAck() {
        return get(SocketOptionTable.TCP_QUICK_ACK);
    }

    /** TCP_CORK. */
    public Boolean tcpCork() {
        return get(SocketOptionTable.TCP_CORK);
    }

    /** TCP_USER_TIMEOUT. */
    public Duration tcpUserTimeout() {
        return get(SocketOptionTable.TCP_USER_TIMEOUT);
    }

    /** TCP_NOTSENT_LOWAT in bytes. */
    public Integer tcpNotSentLowat() {
        return get(SocketOptionTable.TCP_NOT_SENT_LOWAT);
    }

    /** IPV6_V6ONLY. */
    public Boolean ipv6Only() {
        return get(SocketOptionTable.IPV6_ONLY);
    }

    /** SO_BROADCAST. */
    public Boolean broadcast() {
        return get(SocketOptionTable.BROADCAST);
    }

    /** The options that are set, by name, in table order; durations in config form ({@code 10s}). */
    @JsonValue
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((key, value) -> m.put(key.name(), key.configForm(value)));
        return m;
    }

    /** The options that are set, as JSON. */
    public JsonObject toJson() {
        return new JsonObject(asMap());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocketOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "SocketOptions" + asMap();
    }

    /** Collects values; {@link #build()} checks each against its range. */
    public static final class Builder {
        private final Map<OptionKey<?>, Object> values = new HashMap<>();

        private Builder() {
        }

        /** Sets {@code key} to {@code value}; {@code null} unsets it. */
        public <T> Builder set(OptionKey<T> key, T value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, key.cast(value));
            }
            return this;
        }

        /**
         * The options.
         *
         * @throws ConfigException for the first value, in table order, outside its option's range
         */
        public SocketOptions build() {
            return values.isEmpty() ? NONE : new SocketOptions(values);
        }
    }

    /**
     * Binds a config's {@code options} mapping through the table: each name must be an option
     * ({@link DeserializationContext#handleUnknownProperty}, so that an unknown one fails as an unknown key does),
     * each value is read as its type states (sizes and durations with {@link Units}' deserializers, booleans and
     * integers with the mapper's own, under its coercion rules), and the range checks run as a record's constructor
     * would.
     */
    public static final class Deserializer extends StdDeserializer<SocketOptions> {

        private static final long serialVersionUID = 1L;
        private static final JsonDeserializer<Integer> SIZE = new Units.IntSizeDeserializer();
        private static final JsonDeserializer<Duration> DURATION = new Units.DurationDeserializer();

        /** Created by Jackson for {@link JsonDeserialize}. */
        public Deserializer() {
            super(SocketOptions.class);
        }

        @Override
        public SocketOptions deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.START_OBJECT) {
                token = p.nextToken();
            } else if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT) {
                return (SocketOptions) ctxt.handleUnexpectedToken(SocketOptions.class, p);
            }
            Map<OptionKey<?>, Object> read = new HashMap<>();
            for (; token == JsonToken.FIELD_NAME; token = p.nextToken()) {
                String name = p.currentName();
                JsonToken valueToken = p.nextToken();
                OptionKey<?> key = SocketOptionTable.byName(name);
                if (key == null) {
                    ctxt.handleUnknownProperty(p, this, SocketOptions.class, name);
                    continue;
                }
                try {
                    Object value = valueToken == JsonToken.VALUE_NULL ? null : deserializerOf(key, ctxt)
                            .deserialize(p, ctxt);
                    if (value == null) {
                        read.remove(key);
                    } else {
                        read.put(key, value);
                    }
                } catch (IOException | RuntimeException e) {
                    throw JsonMappingException.wrapWithPath(e, SocketOptions.class, name);
                }
            }
            try {
                return new SocketOptions(read);
            } catch (ConfigException e) {
                throw ValueInstantiationException.from(p, "Cannot construct instance of "
                        + SocketOptions.class.getName() + ", problem: " + e.getMessage(),
                        ctxt.constructType(SocketOptions.class), e);
            }
        }

        private static JsonDeserializer<?> deserializerOf(OptionKey<?> key, DeserializationContext ctxt)
                throws JsonMappingException {
            switch (key.type()) {
                case SIZE:
                    return SIZE;
                case DURATION:
                    return DURATION;
                default:
                    return ctxt.findRootValueDeserializer(ctxt.constructType(key.valueType()));
            }
        }

        @Override
        public Collection<Object> getKnownPropertyNames() {
            return new ArrayList<>(SocketOptionTable.names());
        }

        @Override
        public SocketOptions getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
