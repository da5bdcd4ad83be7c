package dev.sockit.contracts;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * An event-bus codec for {@code Buffer} bodies that hands the sender's {@code Buffer} to a local consumer as it is,
 * instead of the copy Vert.x's built-in buffer codec makes for every local delivery. The sender gives the buffer
 * up: it must not change it after sending. Across a cluster it writes and reads the same bytes as the built-in
 * codec. A consumer sees a {@code Buffer} body either way, so using it changes nothing in a contract.
 *
 * <p>The proxy's hops use it for frame payloads ({@code route} requests, the pool's replies, the
 * {@code event-handler}'s replies), which are made for one message and never touched again. Register it once per
 * event bus with {@link #register(EventBus)} (idempotent) and send with {@link #NAME} as the codec name, or with
 * {@link #options()}.
 */
public final class SharedBufferCodec implements MessageCodec<Buffer, Buffer> {

    /** The codec's name on the event bus. */
    public static final String NAME = "sockit-shared-buffer";

    /** The one instance: registered on every bus. */
    static final SharedBufferCodec INSTANCE = new SharedBufferCodec();
    /** The buses it is registered on; weak, so that a closed Vert.x is not kept. */
    private static final Map<EventBus, Boolean> REGISTERED = new WeakHashMap<>();

    private SharedBufferCodec() {
    }

    /**
     * Registers the codec on {@code bus} unless it is registered already; safe to call from every process and
     * cheap to call again (once per connection, say).
     */
    public static void register(EventBus bus) {
        synchronized (REGISTERED) {
            if (REGISTERED.containsKey(bus)) {
                return;
            }
            try {
                bus.registerCodec(INSTANCE);
            } catch (IllegalStateException alreadyRegistered) {
                // Registered on this bus before this class knew of it: one codec serves every process.
            }
            REGISTERED.put(bus, Boolean.TRUE);
        }
    }

    /** New delivery options that send with this codec; the caller may add headers and a timeout. */
    public static DeliveryOptions options() {
        return new DeliveryOptions().setCodecName(NAME);
    }

    @Override
    public void encodeToWire(Buffer wire, Buffer body) {
        wire.appendInt(body.length());
        wire.appendBuffer(body);
    }

    @Override
    public Buffer decodeFromWire(int pos, Buffer wire) {
        int length = wire.getInt(pos);
        return wire.getBuffer(pos + 4, pos + 4 + length);
    }

    /** The same buffer: the sender gave it up. */
    @Override
    public Buffer transform(Buffer body) {
        return body;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
