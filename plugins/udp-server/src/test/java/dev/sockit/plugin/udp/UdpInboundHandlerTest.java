package dev.sockit.plugin.udp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.Protocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbound datagram path in an {@link EmbeddedChannel}, with a real process and its counters, a real event bus
 * for forward and the test kit's journal: datagrams in, echoes, counters, drops and forwards out, as on a socket.
 */
class UdpInboundHandlerTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 7007);
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

    private final Vertx vertx = Vertx.vertx();
    private TestProcessContext<UdpServerConfig> ctx;
    private UdpServerProcess process;
    private EmbeddedChannel channel;

    @AfterEach
    void close() throws Exception {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void start(UdpServerConfig.Handler handler, String forwardTo, int maxDatagramSize) {
        UdpServerConfig config = new UdpServerConfig("127.0.0.1", 0, handler, forwardTo, null, null, null, null,
                maxDatagramSize);
        ctx = new TestProcessContext<>(vertx, "udp", config, 1);
        process = new UdpServerProcess(ctx);
        UdpInboundHandler inbound = new UdpInboundHandler(process, (ContextInternal) vertx.getOrCreateContext(),
                vertx.eventBus(), ctx.journal().on(Protocol.UDP));
        channel = new EmbeddedChannel(inbound);
        inbound.bound("127.0.0.1:7007");
    }

    private static DatagramPacket datagram(byte[] data, InetSocketAddress sender) {
        return new DatagramPacket(Unpooled.wrappedBuffer(data), SERVER, sender);
    }

    @Test
    void echo_sends_each_datagram_back_to_its_sender_byte_exact_and_counts_it() {
        start(UdpServerConfig.Handler.ECHO, null, 1024);
        channel.writeInbound(datagram("one".getBytes(), PEER), datagram("two!".getBytes(), PEER));
        DatagramPacket first = channel.readOutbound();
        DatagramPacket second = channel.readOutbound();
        try {
            assertEquals(PEER, first.recipient());
            assertArrayEquals("one".getBytes(), bytes(first));
            assertEquals(PEER, second.recipient());
            assertArrayEquals("two!".getBytes(), bytes(second));
        } finally {
            first.release();
            second.release();
        }
        assertNull(channel.readOutbound());
        assertEquals(2, process.datagramsIn.sum());
        assertEquals(7, process.bytesIn.sum());
        assertEquals(2, process.datagramsOut.sum());
        assertEquals(7, process.bytesOut.sum());
        assertEquals(0, process.dropped.sum());
    }

    @Test
    void discard_counts_each_datagram_and_sends_nothing() {
        start(UdpServerConfig.Handler.DISCARD, null, 1024);
        channel.writeInbound(datagram(new byte[100], PEER));
        assertNull(channel.readOutbound());
        assertEquals(1, process.datagramsIn.sum());
        assertEquals(100, process.bytesIn.sum());
        assertEquals(0, process.datagramsOut.sum());
    }

    @Test
    void an_oversize_datagram_is_counted_and_dropped_and_a_malformed_one_too() {
        start(UdpServerConfig.Handler.ECHO, null, 8);
        channel.writeInbound(datagram(new byte[9], PEER));
        channel.writeInbound(datagram(new byte[4], new InetSocketAddress("127.0.0.1", 0)));
        channel.writeInbound("not a datagram");
        assertNull(channel.readOutbound());
        assertEquals(1, process.oversize.sum());
        assertEquals(2, process.malformed.sum());
        assertEquals(0, process.datagramsIn.sum());
        assertEquals(0, process.bytesIn.sum());
    }

    @Test
    void an_empty_datagram_and_one_that_finds_the_channel_unwritable_are_counted_as_dropped() {
        start(UdpServerConfig.Handler.ECHO, null, 1024);
        channel.writeInbound(datagram(new byte[0], PEER));
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        channel.writeInbound(datagram("late".getBytes(), PEER));
        assertNull(channel.readOutbound());
        assertEquals(2, process.datagramsIn.sum());
        assertEquals(2, process.dropped.sum());
        assertEquals(0, process.datagramsOut.sum());
    }

    @Test
    void forward_sends_the_datagram_as_json_to_the_datagram_address_of_forwardTo() throws Exception {
        start(UdpServerConfig.Handler.FORWARD, "sink", 1024);
        CompletableFuture<JsonObject> got = new CompletableFuture<>();
        MessageConsumer<JsonObject> sink = vertx.eventBus().consumer(process.forwardAddress(),
                m -> got.complete(m.body()));
        sink.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        byte[] data = "hello\r\n".getBytes(StandardCharsets.US_ASCII);
        channel.writeInbound(datagram(data, PEER));
        JsonObject body = got.get(10, TimeUnit.SECONDS);
        assertEquals("udp", body.getString("process"));
        assertEquals("127.0.0.1:40000", body.getString("remote"));
        assertEquals("127.0.0.1:7007", body.getString("local"));
        assertArrayEquals(data, Base64.getDecoder().decode(body.getString("data")));
        assertTrue(body.containsKey("at"));
        assertNull(channel.readOutbound());
        assertEquals(1, process.forwarded.sum());
        assertEquals(1, process.datagramsIn.sum());
    }

    @Test
    void a_send_failure_is_counted_each_time_and_journalled_at_most_once_a_second() {
        start(UdpServerConfig.Handler.ECHO, null, 1024);
        channel.pipeline().fireExceptionCaught(new IOException("Network is unreachable"));
        channel.pipeline().fireExceptionCaught(new IOException("Network is unreachable"));
        assertEquals(2, process.sendFailures.sum());
        assertEquals(2, process.errors.sum());
        List<AuditEvent> errors = ctx.audited(AuditOp.ERROR);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals("Network is unreachable", errors.get(0).detail());
        assertEquals("127.0.0.1:7007", errors.get(0).local());
        assertEquals(Protocol.UDP, errors.get(0).protocol());
    }

    private static byte[] bytes(DatagramPacket packet) {
        byte[] b = new byte[packet.content().readableBytes()];
        packet.content().getBytes(packet.content().readerIndex(), b);
        return b;
    }
}
