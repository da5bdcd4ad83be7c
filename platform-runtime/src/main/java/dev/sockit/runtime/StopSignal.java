package dev.sockit.runtime;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGINT and SIGTERM into a graceful stop with sockit's own exit code, and a second one into an immediate
 * exit with {@link #SECOND_SIGNAL_EXIT} (130). Both signals get handlers of their own ({@code sun.misc.Signal},
 * module {@code jdk.unsupported}), so the first one does not start the JVM's shutdown: the run stops, prints its
 * Result and exits with 0 or 1 as usual, and a second signal can still end a drain that takes too long.
 *
 * <p>A signal that was ignored when the JVM started stays ignored (the JVM installs no handler for it), as a shell
 * does for SIGINT to a command it starts in the background. Where no handler can be installed ({@code -Xrs}), a
 * shutdown hook still asks the run to stop and waits (up to a limit) while it does; the run then ends the JVM
 * itself with {@link #finish(int)}, halting with its code instead of the signal's 143 or 130. The hook also covers
 * any other shutdown, such as SIGHUP.
 */
public final class StopSignal {

    /** The exit code after a second SIGINT or SIGTERM: at once, without finishing the graceful stop. */
    static final int SECOND_SIGNAL_EXIT = 130;

    private static final Logger LOG = LogManager.getLogger(StopSignal.class);
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();
    private final Thread hook;
    /** Restores the handlers that were there before ours. */
    private final List<Runnable> restore = new ArrayList<>();
    private volatile boolean inShutdown;

    /** Installs the handlers and the hook; the hook waits at most {@code limit} for the run to finish stopping. */
    public StopSignal(Duration limit) {
        hook = new Thread(() -> {
            inShutdown = true;
            requested.countDown();
            try {
                finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sockit-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String signal : SIGNALS) {
            handle(signal);
        }
    }

    /**
     * Installs {@link #received(String)} for {@code SIG<name>}. Through reflection: javac reports any direct use of
     * {@code sun.misc} as internal proprietary API, and the build fails on warnings.
     */
    private void handle(String name) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(StopSignal.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            received(name);
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "sockit handler of SIG" + name;
                        };
                    });
            Method install = signalType.getMethod("handle", signalType, handlerType);
            Object signal = signalType.getConstructor(String.class).newInstance(name);
            Object previous = install.invoke(null, signal, handler);
            restore.add(() -> {
                try {
                    install.invoke(null, signal, previous);
                } catch (ReflectiveOperationException e) {
                    LOG.debug("SIG{}: the previous handler could not be restored: {}", name, e.toString());
                }
            });
        } catch (InvocationTargetException e) {
            // The JVM keeps the signal for itself (-Xrs): the shutdown hook stops the run instead.
            LOG.debug("SIG{} has no handler of sockit's: {}", name, e.getCause().toString());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("SIG{} has no handler of sockit's (sun.misc.Signal is not available): {}", name, e.toString());
        }
    }

    /** The first signal asks the run to stop; the second ends the JVM at once with {@link #SECOND_SIGNAL_EXIT}. */
    private void received(String name) {
        if (received.getAndIncrement() == 0) {
            LOG.info("SIG{} received: stopping gracefully", name);
            requested.countDown();
            return;
        }
        LOG.warn("SIG{} received while stopping: exiting at once with {}", name, SECOND_SIGNAL_EXIT);
        System.out.flush();
        Runtime.getRuntime().halt(SECOND_SIGNAL_EXIT);
    }

    /** Asks the run to stop for a reason of its own, as a first signal does; a signal after it exits at once. */
    public void request() {
        if (received.getAndIncrement() == 0) {
            requested.countDown();
        }
    }

    /** Blocks until a stop is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** Whether a stop was requested by a signal (or a JVM shutdown), so that a second one exits at once. */
    public boolean requested() {
        return requested.getCount() == 0;
    }

    /**
     * Ends the run with {@code code}: during a JVM shutdown, flushes the logs and halts the JVM with it; otherwise
     * puts back the signal handlers that were there before, removes the hook and returns {@code code} for the caller
     * to exit with.
     */
    public int finish(int code) {
        restore.forEach(Runnable::run);
        restore.clear();
        if (inShutdown) {
            System.out.flush();
            LogManager.shutdown();
            // Not finished.countDown(): the hook would return and the JVM exit with the signal's status first.
            Runtime.getRuntime().halt(code);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM began shutting down meanwhile; the hook finds the run finished.
            finished.countDown();
        }
        return code;
    }
}
