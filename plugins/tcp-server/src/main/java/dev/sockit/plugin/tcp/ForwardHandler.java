package dev.sockit.plugin.tcp;

import dev.sockit.api.Addresses;
import dev.sockit.contracts.ForwardContract;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

/**
 * Hands a connection to another process over the event bus, the contract docs/tcp-server.md states: its
 * {@code opened}, {@code data} and {@code closed} messages go to {@code sockit.<forwardTo>.connection}, and what
 * that process wants written back arrives at this connection's own address,
 * {@code sockit.<processId>.write.<connectionId>}.
 *
 * <p>{@code opened} is sent as a request, so that a missing consumer ({@code NO_HANDLERS}) or one that refuses the
 * connection ({@code message.fail}) closes it at once; a reply, or none within {@link #OPENED_REPLY_TIMEOUT_MS},
 * accepts it. Everything else is sent without a reply. Reading is not slowed for the other process: the event
 * bus queues what it has not handled yet.
 */
final class ForwardHandler implements ConnectionHandler {

    /** How long the other process may take to refuse a connection by failing {@code opened}. */
    static final long OPENED_REPLY_TIMEOUT_MS = 10_000;

    private final TcpConnection connection;
    private final EventBus bus;
    private final String processId;
    private final String target;
    private final String writeAddress;
    private final DeliveryOptions delivery;
    private MessageConsumer<JsonObject> writes;
    /** Whether {@code opened} was sent, so that {@code closed} must follow. */
    private boolean announced;
    private boolean closed;

    ForwardHandler(TcpConnection connection, EventBus bus, String processId, String forwardTo) {
        this.connection = connection;
        this.bus = bus;
        this.processId = processId;
        this.target = Addresses.request(forwardTo, ForwardContract.VERB_CONNECTION);
        this.writeAddress = ForwardContract.connectionWrite(processId, connection.id());
        this.delivery = new DeliveryOptions().addHeader("process", processId)
                .addHeader("connectionId", Long.toString(connection.id()));
    }

    @Override
    public void start() {
        // Nothing is read until the write address is registered and opened is on its way: data follows opened.
        connection.socket().pause();
        connection.socket().handler(this::received);
        writes = bus.consumer(writeAddress, this::write);
        writes.completion().onComplete(ar -> {
            if (closed) {
                return;
            }
            if (ar.failed()) {
                connection.close("forward: cannot register " + writeAddress + ": " + ar.cause().getMessage());
                return;
            }
            JsonObject opened = message("opened").put("local", connection.local())
                    .put("remote", connection.remote()).put("writeAddress", writeAddress);
            bus.request(target, opened, new DeliveryOptions(delivery).setSendTimeout(OPENED_REPLY_TIMEOUT_MS))
                    .onComplete(this::openedAnswered);
            announced = true;
            connection.socket().resume();
        });
    }

    private void received(Buffer buffer) {
        bus.send(target, message("data").put("data", Base64.getEncoder().encodeToString(buffer.getBytes())),
                delivery);
    }

    @Override
    public void closed() {
        closed = true;
        writes.unregister();
        if (!announced) {
            return;
        }
        bus.send(target, message("closed").put("bytesIn", connection.bytesIn())
                .put("bytesOut", connection.bytesOut()), delivery);
    }

    private JsonObject message(String type) {
        return new JsonObject().put("type", type).put("process", processId).put("connectionId", connection.id());
    }

    private void openedAnswered(AsyncResult<?> answer) {
        if (answer.succeeded() || !(answer.cause() instanceof ReplyException e)) {
            return;
        }
        if (e.failureType() == ReplyFailure.NO_HANDLERS) {
            connection.close("forward: no handler for " + target);
        } else if (e.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            connection.close("forward: refused by " + target + ": " + e.getMessage());
        }
    }

    /** {@code {connectionId, data: base64}}, {@code {connectionId, close: true}} or both: write, then end. */
    private void write(Message<JsonObject> message) {
        JsonObject body = message.body();
        Object id = body == null ? null : body.getValue("connectionId");
        if (!(id instanceof Number n) || n.longValue() != connection.id()) {
            message.fail(Addresses.FAILURE_BAD_REQUEST, "connectionId " + id + " does not match "
                    + connection.id() + " (expected: the connectionId of the opened message)");
            return;
        }
        Buffer data;
        try {
            Object encoded = body.getValue("data");
            if (encoded != null && !(encoded instanceof String)) {
                throw new IllegalArgumentException("data is not a string");
            }
            data = encoded == null ? null : Buffer.buffer(Base64.getDecoder().decode((String) encoded));
        } catch (IllegalArgumentException e) {
            message.fail(Addresses.FAILURE_BAD_REQUEST, "data: " + e.getMessage() + " (expected: base64)");
            return;
        }
        boolean close = Boolean.TRUE.equals(body.getValue("close"));
        if (data == null && !close) {
            message.fail(Addresses.FAILURE_BAD_REQUEST, "neither data nor close: true (expected: one or both)");
            return;
        }
        int written = data == null ? 0 : data.length();
        if (data != null) {
            connection.socket().write(data).onComplete(ar -> answer(message, ar, written));
        }
        if (close) {
            connection.socket().end();
            if (data == null && message.replyAddress() != null) {
                message.reply(new JsonObject().put("connectionId", connection.id()).put("written", 0));
            }
        }
    }

    private void answer(Message<JsonObject> message, AsyncResult<Void> written, int bytes) {
        if (message.replyAddress() == null) {
            return;
        }
        if (written.succeeded()) {
            message.reply(new JsonObject().put("connectionId", connection.id()).put("written", bytes));
        } else {
            message.fail(Addresses.FAILURE_INTERNAL, "write failed: " + written.cause().getMessage());
        }
    }
}
