package dev.sockit.plugin.eventhandler.handlers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Addresses;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.SockitException;
import dev.sockit.api.Units;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.contracts.SharedBufferCodec;
import dev.sockit.plugin.eventhandler.EventHandlerConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code { route: pool }}: sends the frame's payload as a request to {@code sockit.pool.send} (a
 * {@code connection-pool}'s verb) and replies with the reply's body; {@code { route: { address: ADDRESS,
 * timeout: 2s } }} sends it to any event-bus address. A request to an address carries the headers {@code process},
 * {@code connectionId} and {@code peer} of the frame; one to a process's {@code send} verb carries the payload
 * alone (a pool reads nothing else, and headers cost an allocation and a copy per frame on the proxy's busiest
 * thread). A reply header {@code close: true} closes the connection after the reply. No reply within the timeout ({@code routeTimeout} by default), no consumer at the address, or a
 * failed reply fails the frame with an error that names the address.
 */
@Extension
public final class RouteKind implements FrameHandlerKind<RouteKind.Config> {

    /** The name chains use. */
    public static final String NAME = "route";
    /** The verb {@code route: <process>} sends to: a {@code connection-pool}'s {@code send}. */
    public static final String VERB_SEND = "send";

    /** Creates the extension; PF4J calls this. */
    public RouteKind() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public FrameHandler create(Config config, ProcessContext<?> process) {
        Duration timeout = config.timeout() != null ? config.timeout()
                : process.config() instanceof EventHandlerConfig c ? c.routeTimeout()
                : EventHandlerConfig.DEFAULT_ROUTE_TIMEOUT;
        return new Router(config.process(), config.address(), timeout);
    }

    /**
     * Where a route sends: {@code route: pool} is {@code { process: pool }}.
     *
     * @param process the id of a process whose {@code send} verb gets the frames; or
     * @param address any event-bus address
     * @param timeout how long to wait for the reply; {@code null}: the process's {@code routeTimeout}
     */
    public record Config(String process, String address, Duration timeout) {

        /** Validates: exactly one of process and address. */
        public Config {
            if ((process == null) == (address == null)) {
                throw new ConfigException("", (process == null ? "no target" : "both process and address")
                        + " (expected: a process id such as pool, or { address: ADDRESS } or { process: ID })");
            }
            process = process == null ? null : Checks.processId(process.trim(), "process");
            address = address == null ? Addresses.request(process, VERB_SEND)
                    : Checks.notBlank(address, "address").trim();
            if (timeout != null) {
                Checks.inRangeOrNull(timeout, Duration.ofMillis(1), Duration.ofMinutes(10), "timeout");
            }
        }

        /** {@code route: pool}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Config process(String process) {
            try {
                return new Config(process, null, null);
            } catch (ConfigException e) {
                throw new ConfigException("", e.problem());
            }
        }

        /** {@code route: { process | address: ..., timeout: ... }}. */
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static Config of(@JsonProperty("process") String process,
                                @JsonProperty("address") String address,
                                @JsonProperty("timeout") @JsonDeserialize(using = Units.DurationDeserializer.class)
                                Duration timeout) {
            return new Config(process, address, timeout);
        }
    }

    /** The process {@code handler} sends to if it is a {@code route: <process>}'s; {@code null} otherwise. */
    public static String processOf(FrameHandler handler) {
        return handler instanceof Router r ? r.process : null;
    }

    /** How long {@code handler} may wait for its reply if it is a route's; {@link Duration#ZERO} otherwise. */
    public static Duration timeoutOf(FrameHandler handler) {
        return handler instanceof Router r ? r.timeout : Duration.ZERO;
    }

    /** The handler: one request per frame, with the timeout set on it; nothing is queued here. */
    static final class Router implements FrameHandler {
        private final String process;
        private final String address;
        private final Duration timeout;
        private final long timeoutMillis;
        /**
         * The delivery options of every request of a process route: the same for each frame, so made once (Vert.x
         * only reads them). {@code null} for an address route, whose requests carry the frame's headers.
         */
        private final DeliveryOptions bare;
        /** Whether the shared-buffer codec is known to be registered on the bus this router sends on. */
        private volatile boolean codecRegistered;

        Router(String process, String address, Duration timeout) {
            this.process = process;
            this.address = address;
            this.timeout = timeout;
            this.timeoutMillis = Math.max(1, timeout.toMillis());
            this.bare = process == null ? null : SharedBufferCodec.options().setSendTimeout(timeoutMillis);
        }

        @Override
        public Future<FrameAction> handle(FrameContext frame, Buffer payload) {
            if (!codecRegistered) {
                SharedBufferCodec.register(frame.vertx().eventBus());
                codecRegistered = true;
            }
            // The payload is this frame's own and is not used again here: handed over, not copied.
            DeliveryOptions options = bare != null ? bare : SharedBufferCodec.options().setSendTimeout(timeoutMillis)
                    .addHeader("process", frame.sourceProcess())
                    .addHeader("connectionId", Long.toString(frame.connectionId()))
                    .addHeader("peer", frame.peer());
            return frame.vertx().eventBus().<Object>request(address, payload, options)
                    .transform(ar -> ar.succeeded() ? answer(ar.result())
                            : Future.failedFuture(failure(ar.cause())));
        }

        private Future<FrameAction> answer(Message<Object> reply) {
            Buffer body;
            Object o = reply.body();
            if (o == null) {
                body = Buffer.buffer();
            } else if (o instanceof Buffer b) {
                body = b;
            } else if (o instanceof String s) {
                body = Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
            } else if (o instanceof byte[] bytes) {
                body = Buffer.buffer(bytes);
            } else if (o instanceof JsonObject j) {
                body = j.toBuffer();
            } else if (o instanceof JsonArray j) {
                body = j.toBuffer();
            } else {
                return Future.failedFuture(new SockitException("route to '" + address + "': the reply is a "
                        + o.getClass().getSimpleName() + " (expected: a Buffer, a String, byte[] or JSON)"));
            }
            return Future.succeededFuture("true".equals(reply.headers().get("close"))
                    ? FrameAction.replyAndClose(body) : FrameAction.reply(body));
        }

        private SockitException failure(Throwable t) {
            if (t instanceof ReplyException r) {
                return switch (r.failureType()) {
                    case TIMEOUT -> new SockitException("route to '" + address + "' timed out after "
                            + Units.format(timeout) + " (routeTimeout): no reply from the process there", t);
                    case NO_HANDLERS -> new SockitException("route to '" + address + "': nothing serves that"
                            + " address (expected: a running process, such as a connection-pool, at it)", t);
                    default -> new SockitException("route to '" + address + "' failed (" + r.failureCode() + "): "
                            + r.getMessage(), t);
                };
            }
            return new SockitException("route to '" + address + "' failed: " + t, t);
        }
    }
}
