package dev.sockit.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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


    // ---------------------------------------------------------------------------------------------------------
    // End of the hostile cases.
    // ---------------------------------------------------------------------------------------------------------
}
