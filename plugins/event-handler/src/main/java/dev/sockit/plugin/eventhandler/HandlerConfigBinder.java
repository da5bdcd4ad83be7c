package dev.sockit.plugin.eventhandler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigMappers;
import dev.sockit.api.Units;

import java.util.stream.Collectors;

/**
 * Binds a chain entry's value to its handler kind's config type with the rules the runtime binds a process config
 * with (its mapper is internal to the runtime): no coercion of strings to numbers or booleans, durations in
 * {@link Units#DURATION_FORMS}. Unknown keys, wrong types and the {@link ConfigException}s of the type's
 * constructor become a {@link ConfigException} whose path starts at the entry ({@code chain[1].route.timeout}).
 */
final class HandlerConfigBinder {

    private static final ObjectMapper MAPPER = ConfigMappers.strict().build();

    private HandlerConfigBinder() {
    }

    /**
     * {@code value} bound to {@code type}; a {@code null} or null node is an empty mapping ({@code echo:} and
     * {@code echo: {}} mean the same).
     *
     * @param at the entry's path, such as {@code chain[1].route}
     */
    static <C> C bind(JsonNode value, Class<C> type, String at) {
        JsonNode node = value == null || value.isNull() ? JsonNodeFactory.instance.objectNode() : value;
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw translate(e, node, at);
        } catch (ConfigException e) {
            throw e.under(at);
        }
    }

    private static ConfigException translate(JsonProcessingException e, JsonNode node, String at) {
        StringBuilder path = new StringBuilder(at);
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() == null) {
                    path.append('[').append(ref.getIndex()).append(']');
                } else {
                    path.append('.').append(ref.getFieldName());
                }
            }
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ConfigException ce) {
                return ce.under(path.toString());
            }
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            problem = u.getKnownPropertyIds().isEmpty() ? "unknown key (expected: no keys)"
                    : "unknown key (expected one of: " + u.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", ")) + ")";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            problem = Checks.quote(node.toString()) + " does not fit " + m.getTargetType().getSimpleName()
                    + " (" + firstLine(e.getOriginalMessage()) + ")";
        } else {
            problem = firstLine(e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage() : e.getOriginalMessage());
        }
        return new ConfigException(path.toString(), problem);
    }

    private static String firstLine(String m) {
        String s = String.valueOf(m).strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
