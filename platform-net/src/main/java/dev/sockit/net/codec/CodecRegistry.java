package dev.sockit.net.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigMappers;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.Codecs;
import dev.sockit.api.frame.FrameCodec;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@link Codecs} over a fixed set of {@link CodecKind}s: binds a spec's settings to its kind's settings type
 * strictly (no unknown keys, no text where a number belongs) and reports every problem as a
 * {@link ConfigException} whose path is relative to the codec ({@code type}, {@code length}). Immutable.
 */
public final class CodecRegistry implements Codecs {

    /** Binds settings strictly, as the runtime binds process configs. */
    private static final ObjectMapper MAPPER = ConfigMappers.strict()
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private final Map<String, CodecKind<?>> kinds;

    /**
     * A registry of {@code kinds}.
     *
     * @throws IllegalArgumentException when two of them have the same name
     */
    public CodecRegistry(Collection<? extends CodecKind<?>> kinds) {
        Map<String, CodecKind<?>> byName = new TreeMap<>();
        for (CodecKind<?> kind : kinds) {
            CodecKind<?> before = byName.putIfAbsent(kind.name(), kind);
            if (before != null) {
                throw new IllegalArgumentException("codec '" + kind.name() + "' is given twice: by "
                        + before.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
        this.kinds = Collections.unmodifiableMap(byName);
    }

    @Override
    public FrameCodec create(CodecSpec spec) {
        CodecKind<?> kind = kinds.get(spec.type());
        if (kind == null) {
            throw new ConfigException("type", Checks.quote(spec.type()) + " is not a known codec (expected one of: "
                    + String.join(", ", kinds.keySet()) + ")");
        }
        return create(kind, spec.settings());
    }

    private static <C> FrameCodec create(CodecKind<C> kind, JsonNode settings) {
        C typed;
        try {
            typed = MAPPER.treeToValue(settings, kind.configType());
        } catch (JsonProcessingException e) {
            throw translate(e, settings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("", "the settings of codec '" + kind.name() + "' cannot be bound: "
                    + e.getMessage());
        }
        FrameCodec codec = kind.create(typed);
        if (codec == null) {
            throw new ConfigException("type", "codec '" + kind.name() + "' made no codec (create returned null)");
        }
        return codec;
    }

    @Override
    public Set<String> names() {
        return kinds.keySet();
    }

    /** The kind named {@code name}, or {@code null}. */
    public CodecKind<?> kind(String name) {
        return kinds.get(name);
    }

    @Override
    public String toString() {
        return "codecs " + kinds.keySet();
    }

    /** What Jackson reports, as a problem at the setting it names. */
    private static ConfigException translate(JsonProcessingException e, JsonNode settings) {
        String path = "";
        JsonNode value = settings;
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                String part = ref.getFieldName() == null ? "[" + ref.getIndex() + "]" : ref.getFieldName();
                path = path.isEmpty() || part.startsWith("[") ? path + part : path + "." + part;
                value = value == null ? null : ref.getFieldName() == null ? value.get(ref.getIndex())
                        : value.get(ref.getFieldName());
            }
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ConfigException ce) {
                return new ConfigException(ce.path().isEmpty() ? path : path.isEmpty() ? ce.path()
                        : path + "." + ce.path(), ce.problem());
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new ConfigException(path, "unknown key (expected one of: " + u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && value != null) {
            return new ConfigException(path, describe(value) + " is not " + expected(m.getTargetType()));
        }
        String message = String.valueOf(e.getOriginalMessage()).strip();
        int end = message.indexOf('\n');
        return new ConfigException(path, end < 0 ? message : message.substring(0, end).strip());
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? Checks.quote(value.textValue()) : value.toString();
    }

    private static String expected(Class<?> target) {
        if (target == Boolean.class || target == boolean.class) {
            return "a boolean";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "an integer";
        }
        if (target == String.class) {
            return "a string";
        }
        return "a " + target.getSimpleName();
    }
}
