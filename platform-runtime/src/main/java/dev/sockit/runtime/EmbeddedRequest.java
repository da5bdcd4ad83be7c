package dev.sockit.runtime;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ProcessState;
import dev.sockit.api.Result;
import dev.sockit.api.SockitException;
import dev.sockit.api.Verb;
import dev.sockit.runtime.config.SockitConfig;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A command served by a plugin (DESIGN §7): starts an embedded runtime with the plugins of the sockit home and one
 * process of the plugin's kind, sends it one request over the event bus, and stops it. The runtime's own INFO
 * logging is turned down to warnings, so that the command prints its Result and little else.
 */
public final class EmbeddedRequest {

    private EmbeddedRequest() {
    }

    /**
     * Sends {@code request} to {@code verb} of a process {@code id} of {@code kind} and returns its Result.
     *
     * @throws BadRequestException when the process refuses the request as bad input
     * @throws SockitException     when the plugin is missing, the process fails to start or does not answer in time
     */
    public static <Q> Result send(SockitHome home, String kind, String id, Verb<Q> verb, Q request,
                                  Duration timeout) {
        return send(home, kind, id, verb, request, timeout, null);
    }

    /**
     * Partial Results a request streams before its reply: sent to {@code address}, {@code expected} of them, each
     * handed to {@code sink} as it arrives.
     */
    public record Progress(String address, int expected, Consumer<Result> sink) {
    }

    /** {@link #send}, with the partial Results of {@code progress} (may be null) handed over as they come. */
    public static <Q> Result send(SockitHome home, String kind, String id, Verb<Q> verb, Q request,
                                  Duration timeout, Progress progress) {
        // Commands run once the logging config has loaded (Main.runAfterLogging), so it cannot undo this.
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.WARN);
        SockitConfig config = SockitConfig.ofProcess("(the embedded runtime of 'sockit " + verb.name() + "')", id,
                kind);
        SockitRuntime runtime;
        try {
            runtime = SockitRuntime.start(config, home);
        } catch (ConfigException e) {
            throw new SockitException("'sockit " + verb.name() + "' needs the " + kind + " plugin in "
                    + home.resolve(config.runtime().plugins()) + ": " + e.getMessage(), e);
        }
        try {
            ProcessRecord process = runtime.supervisor().record(id);
            if (process == null || process.state() != ProcessState.RUNNING) {
                throw new SockitException("the " + kind + " process did not start"
                        + (process == null || process.cause() == null ? "" : ": " + process.cause()));
            }
            CountDownLatch pending = new CountDownLatch(progress == null ? 0 : progress.expected());
            if (progress != null) {
                runtime.vertx().eventBus().<JsonObject>consumer(progress.address(), m -> {
                    progress.sink().accept(Result.fromJson(m.body()));
                    pending.countDown();
                });
            }
            Result result;
            try {
                result = runtime.request(verb, id, request, timeout).await(timeout.plusSeconds(5));
            } catch (ReplyException e) {
                throw new SockitException(kind + " failed: " + e.getMessage(), e);
            } catch (TimeoutException e) {
                throw new SockitException(kind + " did not answer within " + timeout.toSeconds() + "s", e);
            }
            // The last partial Result can still be on its way: wait for it (2 s at most), so that it prints first.
            awaitQuietly(pending);
            return result;
        } finally {
            runtime.stop();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
