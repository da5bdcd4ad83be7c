package dev.sockit.examples.greeter;

import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;

import java.util.List;

/**
 * The config of a greeter process ({@code processes.<id>.config}).
 *
 * @param host     the address to listen on (default 127.0.0.1)
 * @param port     the port to listen on, 0 for any free port
 * @param greeting the line sent to each client (default "hello from sockit")
 * @param options  socket options from the platform's table; the greeter applies {@link #APPLIED} and refuses
 *                 the others
 */
public record GreeterConfig(String host, int port, String greeting, SocketOptions options) {

    /** The host when none is configured. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The greeting when none is configured. */
    public static final String DEFAULT_GREETING = "hello from sockit";
    /** The options a greeter applies to its listening socket. */
    public static final List<OptionKey<?>> APPLIED =
            List.of(SocketOptionTable.TCP_NO_DELAY, SocketOptionTable.RECEIVE_BUFFER_SIZE);

    /** Fills in defaults and validates. */
    public GreeterConfig {
        host = host == null ? DEFAULT_HOST : host;
        Checks.inRange(port, 0, 65535, "port");
        greeting = greeting == null ? DEFAULT_GREETING : greeting;
        options = options == null ? SocketOptions.NONE : options;
        for (OptionKey<?> key : options.keys()) {
            if (!APPLIED.contains(key)) {
                throw new ConfigException("options." + key.name(), "not applied by a greeter (expected: "
                        + SocketOptionTable.TCP_NO_DELAY.name() + " or "
                        + SocketOptionTable.RECEIVE_BUFFER_SIZE.name() + ")");
            }
        }
    }
}
