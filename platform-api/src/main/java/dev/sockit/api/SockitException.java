package dev.sockit.api;

/** The root of every exception the sockit platform and its plugins throw on purpose. Unchecked. */
public class SockitException extends RuntimeException {

    /** Creates an exception with a message that says what went wrong and where. */
    public SockitException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the cause that led to it. */
    public SockitException(String message, Throwable cause) {
        super(message, cause);
    }
}
