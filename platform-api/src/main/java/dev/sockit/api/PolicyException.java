package dev.sockit.api;

/** An operation the runtime policy forbids, such as opening a raw socket while raw sockets are not allowed. */
public class PolicyException extends SockitException {

    /** Creates the exception with a message that says what was refused and how to allow it. */
    public PolicyException(String message) {
        super(message);
    }
}
