package dev.sockit.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile user does to the real distribution (issue 9): bad plugin files, closed standard input, a second
 * signal while draining, two processes on one port, huge durations, long values. In every case nothing prints a
 * stack trace on the console, stdout carries only Results, and the exit code is 0, 1 or 2 as documented.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HostileIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    static Path file(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }

    /** No Java stack trace on the console, and the exit code is one of the documented ones. */
    static void assertCalm(Dist.Launched l, int exitCode) throws IOException {
        String err = l.stderr();
        String out = l.stdout();
        assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), "stack trace on stderr: " + err);
        assertFalse(out.contains("\tat "), "stack trace on stdout: " + out);
        assertTrue(exitCode == 0 || exitCode == 1 || exitCode == 2, "undocumented exit code " + exitCode);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plugins: garbage jars, throwing plugins, a plugin that takes a built-in kind, duplicate plugin ids.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Ports: two processes on one host:port.
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void ports_two_tcp_servers_on_one_port_are_refused_at_config_time_naming_both_paths_every_time()
            throws IOException, InterruptedException {
        int port = portsFreePort();
        Path config = file("ports-two-tcp.yaml", "processes:\n"
                + "  echo:\n    kind: tcp-server\n    config: { port: " + port + ", handler: echo }\n"
                + "  daytime:\n    kind: tcp-server\n    config: { port: " + port + ", handler: daytime }\n");
        // The issue saw both start in 6 of 7 runs and the second fail in the 7th: the refusal does not depend on
        // who binds first.
        for (int run = 0; run < 3; run++) {
            Dist.Launched l = dist.run("run", "-c", config.toString());
            int exit = l.process().exitValue();
            assertCalm(l, exit);
            assertEquals(2, exit, "exit code; stderr: " + l.stderr());
            String said = l.stdout() + l.stderr();
            assertTrue(said.contains("processes.daytime.config.port: tcp port " + port + " on 127.0.0.1 is already"
                    + " taken by processes.echo.config.port (line 4, "), said);
            assertTrue(said.contains("[ports-two-tcp.yaml line 7]"), said);
        }
    }

    @Test
    void ports_a_wildcard_and_a_loopback_udp_server_on_one_port_are_refused_but_tcp_beside_udp_is_not()
            throws IOException, InterruptedException {
        int port = portsFreePort();
        Path config = file("ports-wildcard.yaml", "processes:\n"
                + "  tcp:\n    kind: tcp-server\n    config: { host: 0.0.0.0, port: " + port + " }\n"
                + "  any:\n    kind: udp-server\n    config: { host: 0.0.0.0, port: " + port + " }\n"
                + "  loop:\n    kind: udp-server\n    config: { host: 127.0.0.1, port: " + port + " }\n");
        Dist.Launched l = dist.run("run", "-c", config.toString());
        int exit = l.process().exitValue();
        assertCalm(l, exit);
        assertEquals(2, exit, "exit code; stderr: " + l.stderr());
        String said = l.stdout() + l.stderr();
        assertTrue(said.contains("processes.loop.config.port: udp port " + port + " on 127.0.0.1 is already taken"
                + " by processes.any.config.port (line 7, udp port " + port + " on 0.0.0.0)"), said);
        assertFalse(said.contains("processes.any.config.port: "), "tcp and udp on one port do not clash: " + said);
    }

    /** A port that was free a moment ago: bound to port 0 on loopback and closed. */
    private static int portsFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }


    // ---------------------------------------------------------------------------------------------------------
    // Standard input and the command line: closed stdin, terminals, FIFOs, bad numbers, unknown commands.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Signals, logging and the audit log: a second signal while draining, the console log, stdout purity.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Config: huge durations and sizes, long values, huge files.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // End of the hostile cases.
    // ---------------------------------------------------------------------------------------------------------
}
