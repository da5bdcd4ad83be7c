package dev.sockit.runtime.plugins;

import dev.sockit.api.SockitException;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginRuntimeException;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a Throwable out of plugin code becomes one line, and which ones end the runtime. */
class PluginFailuresTest {

    @Test
    void names_the_exception_plugin_code_threw_not_the_wrappers_around_it() {
        IOException real = new IOException("disk on fire");
        Throwable wrapped = new PluginRuntimeException(new InvocationTargetException(
                new CompletionException(real)));
        assertSame(real, PluginFailures.unwrap(wrapped));
        assertEquals("IOException: disk on fire", PluginFailures.describe(wrapped));
        assertEquals("StackOverflowError", PluginFailures.describe(new StackOverflowError()));
        assertEquals("kind 'x' created no process",
                PluginFailures.describe(new SockitException("kind 'x' created no process")));
    }

    @Test
    void keeps_a_pf4j_exception_that_says_more_than_its_cause() {
        Throwable t = new PluginRuntimeException(new IOException("closed"), "Cannot read manifest from {}", "x.jar");
        assertEquals("org.pf4j.PluginRuntimeException: Cannot read manifest from x.jar", PluginFailures.describe(t));
    }

    @Test
    void a_message_becomes_one_escaped_line_of_bounded_length() {
        assertEquals("IllegalStateException: line one line two \\u001b[31m red",
                PluginFailures.describe(new IllegalStateException("line one\r\nline two\n\u001b[31m red")));
        String line = PluginFailures.oneLine("x".repeat(10_000));
        assertEquals(PluginFailures.MAX_LENGTH + 1, line.length());
        assertTrue(line.endsWith("…"));
        assertEquals("short", PluginFailures.oneLine("short"));
    }

    @Test
    void only_virtual_machine_errors_other_than_stack_overflow_are_fatal() {
        assertTrue(PluginFailures.isFatal(new OutOfMemoryError()));
        assertTrue(PluginFailures.isFatal(new InternalError()));
        assertFalse(PluginFailures.isFatal(new StackOverflowError()));
        assertFalse(PluginFailures.isFatal(new AssertionError()));
        assertFalse(PluginFailures.isFatal(new NoClassDefFoundError()));
        OutOfMemoryError oom = new OutOfMemoryError("heap");
        assertSame(oom, assertThrows(OutOfMemoryError.class,
                () -> PluginFailures.rethrowIfFatal(new InvocationTargetException(oom))));
        PluginFailures.rethrowIfFatal(new StackOverflowError());
    }
}
