package dev.sockit.runtime.config;

import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.SocketOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigTreeTest {

    /** The line in the file of the first line of a config given to {@link #tree(String)}. */
    private static final int FIRST_LINE = 5;

    /**
     * What a plugin binds; the compact constructor validates with {@link Checks} like a real one. {@code port}
     * is a primitive, so a config must state it.
     */
    record ServerConfig(String host, int port, Handler handler, Duration idleTimeout, SocketOptions options,
                        List<Handler> fallbacks) {
        ServerConfig {
            host = host == null ? "0.0.0.0" : host;
            Checks.inRange(port, 0, 65535, "port");
            handler = handler == null ? Handler.ECHO : handler;
            idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
            Checks.inRangeOrNull(idleTimeout, Duration.ofSeconds(1), Duration.ofHours(1), "idleTimeout");
            options = options == null ? SocketOptions.NONE : options;
            fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        }
    }

    /** An enum a config names in lower case. */
    enum Handler { ECHO, DISCARD }

    @Test
    void binds_a_config_with_enums_durations_sizes_and_socket_options() {
        ServerConfig config = tree("""
                host: 127.0.0.1
                port: 7007
                handler: Echo
                idleTimeout: 90s
                options:
                  backlog: 128
                  receiveBufferSize: 64KiB
                fallbacks:
                  - discard
                """).bind(ServerConfig.class);

        assertEquals("127.0.0.1", config.host());
        assertEquals(7007, config.port());
        assertEquals(Handler.ECHO, config.handler());
        assertEquals(Duration.ofSeconds(90), config.idleTimeout());
        assertEquals(128, config.options().backlog());
        assertEquals(65536, config.options().receiveBufferSize());
        assertEquals(List.of(Handler.DISCARD), config.fallbacks());
    }

    @Test
    void binds_an_absent_config_as_an_empty_mapping() {
        ConfigTree tree = absentConfig();

        assertEquals("processes.echo.config", tree.path());
        assertEquals(SocketOptions.NONE, tree.bind(SocketOptions.class));
    }

    @Test
    void reports_a_missing_primitive_at_the_line_of_the_nearest_parent() {
        ConfigException e = assertThrows(ConfigException.class, () -> absentConfig().bind(ServerConfig.class));

        assertEquals("processes.echo.config.port: is missing (expected: an integer)  [f.yaml line 2]",
                e.getMessage());
    }

    @Test
    void knows_the_line_of_each_key_below_it() {
        ConfigTree tree = tree("""
                port: 7007
                options:
                  backlog: 128
                fallbacks:
                  - echo
                  - discard
                """);

        assertEquals(FIRST_LINE, tree.lineOf("port"));
        assertEquals(FIRST_LINE + 2, tree.lineOf("options.backlog"));
        assertEquals(FIRST_LINE + 5, tree.lineOf("fallbacks[1]"));
        assertEquals(-1, tree.lineOf("host"));
    }

    @Test
    void rejects_an_unknown_key_inside_config_with_path_and_line() {
        assertBindError("processes.echo.config.prot: unknown key (expected one of: fallbacks, handler,"
                + " host, idleTimeout, options, port)  [f.yaml line 6]", """
                port: 7007
                prot: 7008
                """);
    }

    @Test
    void rejects_an_unknown_socket_option_as_an_unknown_key_listing_the_table() {
        assertBindError("processes.echo.config.options.receiveBufer: unknown key (expected one of: backlog,"
                + " broadcast, ipv6Only, keepAlive, keepAliveCount, keepAliveIdle, keepAliveInterval, receiveBufferSize,"
                + " reuseAddress, reusePort, sendBufferSize, soLinger, tcpCork, tcpFastOpen, tcpNoDelay,"
                + " tcpNotSentLowat, tcpQuickAck, tcpUserTimeout, trafficClass)  [f.yaml line 8]", """
                port: 7007
                options:
                  backlog: 128
                  receiveBufer: 64KiB
                """);
    }

    @Test
    void rejects_a_value_out_of_range_at_the_line_of_its_key() {
        assertBindError("processes.echo.config.port: 70000 (expected: 0-65535)  [f.yaml line 6]", """
                host: 127.0.0.1
                port: 70000
                """);
    }

    @Test
    void rejects_a_value_out_of_range_in_nested_socket_options() {
        assertBindError("processes.echo.config.options.backlog: 0 (expected: 1-65535)  [f.yaml line 8]", """
                port: 7007
                options:
                  tcpNoDelay: true
                  backlog: 0
                """);
    }

    @Test
    void rejects_text_where_an_integer_belongs() {
        assertBindError("processes.echo.config.port: 'abc' is not an integer  [f.yaml line 5]", "port: abc\n");
        assertBindError("processes.echo.config.port: '7007' is not an integer  [f.yaml line 5]", "port: '7007'\n");
        assertBindError("processes.echo.config.port: 1.5 is not an integer  [f.yaml line 5]", "port: 1.5\n");
    }

    @Test
    void rejects_text_where_a_boolean_belongs() {
        assertBindError("processes.echo.config.options.tcpNoDelay: 'yes' is not a boolean  [f.yaml line 7]", """
                port: 7007
                options:
                  tcpNoDelay: yes
                """);
    }

    @Test
    void rejects_null_for_a_primitive() {
        assertBindError("processes.echo.config.port: is missing (expected: an integer)  [f.yaml line 5]",
                "port: ~\n");
    }

    @Test
    void rejects_an_integer_too_large_for_its_field() {
        assertBindError("processes.echo.config.port: Numeric value (99999999999) out of range of int"
                + " (-2147483648 - 2147483647)  [f.yaml line 5]", "port: 99999999999\n");
    }

    @Test
    void rejects_a_list_where_a_mapping_belongs() {
        assertBindError("processes.echo.config.options: a list is not a mapping  [f.yaml line 6]",
                "port: 7007\noptions: [1, 2]\n");
    }

    @Test
    void rejects_an_unknown_enum_value_listing_the_accepted_ones() {
        assertBindError("processes.echo.config.handler: 'shout' is not valid (expected one of: echo, discard)"
                + "  [f.yaml line 6]", "port: 7007\nhandler: shout\n");
    }

    @Test
    void rejects_a_number_for_an_enum() {
        assertBindError("processes.echo.config.handler: 1 is not valid (expected one of: echo, discard)"
                + "  [f.yaml line 6]", "port: 7007\nhandler: 1\n");
    }

    @Test
    void names_the_list_element_of_a_bad_value() {
        assertBindError("processes.echo.config.fallbacks[1]: 'shout' is not valid"
                + " (expected one of: echo, discard)  [f.yaml line 8]", """
                port: 7007
                fallbacks:
                  - echo
                  - shout
                """);
    }

    @Test
    void rejects_a_size_with_an_unknown_unit() {
        assertBindError("processes.echo.config.options.receiveBufferSize: '64XB' has an unknown unit 'XB'"
                + " (expected: bytes or a number with a unit: 65536, 64KiB, 1MiB, 1GiB)  [f.yaml line 7]", """
                port: 7007
                options:
                  receiveBufferSize: 64XB
                """);
    }

    @Test
    void rejects_a_duration_with_an_unknown_unit() {
        assertBindError("processes.echo.config.idleTimeout: '60x' has an unknown unit 'x'"
                + " (expected: a number with a unit: 250ms, 10s, 5m, 1h)  [f.yaml line 6]",
                "port: 7007\nidleTimeout: 60x\n");
    }

    @Test
    void rejects_a_duration_out_of_range_in_the_record() {
        assertBindError("processes.echo.config.idleTimeout: 2h (expected: 1s-1h)  [f.yaml line 6]",
                "port: 7007\nidleTimeout: 2h\n");
    }

    @Test
    void rejects_a_duration_too_long_to_compute_in_the_record_without_overflowing() {
        assertBindError("processes.echo.config.idleTimeout: 239999999999976h (expected: 1s-1h)  [f.yaml line 6]",
                "port: 7007\nidleTimeout: 9999999999999d\n");
    }

    @Test
    void rejects_sizes_above_an_int_and_beyond_a_long_in_plain_words() {
        assertBindError("processes.echo.config.options.receiveBufferSize: 2147483648 bytes is too large (expected:"
                + " at most 2GiB - 1)  [f.yaml line 7]", "port: 7007\noptions:\n  receiveBufferSize: 2GiB\n");
        assertBindError("processes.echo.config.options.receiveBufferSize: '99999999999999999999999' is too large a"
                + " size (expected: at most 2GiB - 1)  [f.yaml line 7]",
                "port: 7007\noptions:\n  receiveBufferSize: 99999999999999999999999\n");
    }

    @Test
    void quotes_at_most_80_characters_of_a_bad_value_in_a_bound_config() {
        assertBindError("processes.echo.config.port: '" + "9x".repeat(40) + "...' (3000 characters) is not an integer"
                + "  [f.yaml line 5]", "port: " + "9x".repeat(1500) + "\n");
        assertBindError("processes.echo.config.idleTimeout: '" + "7".repeat(80) + "...' (3001 characters) has too"
                + " many digits (expected: a number with a unit: 250ms, 10s, 5m, 1h)  [f.yaml line 6]",
                "port: 7007\nidleTimeout: " + "7".repeat(3000) + "s\n");
    }

    /** The config tree of process {@code echo} whose {@code config:} holds {@code yaml}. */
    private static ConfigTree tree(String yaml) {
        String text = "processes:\n  echo:\n    kind: tcp-server\n    config:\n" + yaml.indent(6);
        return ConfigLoader.parse(text, "f.yaml").processes().get("echo").config();
    }

    /** The config tree of a process {@code echo} (line 2) that has no {@code config:}. */
    private static ConfigTree absentConfig() {
        return ConfigLoader.parse("processes:\n  echo:\n    kind: tcp-server\n", "f.yaml")
                .processes().get("echo").config();
    }

    private static void assertBindError(String expected, String yaml) {
        ConfigTree tree = tree(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> tree.bind(ServerConfig.class));
        assertEquals(expected, e.getMessage());
    }
}
