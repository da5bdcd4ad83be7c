package dev.sockit.runtime.plugins;

import dev.sockit.api.SockitException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.pf4j.PluginRuntimeException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the runtime does with a {@link Throwable} that came out of plugin code (a Plugin class, an extension's
 * constructor, {@code create}, a verticle, {@code status()}, a handler). Java's rules on checked exceptions do
 * not hold there (Kotlin throws them undeclared), so the runtime catches every Throwable and lets through only
 * those after which the JVM itself cannot be trusted ({@link #isFatal}). The console gets one line
 * ({@link #describe}); the stack trace goes to {@link #TRACES}, which {@code conf/log4j2.xml} writes to
 * {@code sockit.log} only.
 */
public final class PluginFailures {

    /** The logger of stack traces: the log file only (the console has the one-line reason). */
    public static final Logger TRACES = LogManager.getLogger("sockit.traces");

    /** Longest cause a Result or console line quotes. */
    static final int MAX_LENGTH = 300;

    private PluginFailures() {
    }

    /**
     * Whether {@code t} ends the runtime instead of only the process that threw it: a {@link VirtualMachineError}
     * such as {@link OutOfMemoryError} or {@link InternalError}. A {@link StackOverflowError} unwinds the
     * offending stack and leaves the JVM usable, so it is not fatal.
     */
    public static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }

    /** Throws {@code t} (or what it wraps) again if it is {@linkplain #isFatal fatal}; returns otherwise. */
    public static void rethrowIfFatal(Throwable t) {
        Throwable c = unwrap(t);
        if (isFatal(c)) {
            throw (VirtualMachineError) c;
        }
    }

    /** The throwable plugin code threw, without the wrappers of reflection, class initialisation, PF4J, futures. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        for (int i = 0; i < 8 && c.getCause() != null && c.getCause() != c && isWrapper(c); i++) {
            c = c.getCause();
        }
        return c;
    }

    private static boolean isWrapper(Throwable t) {
        if (t instanceof InvocationTargetException || t instanceof ExceptionInInitializerError
                || t instanceof UndeclaredThrowableException || t instanceof CompletionException
                || t instanceof ExecutionException) {
            return true;
        }
        // PF4J's new PluginRuntimeException(cause) says nothing but cause.toString().
        return t instanceof PluginRuntimeException && (t.getMessage() == null
                || t.getMessage().equals(String.valueOf(t.getCause())));
    }

    /**
     * One line naming the real cause: {@code StackOverflowError}, {@code IOException: disk on fire}. Control
     * characters are escaped (a message can come from anywhere) and it is cut at {@value #MAX_LENGTH} characters.
     */
    public static String describe(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof SockitException && c.getMessage() != null && !c.getMessage().isBlank()) {
            return oneLine(c.getMessage());
        }
        Class<?> type = c.getClass();
        String name = type.getName().startsWith("java.") && !type.getSimpleName().isEmpty()
                ? type.getSimpleName() : type.getName();
        String message = c.getMessage();
        return oneLine(message == null || message.isBlank() ? name : name + ": " + message);
    }

    /** {@code text} on one line: CR, LF and tabs become spaces, other control characters {@code \\uXXXX}. */
    public static String oneLine(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 16));
        int i = 0;
        for (; i < text.length() && b.length() < MAX_LENGTH; i++) {
            char ch = text.charAt(i);
            if (ch == '\r' || ch == '\n' || ch == '\t') {
                if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
            } else if (Character.isISOControl(ch)) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        if (i < text.length()) {
            b.setLength(Math.min(b.length(), MAX_LENGTH));
            b.append('…');
        }
        return b.toString().strip();
    }
}
