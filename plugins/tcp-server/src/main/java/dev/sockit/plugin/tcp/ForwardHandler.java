package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sockit.api.Addresses;
import dev.sockit.api.SockitException;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.Codecs;
import dev.sockit.api.frame.FrameCodec;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.contracts.ForwardContract;
import dev.sockit.contracts.SharedBufferCodec;
import dev.sockit.net.codec.BuiltInCodecs;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.AsyncResult;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.eventbus.EventBusInternal;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * Hands a connection to another process over the event bus, by version {@value ForwardContract#VERSION} of
 * {@link ForwardContract} (docs/tcp-server.md tells it in full): {@code opened}, one {@code data} request per whole
 * frame and {@code closed} go to {@code sockit.<forwardTo>.connection}; unsolicited writes arrive at the
 * connection's own address, {@code sockit.<processId>.write.<connectionId>}.
 *
 * <p>Nothing is read from the socket until the consumer answers {@code opened}; its reply names the codec and
 * {@code maxInFlight}, and the codec's decoder and encoder go into the connection's pipeline, after the byte
 * counter, with a {@link ForwardChannelHandler} after them that sends the frames and writes the replies. A failed
 * reply refuses the connection, no consumer or no reply within {@value ForwardContract#OPENED_REPLY_TIMEOUT_MS} ms
 * closes it; either way it is closed at once, with the reason in its {@code close} line and {@code closed} event
 * (no reply, or a reply that asks for what cannot be, is also its {@code error}). A failed or timed-out data reply
 * and a frame the codec refuses are the connection's {@code error} too.
 */
final class ForwardHandler implements ConnectionHandler, ForwardChannelHandler.Consumer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECODER = "sockit-frame-decoder";
    private static final String ENCODER = "sockit-frame-encoder";

    private final TcpConnection connection;
    private final EventBus bus;
    private final Codecs codecs;
    private final String processId;
    private final String target;
    private final String writeAddress;
    private final ContextInternal context;
    private DeliveryOptions data;
    private MessageConsumer<Buffer> writes;
    private ForwardChannelHandler frames;
    /** Whether {@code opened} was sent, so that {@code closed} must follow. */
    private final EarlyInput early = new EarlyInput();
    private boolean announced;
    private boolean closed;

    ForwardHandler(TcpConnection connection, EventBus bus, Codecs codecs, String processId, String forwardTo) {
        this.connection = connection;
        this.bus = bus;
        this.codecs = codecs;
        this.processId = processId;
        this.target = ForwardContract.connection(forwardTo);
        this.writeAddress = ForwardContract.connectionWrite(processId, connection.id());
        this.context = connection.context();
    }

    /**
     * The codecs of {@code ctx}'s runtime; a context without a registry (a test's, or a runtime older than the
     * codec extension point) gives the built-in codecs.
     */
    static Codecs codecsOf(ProcessContext<?> ctx) {
        try {
            return ctx.codecs();
        } catch (UnsupportedOperationException e) {
            return BuiltInCodecs.codecs();
        }
    }

    @Override
    public void start() {
        // Nothing is read until the consumer has answered opened and the codec is in place; what the transport
        // reads anyway (a request sent with a FIN) waits in EarlyInput. A client that half-closes (socat or nc at
        // the end of their input) still gets every answer.
        connection.vertxContext().channel().config().setAutoRead(false);
        connection.vertxContext().channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        connection.addService(EarlyInput.NAME, early);
        writes = bus.localConsumer(writeAddress, this::write);
        writes.completion().onComplete(ar -> {
            if (closed) {
                return;
            }
            if (ar.failed()) {
                connection.fail("forward: cannot register " + writeAddress + ": " + ar.cause().getMessage());
                return;
            }
            JsonObject opened = new JsonObject().put(ForwardContract.OPENED_LOCAL, connection.local())
                    .put(ForwardContract.OPENED_REMOTE, connection.remote())
                    .put(ForwardContract.OPENED_WRITE_ADDRESS, writeAddress);
            announced = true;
            bus.<Buffer>request(target, opened.toBuffer(), delivery(ForwardContract.TYPE_OPENED)
                            .setSendTimeout(ForwardContract.OPENED_REPLY_TIMEOUT_MS))
                    .onComplete(this::openedAnswered);
        });
    }

    @Override
    public void closed() {
        closed = true;
        if (writes != null) {
            writes.unregister();
        }
        if (!announced) {
            return;
        }
        JsonObject body = new JsonObject().put(ForwardContract.CLOSED_BYTES_IN, connection.bytesIn())
                .put(ForwardContract.CLOSED_BYTES_OUT, connection.bytesOut())
                .put(ForwardContract.CLOSED_REASON, connection.closeReason());
        bus.send(target, body.toBuffer(), delivery(ForwardContract.TYPE_CLOSED));
    }

    @Override
    public void request(Buffer frame, Completable<ForwardChannelHandler.Reply> done) {
        // Called from the channel's handler, outside any Vert.x context: the request names the connection's own,
        // so that its reply comes back on this event loop (Vert.x's internal request(Context, ...), which spares a
        // dispatch per frame).
        ((EventBusInternal) bus).<Buffer>request(context, target, frame, data).onComplete((m, failure) -> {
            if (failure == null) {
                done.succeed(new ForwardChannelHandler.Reply(m.body(),
                        "true".equalsIgnoreCase(m.headers().get(ForwardContract.HEADER_CLOSE))));
            } else {
                done.fail(new SockitException(replyFailure(failure, data.getSendTimeout())));
            }
        });
    }

    @Override
    public void failed(String reason) {
        connection.fail(reason.startsWith("forward: ") ? reason : "forward: " + reason);
    }

    @Override
    public void close() {
        connection.close("forward: closed by " + target);
    }

    @Override
    public void ended() {
        // The peer half-closed and has every answer: closed as the peer's own close, with no reason.
        connection.close("");
    }

    private DeliveryOptions delivery(String type) {
        return new DeliveryOptions().addHeader(ForwardContract.HEADER_TYPE, type)
                .addHeader(ForwardContract.HEADER_PROCESS, processId)
                .addHeader(ForwardContract.HEADER_CONNECTION_ID, Long.toString(connection.id()))
                .addHeader(ForwardContract.HEADER_VERSION, Integer.toString(ForwardContract.VERSION));
    }

    private void openedAnswered(AsyncResult<Message<Buffer>> answer) {
        if (closed) {
            return;
        }
        if (answer.failed()) {
            // A refusal and a missing consumer are answers, journalled as the close's reason; no answer is an error.
            if (answer.cause() instanceof ReplyException e && e.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                connection.close("forward: refused by " + target + ": " + e.getMessage());
            } else if (answer.cause() instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS) {
                connection.close("forward: no handler for " + target);
            } else {
                connection.fail(replyFailure(answer.cause(), ForwardContract.OPENED_REPLY_TIMEOUT_MS)
                        .replace("no reply", "no reply to opened"));
            }
            return;
        }
        Accepted accepted;
        try {
            accepted = accepted(answer.result().body());
        } catch (SockitException e) {
            connection.fail("forward: opened reply from " + target + ": " + e.getMessage());
            return;
        }
        // A frame's payload is made for its one request and not touched after: handed over, not copied.
        SharedBufferCodec.register(bus);
        data = delivery(ForwardContract.TYPE_DATA).setSendTimeout(accepted.replyTimeoutMs())
                .setCodecName(SharedBufferCodec.NAME);
        var encoder = accepted.codec().newEncoder();
        frames = new ForwardChannelHandler(accepted.maxInFlight(), this, encoder);
        ChannelHandlerContext first = connection.addService(DECODER, accepted.codec().newDecoder());
        first.pipeline().addAfter(DECODER, ENCODER, encoder);
        first.pipeline().addAfter(ENCODER, ForwardChannelHandler.NAME, frames);
        frames.start(early.inputEnded());
        early.replay();
    }

    /** What the consumer's reply to {@code opened} asks for. */
    private record Accepted(FrameCodec codec, int maxInFlight, long replyTimeoutMs) {
    }

    /** The codec, {@code maxInFlight} and reply timeout the {@code opened} reply {@code body} asks for. */
    private Accepted accepted(Buffer body) {
        JsonNode json;
        try {
            json = body == null || body.length() == 0 ? JsonNodeFactory.instance.objectNode()
                    : JSON.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw new SockitException("not JSON (expected: {\"codec\": ..., \"maxInFlight\": n} or empty): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SockitException("unreadable: " + e.getMessage(), e);
        }
        if (json == null || json.isNull() || json.isMissingNode()) {
            json = JsonNodeFactory.instance.objectNode();
        }
        if (!json.isObject()) {
            throw new SockitException("'" + json + "' is not an object (expected: {\"codec\": ..., "
                    + "\"maxInFlight\": n} or empty)");
        }
        JsonNode codecJson = json.get(ForwardContract.OPENED_CODEC);
        FrameCodec codec;
        try {
            codec = codecs.create(codecJson == null || codecJson.isNull()
                    ? CodecSpec.of(ForwardContract.DEFAULT_CODEC) : CodecSpec.fromJson(codecJson));
        } catch (SockitException e) {
            throw new SockitException(ForwardContract.OPENED_CODEC + ": " + e.getMessage(), e);
        }
        int maxInFlight = (int) number(json, ForwardContract.OPENED_MAX_IN_FLIGHT,
                ForwardContract.DEFAULT_MAX_IN_FLIGHT, ForwardContract.MIN_MAX_IN_FLIGHT,
                ForwardContract.MAX_MAX_IN_FLIGHT);
        long replyTimeout = number(json, ForwardContract.OPENED_REPLY_TIMEOUT,
                ForwardContract.DEFAULT_REPLY_TIMEOUT_MS, 1, ForwardContract.MAX_REPLY_TIMEOUT_MS);
        return new Accepted(codec, maxInFlight, replyTimeout);
    }

    private static long number(JsonNode json, String key, long def, long min, long max) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            throw new SockitException(key + ": " + n + " (expected: an integer " + min + "-" + max + ")");
        }
        return n.asLong();
    }

    /** A failed request to the consumer in plain words. */
    private String replyFailure(Throwable cause, long timeoutMs) {
        if (cause instanceof ReplyException e) {
            return switch (e.failureType()) {
                case NO_HANDLERS -> "forward: no handler for " + target;
                case TIMEOUT -> "forward: no reply from " + target + " within " + timeoutMs + " ms";
                case RECIPIENT_FAILURE -> "forward: " + target + " failed (" + e.failureCode() + "): "
                        + e.getMessage();
                default -> "forward: " + target + ": " + e.getMessage();
            };
        }
        return "forward: " + target + ": " + (cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName());
    }

    /** An unsolicited write: a Buffer body, through the encoder; header {@code close: true} closes after it. */
    private void write(Message<Buffer> message) {
        boolean close = "true".equalsIgnoreCase(message.headers().get(ForwardContract.HEADER_CLOSE));
        Buffer body = message.body();
        if (body == null && !close) {
            message.fail(Addresses.FAILURE_BAD_REQUEST, "no body and no close header (expected: a Buffer body,"
                    + " header close: true, or both)");
            return;
        }
        ChannelHandlerContext ctx = frames == null ? null : connection.vertxContext().pipeline()
                .context(ForwardChannelHandler.NAME);
        if (ctx == null || closed || !ctx.channel().isActive() || !ctx.channel().isWritable()) {
            message.fail(ForwardContract.FAILURE_NOT_WRITABLE, "connection " + connection.id() + " of "
                    + processId + " is " + (ctx == null ? "not open for writes yet" : closed
                    || !ctx.channel().isActive() ? "closed" : "not writable (the peer is not reading)"));
            return;
        }
        Future<Void> written = body == null || body.length() == 0 ? Future.succeededFuture()
                : toFuture(ctx.writeAndFlush(((BufferInternal) body).getByteBuf()));
        written.onComplete(ar -> {
            if (ar.failed()) {
                message.fail(Addresses.FAILURE_INTERNAL, "write failed: " + ar.cause().getMessage());
                return;
            }
            if (close) {
                connection.socket().end();
            }
            message.reply(null);
        });
    }

    private Future<Void> toFuture(io.netty.util.concurrent.Future<? super Void> netty) {
        Promise<Void> promise = context.promise();
        netty.addListener(f -> {
            if (f.isSuccess()) {
                promise.complete();
            } else {
                promise.fail(f.cause());
            }
        });
        return promise.future();
    }
}
