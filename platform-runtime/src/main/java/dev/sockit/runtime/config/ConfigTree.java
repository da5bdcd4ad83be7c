package dev.sockit.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.ClassUtil;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigMappers;
import dev.sockit.api.ConfigPathDeserializer;
import dev.sockit.api.Units;
import dev.sockit.runtime.plugins.PluginFailures;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A mapping from a config file that knows where it sits: its dotted path ({@code processes.echo.config}), the
 * file, and the line of every key below it. Every problem it reports is a {@link ConfigException} with the
 * full path and the nearest known line.
 */
public final class ConfigTree {

    /** Binds plugin configs strictly: no unknown keys, no text where numbers or booleans belong. */
    private static final ObjectMapper MAPPER = ConfigMappers.strict().build();

    /** Loads the mapper's classes ahead of the first config (called from a start-up thread). */
    public static void warmUp() {
        MAPPER.getTypeFactory();
        ConfigLoader.warmUp();
    }

    private final String path;
    private final ObjectNode node;
    private final String file;
    private final Map<String, Integer> lines;
    /** The folder of the config file, against which path values resolve; null for a config not read from a file. */
    private final Path folder;

    /**
     * A subtree at {@code path} of the config read from {@code file}; {@code lines} maps the full dotted path
     * of every key in the file to its 1-based line.
     */
    ConfigTree(String path, ObjectNode node, String file, Map<String, Integer> lines) {
        this(path, node, file, lines, null);
    }

    /** An empty subtree at {@code path}, of a config built in code ({@code file} names it in messages). */
    static ConfigTree empty(String path, String file) {
        return new ConfigTree(path, JsonNodeFactory.instance.objectNode(), file, Map.of());
    }

    ConfigTree(String path, ObjectNode node, String file, Map<String, Integer> lines, Path folder) {
        this.path = path;
        this.node = node;
        this.file = file;
        this.lines = lines;
        this.folder = folder;
    }

    /**
     * Binds this subtree to {@code type} with Jackson: unknown keys, wrong types and the
     * {@link ConfigException}s of the type's constructor are reported with the full path and line.
     */
    public <T> T bind(Class<T> type) {
        try {
            // Paths a config record marks with ConfigPathDeserializer resolve against the config file's folder.
            return MAPPER.reader().withAttribute(ConfigPathDeserializer.CONFIG_FOLDER, folder).treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw translate(e);
        }
    }

    /** The dotted path of this subtree in the config, empty for the whole document. */
    public String path() {
        return path;
    }

    /** A copy of the raw subtree; an empty mapping when the config does not have it. */
    JsonNode node() {
        return node.deepCopy();
    }

    /** The 1-based line of {@code relativePath} below this subtree ({@code ""}: this subtree), -1 if unknown. */
    int lineOf(String relativePath) {
        return lines.getOrDefault(join(path, relativePath), -1);
    }

    /** The file name the config came from, as messages show it. */
    public String file() {
        return file;
    }

    /**
     * The line of a full dotted path anywhere in the file, or of its nearest parent that is there; -1 if none.
     * Every tree of one file knows the lines of the whole file.
     */
    public int nearestLine(String fullPath) {
        String p = fullPath;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            p = p.substring(0, Math.max(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))));
        }
        return -1;
    }

    /** A problem at {@code relativePath} below this subtree, at the line of that key or its nearest parent. */
    public ConfigException problem(String relativePath, String problem) {
        String full = join(path, relativePath);
        return new ConfigException(full, problem, file, nearestLine(full));
    }

    /**
     * Runs a constructor or check whose {@link ConfigException}s have paths relative to this subtree, and
     * rethrows them with the full path and line.
     */
    <T> T validated(Supplier<T> check) {
        try {
            return check.get();
        } catch (ConfigException e) {
            throw problem(e.path(), e.problem());
        }
    }

    /** The keys of this mapping, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Rejects the first key that is not one of {@code known}. */
    void allowOnly(String... known) {
        List<String> allowed = Arrays.asList(known);
        for (String key : keys()) {
            if (!allowed.contains(key)) {
                throw problem(key, "unknown key (expected one of: " + String.join(", ", known) + ")");
            }
        }
    }

    /** The mapping at {@code key}; an empty one when the key is absent or null. */
    ConfigTree child(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return new ConfigTree(join(path, key), JsonNodeFactory.instance.objectNode(), file, lines, folder);
        }
        if (!value.isObject()) {
            throw problem(key, describe(value) + " is not a mapping");
        }
        return new ConfigTree(join(path, key), (ObjectNode) value, file, lines, folder);
    }

    /** The string at {@code key}, or {@code absent}. */
    String string(String key, String absent) {
        JsonNode value = value(key);
        if (value == null) {
            return absent;
        }
        if (!value.isTextual()) {
            throw problem(key, describe(value) + " is not a string");
        }
        return value.textValue();
    }

    /** The integer at {@code key}, or {@code absent}. */
    int integer(String key, int absent) {
        JsonNode value = value(key);
        if (value == null) {
            return absent;
        }
        if (!value.isIntegralNumber()) {
            throw problem(key, describe(value) + " is not an integer");
        }
        if (!value.canConvertToInt()) {
            throw problem(key, value.asText() + " is too large for an integer");
        }
        return value.intValue();
    }

    /** The boolean at {@code key}, or {@code absent}. */
    boolean bool(String key, boolean absent) {
        JsonNode value = value(key);
        if (value == null) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw problem(key, describe(value) + " is not a boolean");
        }
        return value.booleanValue();
    }

    /** The duration at {@code key} ({@code 250ms}, {@code 10s}, {@code 5m}), or {@code absent}. */
    Duration duration(String key, Duration absent) {
        JsonNode value = value(key);
        if (value == null) {
            return absent;
        }
        if (!value.isValueNode()) {
            throw problem(key, describe(value) + " is not a duration (expected: " + Units.DURATION_FORMS + ")");
        }
        try {
            return Units.parseDuration(value.asText());
        } catch (IllegalArgumentException e) {
            throw problem(key, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "<root>" : path) + " " + node;
    }

    /**
     * A value as messages show it: strings quoted, escaped and cut after {@value Checks#QUOTE_LIMIT} characters
     * ({@link Checks#quote}), containers by their shape.
     */
    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (!value.isTextual()) {
            String text = value.asText();
            return text.length() <= Checks.QUOTE_LIMIT ? text : Checks.quote(text);
        }
        return Checks.quote(value.textValue());
    }

    private JsonNode value(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** Turns what Jackson reports into a problem at the path it names below this subtree. */
    private ConfigException translate(JsonProcessingException e) {
        String at = "";
        JsonNode value = node;
        List<JsonMappingException.Reference> refs =
                e instanceof JsonMappingException m ? m.getPath() : List.of();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() == null) {
                at = join(at, "[" + ref.getIndex() + "]");
                value = value == null ? null : value.get(ref.getIndex());
            } else {
                at = join(at, ref.getFieldName());
                value = value == null ? null : value.get(ref.getFieldName());
            }
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ConfigException ce) {
                return problem(join(at, ce.path()), ce.problem());
            }
        }
        return problem(at, problemOf(e, value));
    }

    private static String problemOf(JsonProcessingException e, JsonNode value) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key (expected one of: " + names(u.getKnownPropertyIds()) + ")";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return mismatch(m.getTargetType(), value);
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            // A constructor that threw without a message (a StackOverflowError, say) is named by its class.
            return e.getCause().getMessage() == null ? PluginFailures.describe(e.getCause())
                    : firstLine(e.getCause().getMessage());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String mismatch(Class<?> target, JsonNode value) {
        if (target.isEnum()) {
            String accepted = Arrays.stream(target.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            return (value == null || value.isNull() ? "is missing" : describe(value) + " is not valid")
                    + " (expected one of: " + accepted + ")";
        }
        String expected = expected(target);
        return value == null || value.isNull()
                ? "is missing (expected: " + expected + ")"
                : describe(value) + " is not " + expected;
    }

    /** What a value of {@code target} is called in messages; a plugin's own classes are bound from mappings. */
    private static String expected(Class<?> target) {
        Class<?> t = target.isPrimitive() ? ClassUtil.wrapperType(target) : target;
        if (t == Boolean.class) {
            return "a boolean";
        }
        if (t == Integer.class || t == Long.class || t == Short.class || t == Byte.class || t == BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(t)) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(t) || t == Character.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(t) || !t.getName().startsWith("java.")) {
            return "a mapping";
        }
        return "a value of type " + t.getSimpleName();
    }

    private static String names(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int end = m.indexOf('\n');
        return end < 0 ? m : m.substring(0, end).strip();
    }

    private static String join(String parent, String child) {
        if (parent.isEmpty()) {
            return child;
        }
        if (child.isEmpty()) {
            return parent;
        }
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }
}
