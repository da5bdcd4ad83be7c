package dev.sockit.api;

import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request/reply verb of a process: its name, the last part of {@code sockit.<processId>.<verb>}, and the type its
 * request body binds to. Contracts declare verbs as constants, so that the server
 * ({@code ProcessContext.serve(verb, handler)}) and every client (the runtime's {@code request(verb, processId, body,
 * timeout)}) agree on both:
 * <pre>{@code
 * public static final Verb<ExplainRequest> EXPLAIN = Verb.of("explain", ExplainRequest.class);
 * }</pre>
 * Bodies are JSON objects bound with Jackson: component names are the keys, an unknown key or a value of the wrong
 * type is a {@link BadRequestException} naming it. The reply is a {@link Result}.
 *
 * @param name        the verb, such as {@code explain}: lower-case letters, digits and dashes
 * @param requestType the record (or bean) a request body binds to
 * @param <Q>         the request type
 */
public record Verb<Q>(String name, Class<Q> requestType) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** Checks the name (it becomes part of an address) and the type. */
    public Verb {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestType, "requestType");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("verb name " + Quote.of(name)
                    + " (expected: lower-case letters, digits and dashes, starting with a letter)");
        }
    }

    /** The verb {@code name} whose requests bind to {@code requestType}. */
    public static <Q> Verb<Q> of(String name, Class<Q> requestType) {
        return new Verb<>(name, requestType);
    }

    /** {@code sockit.<processId>.<name>}: where a process of this node serves the verb. */
    public String address(String processId) {
        return Addresses.request(processId, name);
    }

    /**
     * The request in {@code body}: a {@link JsonObject} (or {@code null}, read as an empty one) bound to
     * {@link #requestType()}.
     *
     * @throws BadRequestException for a body that is not an object, has an unknown key or a value of the wrong type
     */
    public Q bind(Object body) {
        return VerbCodec.bind(this, body);
    }

    /** The body of {@code request}: its components as a JSON object, in their order ({@code null}s included). */
    public JsonObject body(Q request) {
        return VerbCodec.encode(request);
    }
}
