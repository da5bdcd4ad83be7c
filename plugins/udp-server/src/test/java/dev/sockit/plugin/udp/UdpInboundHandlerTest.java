package dev.sockit.plugin.udp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.Protocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import dev.sockit.contracts.ForwardContract;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                maxDatagramSize, UdpServerConfig.DEFAULT_MAX_IN_FLIGHT);
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

    /** A forwarder the test answers by hand: the requests in order, with their headers. */
    private final List<Buffer> forwarded = new ArrayList<>();
    private final List<DeliveryOptions> headers = new ArrayList<>();
    private final List<Promise<Buffer>> replies = new ArrayList<>();

    private void startForward(int maxInFlight) {
        UdpServerConfig config = new UdpServerConfig("127.0.0.1", 0, UdpServerConfig.Handler.FORWARD, "sink", null,
                null, null, null, 1024, maxInFlight);
        ctx = new TestProcessContext<>(vertx, "udp", config, 1);
        process = new UdpServerProcess(ctx);
        UdpInboundHandler inbound = new UdpInboundHandler(process, (datagram, options) -> {
            forwarded.add(datagram);
            headers.add(options);
            Promise<Buffer> reply = Promise.promise();
            replies.add(reply);
            return reply.future();
        }, ctx.journal().on(Protocol.UDP));
        channel = new EmbeddedChannel(inbound);
        inbound.bound("127.0.0.1:7007");
    }

    @Test
    void forward_requests_with_the_datagram_as_body_and_the_contract_headers() {
        startForward(4);
        byte[] data = "hello\r\n".getBytes(StandardCharsets.US_ASCII);
        channel.writeInbound(datagram(data, PEER));
        assertEquals(1, forwarded.size());
        assertArrayEquals(data, forwarded.get(0).getBytes());
        var h = headers.get(0).getHeaders();
        assertEquals(ForwardContract.TYPE_DATAGRAM, h.get(ForwardContract.HEADER_TYPE));
        assertEquals("udp", h.get(ForwardContract.HEADER_PROCESS));
        assertEquals("127.0.0.1:40000", h.get(ForwardContract.HEADER_PEER));
        assertEquals("127.0.0.1:7007", h.get(ForwardContract.HEADER_LOCAL));
        assertEquals("2", h.get(ForwardContract.HEADER_VERSION));
        assertNull(channel.readOutbound(), "nothing is sent before the reply");
        assertEquals(1, process.forwarded.sum());
        assertEquals(1, process.datagramsIn.sum());
        assertEquals(data.length, process.bytesIn.sum());
    }

    @Test
    void forward_sends_a_reply_body_back_to_the_peer_and_nothing_for_an_empty_reply() {
        startForward(4);
        channel.writeInbound(datagram("ping".getBytes(), PEER), datagram("quiet".getBytes(), PEER));
        replies.get(1).complete(null);
        replies.get(0).complete(Buffer.buffer("pong"));
        DatagramPacket back = channel.readOutbound();
        try {
            assertEquals(PEER, back.recipient());
            assertArrayEquals("pong".getBytes(), bytes(back));
        } finally {
            back.release();
        }
        assertNull(channel.readOutbound(), "an empty reply sends nothing");
        assertEquals(1, process.datagramsOut.sum());
        assertEquals(4, process.bytesOut.sum());
    }

    @Test
    void forward_stops_reading_at_max_in_flight_holds_the_rest_of_the_batch_and_resumes_as_replies_come() {
        startForward(2);
        channel.writeInbound(datagram("1".getBytes(), PEER), datagram("2".getBytes(), PEER),
                datagram("3".getBytes(), PEER));
        assertEquals(2, forwarded.size(), "two outstanding of two");
        assertFalse(channel.config().isAutoRead(), "reading stops at the bound");
        replies.get(0).complete(null);
        assertEquals(3, forwarded.size(), "the held datagram takes the free slot");
        assertArrayEquals("3".getBytes(), forwarded.get(2).getBytes());
        assertFalse(channel.config().isAutoRead(), "still two outstanding");
        replies.get(1).complete(null);
        assertTrue(channel.config().isAutoRead(), "one outstanding, nothing held: reading resumes");
        assertEquals(3, process.datagramsIn.sum());
    }

    @Test
    void a_failed_or_timed_out_forward_is_counted_and_journalled_and_frees_its_slot() {
        startForward(1);
        channel.writeInbound(datagram("a".getBytes(), PEER));
        replies.get(0).fail(new ReplyException(ReplyFailure.TIMEOUT, "timed out"));
        assertEquals(1, process.forwardFailed.sum());
        assertEquals(0, process.errors.sum(), "not a socket error");
        List<AuditEvent> errors = ctx.audited(AuditOp.ERROR);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals("forward: no reply from sockit.sink.datagram within 30000 ms", errors.get(0).detail());
        assertTrue(channel.config().isAutoRead());
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
