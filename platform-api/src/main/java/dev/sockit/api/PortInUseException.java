package dev.sockit.api;

import java.util.Locale;
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

    /**
     * Whether {@code e}, or one of its causes, is the operating system's "address already in use" (EADDRINUSE),
     * as a bind that lost a race for its port reports it.
     */
    public static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The check that found the port taken. */
    public PortCheck check() {
        return check;
    }
}
