package dev.sockit.api.frame;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockit.api.ConfigException;

import java.io.IOException;
import java.util.Objects;

/**
 * A codec as a config names it: {@code codec: {type: length-field, length: 4, maxFrame: 1MiB}}, or just
 * {@code codec: line}. The {@code type} picks the {@link CodecKind}; the other keys are its settings, bound to its
 * {@link CodecKind#configType()} when the codec is created ({@link Codecs#create(CodecSpec)}). The same spec
 * travels over the event bus as JSON ({@link #toJson()}), so that a process can tell another which codec to run.
 *
 * @param type     the codec's name, such as {@code line}
 * @param settings the other keys, never {@code null} (an empty object for none)
 */
@JsonDeserialize(using = CodecSpec.Deserializer.class)
public record CodecSpec(String type, ObjectNode settings) {

    /** The name of the codec that passes bytes as they are read: every read is a frame. */
    public static final String RAW = "raw";

    /** Validates the spec: a type that is a non-empty name, and settings that are an object. */
    public CodecSpec {
        if (type == null || type.isBlank()) {
            throw new ConfigException("type", "missing (expected: a codec name such as raw, line or length-field)");
        }
        settings = settings == null ? JsonNodeFactory.instance.objectNode() : settings.deepCopy();
    }

    /** The spec of codec {@code type} with no settings. */
    public static CodecSpec of(String type) {
        return new CodecSpec(type, null);
    }

    /** The spec in its config form: {@code type} first, then the settings. A copy the caller may change. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", type);
        json.setAll(settings.deepCopy());
        return json;
    }

    /**
     * The spec in {@code json}: a string is a type with no settings, an object needs {@code type}; anything else is
     * a {@link ConfigException} (path relative to the codec's own key).
     */
    public static CodecSpec fromJson(JsonNode json) {
        if (json != null && json.isTextual()) {
            return of(json.asText());
        }
        if (json == null || !json.isObject()) {
            throw new ConfigException("", "'" + (json == null ? "null" : json.toString())
                    + "' is not a codec (expected: a name such as line, or {type: NAME, ...settings})");
        }
        JsonNode type = json.get("type");
        if (type == null || !type.isTextual()) {
            throw new ConfigException("type", (type == null ? "missing" : "'" + type + "' is not a name")
                    + " (expected: a codec name such as raw, line or length-field)");
        }
        ObjectNode settings = ((ObjectNode) json).deepCopy();
        settings.remove("type");
        return new CodecSpec(type.asText(), settings);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecSpec other && type.equals(other.type) && settings.equals(other.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, settings);
    }

    /** Binds {@code codec:} in a config with {@link #fromJson(JsonNode)}. */
    public static final class Deserializer extends JsonDeserializer<CodecSpec> {

        /** Created by Jackson. */
        public Deserializer() {
        }

        @Override
        public CodecSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return fromJson(p.readValueAsTree());
        }
    }
}
