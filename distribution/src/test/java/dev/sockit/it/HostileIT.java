package dev.sockit.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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


    // ---------------------------------------------------------------------------------------------------------
    // Standard input and the command line: closed stdin, terminals, FIFOs, bad numbers, unknown commands.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Signals, logging and the audit log: a second signal while draining, the console log, stdout purity.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Config: huge durations and sizes, long values, huge files.
    // ---------------------------------------------------------------------------------------------------------

    /** Runs {@code sockit run -c} on a config that must be refused: exit 2, one calm line on stderr, no Result. */
    static String configRefused(Path config) throws IOException, InterruptedException {
        Dist.Launched l = dist.run("run", "-c", config.toString());
        int code = l.process().exitValue();
        assertCalm(l, code);
        assertEquals(2, code, l.stderr());
        assertEquals("", l.stdout());
        List<String> lines = l.stderr().lines().toList();
        assertEquals(1, lines.size(), l.stderr());
        return lines.get(0);
    }

    @Test
    void config_a_huge_shutdownTimeout_is_refused_at_load_with_its_path_and_line() throws Exception {
        Path config = file("huge-duration.yaml", "runtime:\n  shutdownTimeout: 9999999999999d\n"
                + "processes:\n  echo:\n    kind: tcp-server\n    config: {port: 0}\n");

        assertEquals("sockit: runtime.shutdownTimeout: 239999999999976h (expected: 0s-1h)"
                + "  [huge-duration.yaml line 2]", configRefused(config));
    }

    @Test
    void config_a_huge_idleTimeout_is_refused_with_its_path_and_line() throws Exception {
        Path config = file("huge-idle.yaml", "processes:\n  echo:\n    kind: tcp-server\n    config:\n"
                + "      port: 0\n      idleTimeout: 9999999999999d\n");

        assertEquals("sockit: processes.echo.config.idleTimeout: 239999999999976h (expected: 1ms-24h)"
                + "  [huge-idle.yaml line 6]", configRefused(config));
    }

    @Test
    void config_huge_sizes_are_refused_with_their_path_and_line() throws Exception {
        Path config = file("huge-size.yaml", "processes:\n  echo:\n    kind: tcp-server\n    config:\n"
                + "      port: 0\n      options:\n        receiveBufferSize: 99999999999999999999999\n");
        Path units = file("huge-size-units.yaml", "processes:\n  echo:\n    kind: udp-server\n    config:\n"
                + "      port: 0\n      maxDatagramSize: 9999999999GiB\n");

        assertEquals("sockit: processes.echo.config.options.receiveBufferSize: '99999999999999999999999' is too"
                + " large a size (expected: at most 2GiB - 1)  [huge-size.yaml line 7]", configRefused(config));
        assertEquals("sockit: processes.echo.config.maxDatagramSize: '9999999999GiB' is too large a size"
                + "  [huge-size-units.yaml line 6]", configRefused(units));
    }

    @Test
    void config_a_2_MB_value_is_refused_quickly_in_a_short_line() throws Exception {
        for (int length : new int[] {2 * 1024 * 1024, 600 * 1024}) {
            Path config = file("long-value-" + length + ".yaml", "processes:\n  echo:\n    kind: tcp-server\n"
                    + "    config:\n      port: 0\n      host: \"" + "a".repeat(length) + "\"\n");
            long t0 = System.nanoTime();

            String line = configRefused(config);

            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(line.length() <= 200, line.length() + " characters: " + line);
            assertTrue(line.contains("long-value-" + length + ".yaml"), line);
            assertTrue(ms < 15_000, "took " + ms + " ms");
            if (length < 1024 * 1024) {   // within the file limit: refused for its line, which is named
                assertEquals("sockit: line 6 is " + (length + 14) + " characters long (expected: at most 65536)"
                        + "  [long-value-" + length + ".yaml line 6]", line);
            }
        }
    }

    @Test
    void config_a_20_MB_file_is_refused_by_its_size() throws Exception {
        Path config = work.resolve("huge-file.yaml");
        try (var out = Files.newBufferedWriter(config)) {
            out.write("processes:\n  echo:\n    kind: tcp-server\n    config: {port: 0}\n");
            String comment = "# " + "x".repeat(1022) + "\n";
            for (int i = 0; i < 20 * 1024; i++) {
                out.write(comment);
            }
        }

        assertEquals("sockit: config file is larger than 1 MiB: " + config.toAbsolutePath()
                + " (expected: a config, at most 1048576 bytes)", configRefused(config));
    }

    @Test
    void config_an_audit_log_that_cannot_be_written_is_refused_in_plain_words() throws Exception {
        Path config = file("bad-audit.yaml", "runtime:\n  audit: /proc/no-such-dir/audit.jsonl\n"
                + "processes:\n  echo:\n    kind: tcp-server\n    config: {port: 0}\n");

        assertEquals("sockit: runtime.audit: cannot write the audit log /proc/no-such-dir/audit.jsonl (no such file"
                + " or directory: /proc/no-such-dir)  [bad-audit.yaml line 2]", configRefused(config));
    }

    @Test
    void config_forwardTo_a_missing_process_or_itself_and_a_bad_host_are_refused_with_path_and_line()
            throws Exception {
        Path missing = file("forward-missing.yaml", "processes:\n  front:\n    kind: tcp-server\n    config:\n"
                + "      port: 0\n      handler: forward\n      forwardTo: nobody\n"
                + "  other:\n    kind: tcp-server\n    config: {port: 0}\n");
        Path self = file("forward-self.yaml", "processes:\n  front:\n    kind: udp-server\n    config:\n"
                + "      port: 0\n      handler: forward\n      forwardTo: front\n");
        Path host = file("bad-host.yaml", "processes:\n  echo:\n    kind: tcp-server\n    config:\n"
                + "      port: 0\n      host: \"not a host!!\"\n");

        assertEquals("sockit: processes.front.config.forwardTo: 'nobody' is not a process of this config"
                + " (expected one of: other)  [forward-missing.yaml line 7]", configRefused(missing));
        assertEquals("sockit: processes.front.config.forwardTo: 'front' is this process itself (expected: the id"
                + " of another process)  [forward-self.yaml line 7]", configRefused(self));
        assertEquals("sockit: processes.echo.config.host: 'not a host!!' is not a host (expected: an IP address"
                + " such as 127.0.0.1 or ::1, or a host name such as localhost)  [bad-host.yaml line 6]",
                configRefused(host));
    }



    // ---------------------------------------------------------------------------------------------------------
    // End of the hostile cases.
    // ---------------------------------------------------------------------------------------------------------
}
