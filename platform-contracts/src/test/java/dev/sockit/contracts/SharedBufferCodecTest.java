package dev.sockit.contracts;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The shared-buffer codec on a real event bus: handed over locally, the built-in bytes on the wire. */
class SharedBufferCodecTest {

    @Test
    void a_local_consumer_gets_the_sender_s_buffer_itself_where_the_built_in_codec_gives_a_copy() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            SharedBufferCodec.register(vertx.eventBus());
            SharedBufferCodec.register(vertx.eventBus());   // idempotent: a second process registers it again
            Buffer[] seen = new Buffer[2];
            vertx.eventBus().<Buffer>consumer("test.shared", m -> {
                seen["shared".equals(m.headers().get("how")) ? 0 : 1] = m.body();
                m.reply(m.body(), SharedBufferCodec.options());
            }).completion().await(10, TimeUnit.SECONDS);
            Buffer sent = Buffer.buffer("payload");
            Message<Buffer> reply = vertx.eventBus().<Buffer>request("test.shared", sent,
                    SharedBufferCodec.options().addHeader("how", "shared")).await(10, TimeUnit.SECONDS);
            assertSame(sent, seen[0], "the consumer got the very buffer sent");
            assertSame(sent, reply.body(), "and the reply handed it back");

            Buffer copied = Buffer.buffer("payload");
            vertx.eventBus().<Buffer>request("test.shared", copied).await(10, TimeUnit.SECONDS);
            assertNotSame(copied, seen[1], "the built-in codec copies");
            assertEquals(copied, seen[1]);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void on_the_wire_it_writes_and_reads_what_the_built_in_buffer_codec_does() {
        Buffer wire = Buffer.buffer("ab");
        Buffer body = Buffer.buffer(new byte[] {0, 1, 2, (byte) 255});
        codec().encodeToWire(wire, body);
        assertEquals(2 + 4 + 4, wire.length());
        assertEquals(4, wire.getInt(2));
        assertEquals(body, codec().decodeFromWire(2, wire));
        assertEquals(SharedBufferCodec.NAME, codec().name());
        assertEquals(-1, codec().systemCodecID());
    }

    private static SharedBufferCodec codec() {
        return SharedBufferCodec.INSTANCE;
    }
}
