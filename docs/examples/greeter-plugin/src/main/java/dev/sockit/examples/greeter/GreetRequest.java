package dev.sockit.examples.greeter;

import dev.sockit.api.Verb;

/**
 * The body of a {@code greet} request, {@code {"name": "ada"}}: a greeter's contract with its callers.
 *
 * @param name who to greet
 */
public record GreetRequest(String name) {

    /** {@code sockit.<id>.greet}: replies with one finding, the greeting addressed to {@code name}. */
    public static final Verb<GreetRequest> GREET = Verb.of("greet", GreetRequest.class);
}
