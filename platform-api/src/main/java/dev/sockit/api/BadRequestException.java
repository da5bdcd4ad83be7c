package dev.sockit.api;

/**
 * A request that cannot be taken because of what it asks: a missing file, an input of no known format, an unknown
 * option, a body that does not bind to the verb's request type. The message names what is wrong and where.
 *
 * <p>The one bad-input exception of the platform: a verb handler that throws it fails the request with
 * {@link Addresses#FAILURE_BAD_REQUEST} (400) and this message; the runtime's
 * {@code request(verb, processId, body, timeout)} turns a 400 back into it; the command line prints the message on
 * one line and exits with code 2.
 */
public class BadRequestException extends SockitException {

    private static final long serialVersionUID = 1L;

    /** A bad request described by {@code message}: what is wrong, the value, what was expected. */
    public BadRequestException(String message) {
        super(message);
    }

    /** A bad request described by {@code message}, with the exception that revealed it. */
    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
