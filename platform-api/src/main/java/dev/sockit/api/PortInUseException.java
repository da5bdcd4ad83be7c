package dev.sockit.api;

import java.util.Objects;

/**
 * A port a process was configured to bind is taken. The message is the {@link PortCheck#message()} sentence
 * ({@code tcp port 7007 on 127.0.0.1 is already in use (pid 4711, java)}); the runtime reports it, with the
 * check's recommendation, as an error {@link Result}.
 */
public class PortInUseException extends SockitException {

    private final transient PortCheck check;

    /** Creates the exception from the check that found the port taken. */
    public PortInUseException(PortCheck check) {
        super(Objects.requireNonNull(check, "check").message());
        this.check = check;
    }

    /** The check that found the port taken. */
    public PortCheck check() {
        return check;
    }
}
