package dev.sockit.plugin.eventhandler;

import dev.sockit.api.ConfigException;
import dev.sockit.api.Units;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.contracts.ForwardContract;
import dev.sockit.plugin.eventhandler.handlers.RouteKind;
import io.vertx.core.Deployable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One configured {@code event-handler}: its chain, built once and shared by its instances (each instance is one
 * more consumer of {@code sockit.<id>.connection} and {@code .datagram}), the connections it was told of, and its
 * counters. Counters are safe to read from any thread.
 */
public final class EventHandlerProcess implements SockitProcess {

    /** The most connections remembered at once; further ones are served, not remembered. */
    public static final int CONNECTIONS_CAP = 65_536;
    /** Time for the route's failure to travel back before the server gives up on the answer. */
    static final Duration REPLY_MARGIN = Duration.ofSeconds(1);

    private final ProcessContext<EventHandlerConfig> context;
    private final FrameChain chain;
    private final Buffer openedReply;
    final Connections connections = new Connections(CONNECTIONS_CAP);
    /** Frames and datagrams received, and their bytes. */
    final LongAdder frames = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    /** Replies with a payload, and their bytes. */
    final LongAdder replies = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    /** Frames whose chain closed the connection. */
    final LongAdder closes = new LongAdder();
    /** Frames whose chain failed. */
    final LongAdder errors = new LongAdder();
    /** Datagrams received. */
    final LongAdder datagrams = new LongAdder();
    /** Messages refused: another contract version, a missing header, an unknown type. */
    final LongAdder badMessages = new LongAdder();

    /**
     * Creates the process of {@code context}: builds the chain with the handler kinds it knows. (The runtime has
     * checked the codec already: {@link EventHandlerKind#codecs}.)
     *
     * @throws ConfigException for an unknown handler, or a handler config its kind refuses
     */
    public EventHandlerProcess(ProcessContext<EventHandlerConfig> context) {
        this(context, Chains.kinds(context));
    }

    /** Creates the process with the handler kinds {@code kinds}: for tests that add kinds of their own. */
    EventHandlerProcess(ProcessContext<EventHandlerConfig> context, Map<String, FrameHandlerKind<?>> kinds) {
        this.context = context;
        EventHandlerConfig config = context.config();
        this.chain = Chains.build(config, kinds, context);
        JsonObject reply = new JsonObject()
                .put(ForwardContract.OPENED_CODEC, new JsonObject(config.codec().toJson().toString()))
                .put(ForwardContract.OPENED_MAX_IN_FLIGHT, config.maxInFlight());
        long replyTimeout = replyTimeoutMillis(chain);
        if (replyTimeout > 0) {
            reply.put(ForwardContract.OPENED_REPLY_TIMEOUT, replyTimeout);
        }
        this.openedReply = reply.toBuffer();
    }

    /**
     * How long the server should wait for a frame's answer, in milliseconds, when the chain routes: its routes'
     * timeouts added up, plus {@link #REPLY_MARGIN}, so that a route's own timeout (which names the address) comes
     * first; at most {@link ForwardContract#MAX_REPLY_TIMEOUT_MS}. 0 for a chain without routes: the server's default.
     */
    static long replyTimeoutMillis(FrameChain chain) {
        Duration routes = chain.handlers().stream().map(RouteKind::timeoutOf).reduce(Duration.ZERO, Duration::plus);
        return routes.isZero() ? 0 : Math.min(ForwardContract.MAX_REPLY_TIMEOUT_MS, routes.plus(REPLY_MARGIN).toMillis());
    }

    @Override
    public Deployable newInstance() {
        return new EventHandlerVerticle(this);
    }

    @Override
    public JsonObject status() {
        EventHandlerConfig config = context.config();
        return new JsonObject()
                .put("codec", new JsonObject(config.codec().toJson().toString()))
                .put("maxInFlight", config.maxInFlight())
                .put("onError", config.onError().json())
                .put("routeTimeout", Units.format(config.routeTimeout()))
                .put("connections", connections.size())
                .put("connectionsCap", connections.cap())
                .put("connectionsOpened", connections.opened.sum())
                .put("connectionsClosed", connections.closed.sum())
                .put("untrackedConnections", connections.untracked.sum())
                .put("frames", frames.sum())
                .put("bytesIn", bytesIn.sum())
                .put("replies", replies.sum())
                .put("bytesOut", bytesOut.sum())
                .put("closes", closes.sum())
                .put("errors", errors.sum())
                .put("datagrams", datagrams.sum())
                .put("badMessages", badMessages.sum())
                .put("chain", chain.status());
    }

    ProcessContext<EventHandlerConfig> context() {
        return context;
    }

    FrameChain chain() {
        return chain;
    }

    /** The body of every {@code opened} reply: {@code {"codec": ..., "maxInFlight": n}}; a copy per reply. */
    Buffer openedReply() {
        return openedReply.copy();
    }
}
