package dev.sockit.plugin.eventhandler;

import dev.sockit.api.Addresses;
import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.contracts.ForwardContract;
import dev.sockit.contracts.PoolContract;
import dev.sockit.contracts.SharedBufferCodec;
import dev.sockit.net.EventLoops;
import dev.sockit.plugin.eventhandler.handlers.RouteKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * One instance of an {@code event-handler}: a consumer of {@code sockit.<id>.connection} (a {@code tcp-server}'s
 * {@code opened}, {@code data} and {@code closed}) and of {@code sockit.<id>.datagram} (a {@code udp-server}'s
 * datagrams), speaking the forward contract v2. Each {@code data} frame and each datagram runs through the chain;
 * nothing is queued here: the server bounds what is outstanding per connection ({@code maxInFlight}).
 *
 * <p>With one instance and a chain that routes to a process, the consumers run on that process's home loop
 * ({@link dev.sockit.contracts.PoolContract#homeLoop}), where a {@code connection-pool} runs: the route's request
 * and reply then cost no thread wake-ups. The chain, the counters and the connections are thread-safe either way.
 */
final class EventHandlerVerticle extends VerticleBase {

    /** The {@code version} header this consumer speaks. */
    private static final String VERSION = Integer.toString(ForwardContract.VERSION);
    /** Replies hand their payload over (made for this reply, never touched again) instead of having it copied. */
    private static final DeliveryOptions REPLY = SharedBufferCodec.options();
    private static final DeliveryOptions CLOSE = SharedBufferCodec.options()
            .addHeader(ForwardContract.HEADER_CLOSE, "true");
    private static final DeliveryOptions CLOSE_EMPTY = new DeliveryOptions()
            .addHeader(ForwardContract.HEADER_CLOSE, "true");

    private final EventHandlerProcess process;
    private final ProcessContext<EventHandlerConfig> context;
    private final EventHandlerConfig.OnError onError;
    private final Journal tcpJournal;
    private final Journal udpJournal;
    private MessageConsumer<Object> connections;
    private MessageConsumer<Object> datagrams;

    EventHandlerVerticle(EventHandlerProcess process) {
        this.process = process;
        this.context = process.context();
        this.onError = context.config().onError();
        this.tcpJournal = context.journal().on(Protocol.TCP);
        this.udpJournal = context.journal().on(Protocol.UDP);
    }

    @Override
    public Future<?> start() {
        SharedBufferCodec.register(vertx.eventBus());
        String pool = homePool(process.chain(), context.instances());
        if (pool == null) {
            return register();
        }
        // One instance routing to a process: consume on that process's home loop (PoolContract.homeLoop), so
        // that the route's request and its reply stay on one thread instead of waking the pool's and this one's.
        int loop = PoolContract.homeLoop(pool, EventLoops.count(vertx));
        Context home = EventLoops.contextOn(vertx, loop);
        // ... and say so: a tcp-server forwarding here then serves its connections on that loop too.
        EventLoops.publish(vertx, context.id(), loop);
        Promise<Void> registered = Promise.promise();
        home.runOnContext(v -> register().onComplete(registered));
        return registered.future();
    }

    /**
     * The process whose home loop the consumers of a process with {@code instances} instances and {@code chain}
     * run on: the first {@code route: <process>} step's, for one instance; {@code null} (the verticle's own loop)
     * for a chain without one, or for more instances, which spread over loops instead.
     */
    static String homePool(FrameChain chain, int instances) {
        if (instances != 1) {
            return null;
        }
        for (FrameHandler h : chain.handlers()) {
            String p = RouteKind.processOf(h);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private Future<Void> register() {
        connections = vertx.eventBus().consumer(ForwardContract.connection(context.id()), this::onConnectionMessage);
        datagrams = vertx.eventBus().consumer(ForwardContract.datagram(context.id()), this::onDatagram);
        return Future.all(connections.completion(), datagrams.completion()).mapEmpty();
    }

    @Override
    public Future<?> stop() {
        // Consumers registered on a home context do not go with the verticle's: unregistered here.
        EventLoops.withdraw(vertx, context.id());
        return Future.all(connections == null ? Future.succeededFuture() : connections.unregister(),
                datagrams == null ? Future.succeededFuture() : datagrams.unregister());
    }

    private void onConnectionMessage(Message<Object> msg) {
        MultiMap h = msg.headers();
        if (!versionOk(msg)) {
            return;
        }
        String type = h.get(ForwardContract.HEADER_TYPE);
        String source = h.get(ForwardContract.HEADER_PROCESS);
        long id = connectionId(h.get(ForwardContract.HEADER_CONNECTION_ID));
        if (source == null || id < 0) {
            refuse(msg, "headers process and connectionId (a number) are required, got process=" + source
                    + " connectionId=" + h.get(ForwardContract.HEADER_CONNECTION_ID));
            return;
        }
        if (ForwardContract.TYPE_DATA.equals(type)) {
            onData(msg, source, id);
        } else if (ForwardContract.TYPE_OPENED.equals(type)) {
            onOpened(msg, source, id);
        } else if (ForwardContract.TYPE_CLOSED.equals(type)) {
            process.connections.closed(source, id);
        } else {
            refuse(msg, "type " + type + " (expected: opened, data or closed)");
        }
    }

    private void onOpened(Message<Object> msg, String source, long id) {
        JsonObject body;
        try {
            Buffer b = body(msg);
            body = b == null || b.length() == 0 ? new JsonObject() : new JsonObject(b);
        } catch (DecodeException | ClassCastException e) {
            refuse(msg, "the opened body is not a JSON object: " + e.getMessage());
            return;
        }
        process.connections.opened(source, id, body.getString(ForwardContract.OPENED_LOCAL, ""),
                body.getString(ForwardContract.OPENED_REMOTE, ""));
        msg.reply(process.openedReply());
    }

    private void onData(Message<Object> msg, String source, long id) {
        Buffer payload = body(msg);
        if (payload == null) {
            refuse(msg, "a data message without a Buffer body");
            return;
        }
        Connections.Connection c = process.connections.get(source, id);
        Frame frame = new Frame(context.id(), source, id, c == null ? "" : c.remote(), c == null ? "" : c.local(),
                Protocol.TCP, vertx, context.logger(), tcpJournal);
        run(msg, frame, payload);
    }

    private void onDatagram(Message<Object> msg) {
        if (!versionOk(msg)) {
            return;
        }
        MultiMap h = msg.headers();
        Buffer payload = body(msg);
        String source = h.get(ForwardContract.HEADER_PROCESS);
        if (payload == null || source == null) {
            refuse(msg, "a datagram needs a Buffer body and the header process");
            return;
        }
        process.datagrams.increment();
        String peer = h.get(ForwardContract.HEADER_PEER);
        String local = h.get(ForwardContract.HEADER_LOCAL);
        Frame frame = new Frame(context.id(), source, 0, peer == null ? "" : peer, local == null ? "" : local,
                Protocol.UDP, vertx, context.logger(), udpJournal);
        run(msg, frame, payload);
    }

    private void run(Message<Object> msg, Frame frame, Buffer payload) {
        process.frames.increment();
        process.bytesIn.add(payload.length());
        process.chain().run(frame, payload).onComplete(ar -> {
            if (ar.succeeded()) {
                answer(msg, ar.result());
            } else {
                failed(msg, frame, ar.cause());
            }
        });
    }

    private void answer(Message<Object> msg, FrameAction action) {
        // No body writes nothing; an empty one is an empty frame (echo answers an empty line with an empty line).
        Buffer out = action.step() == FrameAction.Step.CONTINUE ? null : action.payload();
        if (out != null) {
            process.replies.increment();
            process.bytesOut.add(out.length());
        }
        if (action.step() == FrameAction.Step.CLOSE) {
            process.closes.increment();
            msg.reply(out, out == null ? CLOSE_EMPTY : CLOSE);
        } else if (out == null) {
            msg.reply(null);
        } else {
            msg.reply(out, REPLY);
        }
    }

    private void failed(Message<Object> msg, Frame frame, Throwable cause) {
        process.errors.increment();
        String reason = oneLine(String.valueOf(cause.getMessage()));
        frame.journal().error(frame.connectionId(), frame.local(), frame.peer(), 0, 0,
                "frame from '" + frame.sourceProcess() + "' failed: " + reason);
        if (onError == EventHandlerConfig.OnError.REPLY) {
            Buffer error = Buffer.buffer(("error: " + reason).getBytes(StandardCharsets.UTF_8));
            process.replies.increment();
            process.bytesOut.add(error.length());
            msg.reply(error);
        } else {
            msg.fail(Addresses.FAILURE_INTERNAL, reason);
        }
    }

    private boolean versionOk(Message<Object> msg) {
        String version = msg.headers().get(ForwardContract.HEADER_VERSION);
        if (VERSION.equals(version)) {
            return true;
        }
        refuse(msg, "forward contract version " + version + " (expected: " + VERSION + ")");
        return false;
    }

    /** Counts and, for a request, fails a message this consumer cannot read; logs it at most once a message. */
    private void refuse(Message<Object> msg, String problem) {
        process.badMessages.increment();
        String text = "'" + context.id() + "' cannot serve a message on " + msg.address() + ": " + problem;
        context.logger().log(System.Logger.Level.DEBUG, text);
        if (msg.replyAddress() != null) {
            msg.fail(Addresses.FAILURE_BAD_REQUEST, text);
        }
    }

    private static Buffer body(Message<Object> msg) {
        Object o = msg.body();
        if (o instanceof Buffer b) {
            return b;
        }
        if (o instanceof byte[] bytes) {
            return Buffer.buffer(bytes);
        }
        return null;
    }

    private static long connectionId(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ');
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
