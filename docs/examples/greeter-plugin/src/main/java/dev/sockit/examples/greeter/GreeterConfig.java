package dev.sockit.examples.greeter;

import dev.sockit.api.Checks;

/**
 * The config of a greeter process ({@code processes.<id>.config}).
 *
 * @param host     the address to listen on (default 127.0.0.1)
 * @param port     the port to listen on, 0 for any free port
 * @param greeting the line sent to each client (default "hello from sockit")
 */
public record GreeterConfig(String host, int port, String greeting) {

    /** The host when none is configured. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The greeting when none is configured. */
    public static final String DEFAULT_GREETING = "hello from sockit";

    /** Fills in defaults and validates. */
    public GreeterConfig {
        host = host == null ? DEFAULT_HOST : host;
        Checks.inRange(port, 0, 65535, "port");
        greeting = greeting == null ? DEFAULT_GREETING : greeting;
    }
}
