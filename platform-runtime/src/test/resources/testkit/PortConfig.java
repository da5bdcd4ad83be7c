package dev.sockit.testkit;

import dev.sockit.api.Checks;

/** The config of the test kinds: a host and a port. */
public record PortConfig(String host, int port) {
    public PortConfig {
        host = host == null ? "127.0.0.1" : host;
        Checks.inRange(port, 0, 65535, "port");
    }
}
