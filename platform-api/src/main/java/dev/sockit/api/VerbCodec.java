package dev.sockit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds verb request bodies with Jackson, and writes them: strict about keys and types (an unknown key, a float
 * for an integer, an object for a string are refused), so that a client's mistake is a 400 that names it rather than
 * a value silently dropped.
 */
final class VerbCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private VerbCodec() {
    }

    static <Q> Q bind(Verb<Q> verb, Object body) {
        JsonObject json;
        if (body == null) {
            json = new JsonObject();
        } else if (body instanceof JsonObject j) {
            json = j;
        } else {
            throw new BadRequestException(verb.name() + " request: expected a JSON object, not "
                    + Quote.bare(String.valueOf(body), Quote.MAX_CHARS));
        }
        try {
            return MAPPER.readValue(json.encode(), verb.requestType());
        } catch (ValueInstantiationException e) {
            // The request type's constructor refused a value: its message says which.
            if (e.getCause() instanceof BadRequestException bad) {
                throw bad;
            }
            String why = e.getCause() == null || e.getCause().getMessage() == null ? e.getOriginalMessage()
                    : e.getCause().getMessage();
            throw new BadRequestException(verb.name() + " request: " + firstLine(why), e);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException(verb.name() + " request: " + where(e, 1) + "unknown key "
                    + Quote.of(e.getPropertyName()) + " (expected one of: " + names(e.getKnownPropertyIds()) + ")", e);
        } catch (MismatchedInputException e) {
            Object bad = e instanceof InvalidFormatException f ? f.getValue() : null;
            String value = bad == null ? "" : (bad instanceof CharSequence text ? Quote.of(text)
                    : Quote.bare(String.valueOf(bad))) + " ";
            throw new BadRequestException(verb.name() + " request: " + where(e, 0) + value + "(expected: "
                    + expected(e.getTargetType()) + ")", e);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(verb.name() + " request: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    static JsonObject encode(Object request) {
        try {
            return new JsonObject(MAPPER.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new SockitException("cannot write a " + request.getClass().getSimpleName() + " request as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code a.b: } for the path of the value at fault less its last {@code drop} parts, empty at the top. */
    private static String where(JsonMappingException e, int drop) {
        String path = e.getPath().stream().limit(Math.max(0, e.getPath().size() - drop))
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }

    private static String names(Collection<Object> known) {
        return known == null ? "" : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String firstLine(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        return Quote.escape(nl < 0 ? t : t.substring(0, nl));
    }
}
