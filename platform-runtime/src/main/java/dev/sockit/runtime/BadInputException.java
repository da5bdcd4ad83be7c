package dev.sockit.runtime;

/** Bad input to a command (a file of no known format, an unknown option): printed on one line, exit code 2. */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
