package dev.sockit.plugin.udp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.HostPort;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.testing.RecordingProcessContext;
import dev.sockit.contracts.ForwardContract;
import dev.sockit.net.Sysctl;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(VertxExtension.class)
class UdpServerVerticleTest {

    private static final String ID = "echo";
    private static final String LOOPBACK = "127.0.0.1";
    private static final String LOOPBACK6 = "::1";
    private static final int TIMEOUT_MS = 2000;
    /** The sizes every echo test sends: the smallest, a small, a page and the largest IPv4 datagram. */
    private static final int[] SIZES = {1, 64, 4096, 65_507};

    private UdpTestClient client;
    private UdpTestClient other;
    private DatagramSocket holder;
    private TestProcessContext<UdpServerConfig> ctx;
    private UdpServerProcess process;

    @AfterEach
    void closeClients() {
        for (AutoCloseable c : new AutoCloseable[] {client, other, holder}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void echoes_1_64_4096_and_65507_bytes_byte_exact_over_IPv4(Vertx vertx, VertxTestContext test) {
        echoesEverySizeByteExact(vertx, test, LOOPBACK);
    }

    @Test
    void echoes_1_64_4096_and_65507_bytes_byte_exact_over_IPv6(Vertx vertx, VertxTestContext test) {
        assume(test, canBind(LOOPBACK6), "::1 cannot be bound here");
        echoesEverySizeByteExact(vertx, test, LOOPBACK6);
    }

    private void echoesEverySizeByteExact(Vertx vertx, VertxTestContext test, String host) {
        client = UdpTestClient.bound(host);
        deploy(vertx, builder(host).build(), 1)
                .compose(id -> vertx.executeBlocking(() -> {
                    List<byte[]> echoes = new ArrayList<>();
                    for (int size : SIZES) {
                        echoes.add(client.exchange(randomBytes(size), host, port(), TIMEOUT_MS));
                    }
                    return echoes;
                }))
                .onComplete(test.succeeding(echoes -> test.verify(() -> {
                    for (int i = 0; i < SIZES.length; i++) {
                        assertNotNull(echoes.get(i), "no echo of " + SIZES[i] + " bytes");
                        assertArrayEquals(randomBytes(SIZES[i]), echoes.get(i), SIZES[i] + " bytes");
                    }
                    JsonObject status = process.status();
                    assertEquals(SIZES.length, status.getLong("datagramsIn"));
                    assertEquals(SIZES.length, status.getLong("datagramsOut"));
                    assertEquals(Arrays.stream(SIZES).sum(), status.getLong("bytesOut"));
                    assertEquals(0L, status.getLong("oversize"));
                    String prefix = host.contains(":") ? "[" + host + "]:" : host + ":";
                    assertTrue(process.address().startsWith(prefix), process.address());
                    test.completeNow();
                })));
    }

    @Test
    void counts_oversize_and_garbage_datagrams_and_keeps_echoing(Vertx vertx, VertxTestContext test) {
        client = UdpTestClient.bound(LOOPBACK);
        Random random = new Random(42);
        deploy(vertx, builder(LOOPBACK).maxDatagramSize(1024).build(), 1)
                .compose(id -> vertx.executeBlocking(() -> {
                    int echoed = 0;
                    // Too large by one byte, by a lot, and the largest there is: none may come back.
                    for (int size : new int[] {1025, 4096, 65_507}) {
                        if (client.exchange(randomBytes(size), LOOPBACK, port(), 300) != null) {
                            echoed--;
                        }
                    }
                    // An empty datagram is served but not echoed: Netty sends no empty datagram.
                    if (client.exchange(new byte[0], LOOPBACK, port(), 300) != null) {
                        echoed--;
                    }
                    // Garbage of every size up to the limit comes back unchanged.
                    for (int i = 0; i < 200; i++) {
                        byte[] garbage = new byte[i == 0 ? 1024 : 1 + random.nextInt(1024)];
                        random.nextBytes(garbage);
                        byte[] echo = client.exchange(garbage, LOOPBACK, port(), TIMEOUT_MS);
                        if (echo != null && Arrays.equals(garbage, echo)) {
                            echoed++;
                        }
                    }
                    return echoed;
                }))
                .onComplete(test.succeeding(echoed -> test.verify(() -> {
                    assertEquals(200, echoed);
                    JsonObject status = process.status();
                    assertEquals(3L, status.getLong("oversize"));
                    assertEquals(201L, status.getLong("datagramsIn"));
                    assertEquals(200L, status.getLong("datagramsOut"));
                    assertEquals(1L, status.getLong("dropped"));
                    assertEquals(0L, status.getLong("malformed"));
                    assertEquals(0L, status.getLong("errors"));
                    assertEquals(1024, status.getInteger("maxDatagramSize"));
                    test.completeNow();
                })));
    }

    @Test
    void discard_counts_the_datagrams_and_sends_nothing(Vertx vertx, VertxTestContext test) {
        client = UdpTestClient.bound(LOOPBACK);
        deploy(vertx, builder(LOOPBACK).handler(UdpServerConfig.Handler.DISCARD).build(), 1)
                .compose(id -> vertx.executeBlocking(() -> {
                    for (int size : SIZES) {
                        client.send(randomBytes(size), LOOPBACK, port());
                    }
                    return client.receive(500);
                }))
                .onComplete(test.succeeding(nothing -> test.verify(() -> {
                    assertNull(nothing);
                    JsonObject status = process.status();
                    assertEquals("discard", status.getString("handler"));
                    assertEquals(SIZES.length, status.getLong("datagramsIn"));
                    assertEquals(Arrays.stream(SIZES).sum(), status.getLong("bytesIn"));
                    assertEquals(0L, status.getLong("datagramsOut"));
                    assertEquals(0L, status.getLong("bytesOut"));
                    test.completeNow();
                })));
    }

    @Test
    void forward_requests_each_datagram_with_the_contract_headers_and_sends_the_reply_back_to_the_peer(
            Vertx vertx, VertxTestContext test) {
        client = UdpTestClient.bound(LOOPBACK);
        byte[] payload = randomBytes(4096);
        String address = ForwardContract.datagram("sink");
        assertEquals("sockit.sink.datagram", address);
        Promise<io.vertx.core.MultiMap> headers = Promise.promise();
        // The consumer answers each datagram with its bytes reversed.
        vertx.eventBus().<Buffer>consumer(address, message -> {
            headers.tryComplete(message.headers());
            byte[] in = message.body().getBytes();
            byte[] out = new byte[in.length];
            for (int k = 0; k < in.length; k++) {
                out[k] = in[in.length - 1 - k];
            }
            message.reply(Buffer.buffer(out));
        });
        deploy(vertx, builder(LOOPBACK).handler(UdpServerConfig.Handler.FORWARD).forwardTo("sink").build(), 1)
                .compose(id -> vertx.executeBlocking(() -> client.exchange(payload, LOOPBACK, port(), 10_000)))
                .compose(answer -> headers.future().map(h -> Map.entry(h, answer)))
                // The server counts a datagram once its send completes, which may be after the peer has it.
                .compose(got -> vertx.executeBlocking(() -> {
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                    while (process.status().getLong("datagramsOut", 0L) < 1L && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    return got;
                }))
                .onComplete(test.succeeding(got -> test.verify(() -> {
                    byte[] answer = got.getValue();
                    assertNotNull(answer, "the reply came back to the peer");
                    assertEquals(payload.length, answer.length);
                    for (int k = 0; k < payload.length; k++) {
                        assertEquals(payload[k], answer[answer.length - 1 - k]);
                    }
                    io.vertx.core.MultiMap h = got.getKey();
                    assertEquals(ForwardContract.TYPE_DATAGRAM, h.get(ForwardContract.HEADER_TYPE));
                    assertEquals(ID, h.get(ForwardContract.HEADER_PROCESS));
                    assertEquals(UdpServerProcess.format(client.localAddress()), h.get(ForwardContract.HEADER_PEER));
                    assertEquals(process.address(), h.get(ForwardContract.HEADER_LOCAL));
                    assertEquals("2", h.get(ForwardContract.HEADER_VERSION));
                    JsonObject status = process.status();
                    assertEquals(1L, status.getLong("forwarded"));
                    assertEquals(address, status.getString("forwardTo"));
                    assertEquals(64, status.getInteger("maxInFlight"));
                    assertEquals(1L, status.getLong("datagramsOut"));
                    assertEquals(4096L, status.getLong("bytesOut"));
                    test.completeNow();
                })));
    }

    @Test
    void forward_without_a_consumer_counts_each_failed_forward_and_keeps_running(Vertx vertx,
                                                                                  VertxTestContext test) {
        client = UdpTestClient.bound(LOOPBACK);
        deploy(vertx, builder(LOOPBACK).handler(UdpServerConfig.Handler.FORWARD).forwardTo("nobody").build(), 1)
                .compose(id -> vertx.executeBlocking(() -> {
                    client.send(randomBytes(10), LOOPBACK, port());
                    client.send(randomBytes(20), LOOPBACK, port());
                    return client.receive(300);
                }))
                .onComplete(test.succeeding(nothing -> test.verify(() -> {
                    assertNull(nothing);
                    assertEquals(2L, process.status().getLong("forwarded"));
                    assertEquals(2L, process.status().getLong("forwardFailed"));
                    assertEquals(0L, process.status().getLong("errors"));
                    test.completeNow();
                })));
    }

    @Test
    void fails_to_start_with_PortInUseException_when_a_DatagramSocket_holds_the_port(Vertx vertx,
                                                                                     VertxTestContext test)
            throws Exception {
        holder = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
        deploy(vertx, builder(LOOPBACK).port(holder.getLocalPort()).build(), 1)
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(PortInUseException.class, e);
                    assertTrue(e.getMessage().startsWith("udp port " + holder.getLocalPort()), e.getMessage());
                    assertTrue(e.getMessage().contains("already in use"), e.getMessage());
                    assertEquals(1, ctx.portChecks());
                    assertEquals(1, ctx.audited(AuditOp.ERROR).size());
                    assertTrue(ctx.audited(AuditOp.BIND).isEmpty());
                    assertEquals("", process.address());
                    test.completeNow();
                })));
    }

    @Test
    void a_port_taken_after_the_check_fails_start_with_PortInUseException_from_a_second_check(
            Vertx vertx, VertxTestContext test) throws Exception {
        holder = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
        UdpServerConfig config = builder(LOOPBACK).port(holder.getLocalPort()).build();
        deploy(new TestProcessContext<>(vertx, ID, config, 1).reportFreeWithoutChecking(1))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(PortInUseException.class, e);
                    assertEquals(2, ctx.portChecks());
                    AuditEvent error = ctx.audited(AuditOp.ERROR).get(0);
                    assertTrue(error.detail().startsWith("bind: "), error.detail());
                    assertEquals(LOOPBACK + ":" + holder.getLocalPort(), error.local());
                    assertEquals(0, process.status().getInteger("bound"));
                    test.completeNow();
                })));
    }

    @Test
    void applies_and_audits_each_option_with_the_value_the_kernel_applied(Vertx vertx, VertxTestContext test) {
        client = UdpTestClient.bound(LOOPBACK);
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.TCP_NO_DELAY, true).set(SocketOptionTable.SEND_BUFFER_SIZE, 65536)
                .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 131072).set(SocketOptionTable.TRAFFIC_CLASS, 16)
                .set(SocketOptionTable.BROADCAST, true).build();
        deploy(vertx, builder(LOOPBACK).options(options).multicastTtl(3).multicastLoopback(false).build(), 1)
                .compose(id -> vertx.executeBlocking(() -> client.exchange(randomBytes(100), LOOPBACK, port(),
                        TIMEOUT_MS)))
                .onComplete(test.succeeding(echo -> test.verify(() -> {
                    assertNotNull(echo);
                    List<String> set = ctx.details(AuditOp.OPTION_SET);
                    assertEquals(7, set.size(), set.toString());
                    assertTrue(set.contains("reuseAddress requested=true effective=true"), set.toString());
                    assertTrue(set.contains("broadcast requested=true effective=true"), set.toString());
                    assertTrue(set.contains("multicastTtl requested=3 effective=3"), set.toString());
                    assertTrue(set.contains("multicastLoopback requested=false effective=false"), set.toString());
                    assertTrue(set.stream().anyMatch(s -> s.startsWith("receiveBufferSize requested=131072"
                            + " effective=")), set.toString());
                    assertTrue(set.stream().anyMatch(s -> s.startsWith("trafficClass requested=16")), set.toString());
                    JsonObject status = process.status();
                    assertEquals(Boolean.TRUE, status.getJsonObject("options").getBoolean("tcpNoDelay"));
                    assertEquals("applies to TCP sockets only",
                            status.getJsonObject("ignoredOptions").getString("tcpNoDelay"));
                    assertEquals("131072", status.getJsonObject("appliedOptions").getString("receiveBufferSize"));
                    JsonObject effective = status.getJsonObject("effectiveOptions");
                    assertEquals(131072, effective.getJsonObject("receiveBufferSize").getInteger("requested"));
                    assertEquals(UdpServerConfig.DEFAULT_MAX_DATAGRAM_SIZE + 1,
                            effective.getJsonObject("readBufferSize").getInteger("effective"));
                    AuditEvent bind = ctx.audited(AuditOp.BIND).get(0);
                    assertEquals(process.address(), bind.local());
                    test.completeNow();
                })));
    }

    @Test
    void reports_the_receive_buffer_the_kernel_applied_doubled_on_Linux(Vertx vertx, VertxTestContext test) {
        long rmemMax = Sysctl.host().number("net.core.rmem_max").orElse(-1);
        assume(test, rmemMax >= 4096, "not Linux: net.core.rmem_max is not readable");
        int requested = (int) Math.min(64 * 1024, rmemMax);
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, requested).build();
        deploy(vertx, builder(LOOPBACK).options(options).build(), 1)
                .onComplete(test.succeeding(id -> test.verify(() -> {
                    JsonObject rcvbuf = process.status().getJsonObject("effectiveOptions")
                            .getJsonObject("receiveBufferSize");
                    assertEquals(requested, rcvbuf.getInteger("requested"));
                    assertEquals(2 * requested, rcvbuf.getInteger("effective"));
                    assertEquals(rmemMax, rcvbuf.getLong("kernelMax"));
                    assertTrue(process.status().getJsonArray("recommendations").isEmpty());
                    assertTrue(ctx.details(AuditOp.OPTION_SET).contains("receiveBufferSize requested=" + requested
                            + " effective=" + 2 * requested), ctx.details(AuditOp.OPTION_SET).toString());
                    test.completeNow();
                })));
    }

    @Test
    void recommends_raising_rmem_max_when_the_kernel_caps_the_receive_buffer(Vertx vertx, VertxTestContext test) {
        long rmemMax = Sysctl.host().number("net.core.rmem_max").orElse(-1);
        assume(test, rmemMax >= 4096 && rmemMax < Integer.MAX_VALUE / 4, "not Linux, or rmem_max is unbounded");
        int requested = (int) rmemMax * 2;
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, requested).build();
        deploy(vertx, builder(LOOPBACK).options(options).build(), 1)
                .onComplete(test.succeeding(id -> test.verify(() -> {
                    JsonObject status = process.status();
                    JsonObject rcvbuf = status.getJsonObject("effectiveOptions").getJsonObject("receiveBufferSize");
                    assertEquals(2 * rmemMax, rcvbuf.getLong("effective"));
                    assertEquals(List.of("Raise the limit to the request: sysctl -w net.core.rmem_max=" + requested
                            + " (and persist it in /etc/sysctl.d/)"), status.getJsonArray("recommendations").getList());
                    test.completeNow();
                })));
    }

    @Test
    void status_counts_datagrams_bytes_and_distinct_peers(Vertx vertx, VertxTestContext test) {
        client = UdpTestClient.bound(LOOPBACK);
        other = UdpTestClient.bound(LOOPBACK);
        deploy(vertx, builder(LOOPBACK).build(), 1)
                .compose(id -> vertx.executeBlocking(() -> {
                    int echoes = 0;
                    for (int i = 0; i < 3; i++) {
                        echoes += client.exchange(randomBytes(100), LOOPBACK, port(), TIMEOUT_MS) != null ? 1 : 0;
                        echoes += other.exchange(randomBytes(50), LOOPBACK, port(), TIMEOUT_MS) != null ? 1 : 0;
                    }
                    return echoes;
                }))
                .compose(echoes -> process.sampleDrops(new InetSocketAddress(LOOPBACK, port())).map(echoes))
                .onComplete(test.succeeding(echoes -> test.verify(() -> {
                    assertEquals(6, echoes);
                    JsonObject status = process.status();
                    assertEquals(6L, status.getLong("datagramsIn"));
                    assertEquals(450L, status.getLong("bytesIn"));
                    assertEquals(6L, status.getLong("datagramsOut"));
                    assertEquals(450L, status.getLong("bytesOut"));
                    assertEquals(2, status.getInteger("peers"));
                    assertEquals(UdpServerProcess.PEERS_CAP, status.getInteger("peersCap"));
                    assertEquals(0L, status.getLong("untrackedPeerDatagrams"));
                    assertEquals(0L, status.getLong("dropped"));
                    assertEquals(0L, status.getLong("sendFailures"));
                    assertEquals("echo", status.getString("handler"));
                    assertEquals(LOOPBACK + ":0", status.getString("configuredAddress"));
                    assertEquals(process.address(), status.getString("address"));
                    assertEquals(RecordingProcessContext.transportOf(vertx), status.getString("transport"));
                    assertEquals(1, status.getInteger("bound"));
                    if (Files.isReadable(Path.of("/proc/net/udp"))) {
                        assertEquals(0L, status.getLong("receiveBufferDrops"));
                        assertNotNull(status.getString("dropsSampledAt"));
                    } else {
                        assertNull(status.getLong("receiveBufferDrops"));
                    }
                    test.completeNow();
                })));
    }

    @Test
    void publishes_listening_once_and_stopped_when_undeployed(Vertx vertx, VertxTestContext test) {
        Future<List<SocketEvent>> listening = events(vertx, EventType.LISTENING, 1);
        Future<List<SocketEvent>> stopped = events(vertx, EventType.STOPPED, 1);
        deploy(vertx, builder(LOOPBACK).build(), 1)
                .compose(id -> listening.compose(events -> vertx.undeploy(id)))
                .compose(v -> stopped)
                .onComplete(test.succeeding(events -> test.verify(() -> {
                    SocketEvent listen = listening.result().get(0);
                    assertEquals(ID, listen.process());
                    assertEquals(process.address(), listen.local());
                    assertEquals(process.address(), events.get(0).local());
                    assertEquals(0, process.status().getInteger("bound"));
                    assertEquals(1, ctx.audited(AuditOp.BIND).size());
                    AuditEvent close = ctx.audited(AuditOp.CLOSE).get(0);
                    assertEquals("datagramsIn=0 datagramsOut=0", close.detail());
                    test.completeNow();
                })));
    }

    @Test
    void a_process_deployed_again_after_a_stop_checks_and_binds_anew(Vertx vertx, VertxTestContext test) {
        client = UdpTestClient.bound(LOOPBACK);
        Future<List<SocketEvent>> stopped = events(vertx, EventType.STOPPED, 1);
        deploy(vertx, builder(LOOPBACK).build(), 1)
                .compose(vertx::undeploy)
                .compose(v -> stopped)
                .compose(events -> vertx.deployVerticle(process::newInstance, new DeploymentOptions()))
                .compose(id -> vertx.executeBlocking(() -> client.exchange(randomBytes(10), LOOPBACK, port(),
                        TIMEOUT_MS)))
                .onComplete(test.succeeding(echo -> test.verify(() -> {
                    assertArrayEquals(randomBytes(10), echo);
                    assertEquals(2, ctx.portChecks());
                    assertEquals(2, ctx.audited(AuditOp.BIND).size());
                    assertEquals(1, process.status().getInteger("bound"));
                    test.completeNow();
                })));
    }

    // ---- helpers

    /** A config builder over {@link UdpServerConfig}'s canonical constructor, port 0 unless set. */
    static Builder builder(String host) {
        return new Builder(host);
    }

    private Future<String> deploy(Vertx vertx, UdpServerConfig config, int instances) {
        return deploy(new TestProcessContext<>(vertx, ID, config, instances));
    }

    private Future<String> deploy(TestProcessContext<UdpServerConfig> context) {
        ctx = context;
        process = (UdpServerProcess) new UdpServerKind().create(context);
        return context.vertx().deployVerticle(process::newInstance,
                new DeploymentOptions().setInstances(context.instances()));
    }

    /** The port the process bound. */
    private int port() {
        return portOf(process);
    }

    static int portOf(UdpServerProcess process) {
        String address = process.address();
        assertFalse(address.isEmpty(), "the process has not bound yet");
        return HostPort.parse(address).port();
    }

    /** Completes with the first {@code count} events of {@code type} published for the process. */
    static Future<List<SocketEvent>> events(Vertx vertx, EventType type, int count) {
        return RecordingProcessContext.events(vertx, ID, type, count);
    }

    /**
     * Skips the test unless {@code condition} holds. The test context is completed first: the Vert.x extension
     * would otherwise wait for it until its timeout.
     */
    static void assume(VertxTestContext test, boolean condition, String reason) {
        if (!condition) {
            test.completeNow();
        }
        assumeTrue(condition, reason);
    }

    /** {@code n} bytes, the same for the same {@code n}. */
    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    static boolean canBind(String host) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
            return socket.getLocalPort() > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Builds a config with the canonical constructor, as a test needs it. */
    static final class Builder {
        private final String host;
        private int port;
        private UdpServerConfig.Handler handler;
        private String forwardTo;
        private SocketOptions options;
        private List<UdpServerConfig.MulticastGroup> multicast;
        private Integer multicastTtl;
        private Boolean multicastLoopback;
        private int maxDatagramSize = UdpServerConfig.DEFAULT_MAX_DATAGRAM_SIZE;

        private Builder(String host) {
            this.host = host;
        }

        Builder port(int port) {
            this.port = port;
            return this;
        }

        Builder handler(UdpServerConfig.Handler handler) {
            this.handler = handler;
            return this;
        }

        Builder forwardTo(String forwardTo) {
            this.forwardTo = forwardTo;
            return this;
        }

        Builder options(SocketOptions options) {
            this.options = options;
            return this;
        }

        Builder multicast(List<UdpServerConfig.MulticastGroup> multicast) {
            this.multicast = multicast;
            return this;
        }

        Builder multicastTtl(Integer multicastTtl) {
            this.multicastTtl = multicastTtl;
            return this;
        }

        Builder multicastLoopback(Boolean multicastLoopback) {
            this.multicastLoopback = multicastLoopback;
            return this;
        }

        Builder maxDatagramSize(int maxDatagramSize) {
            this.maxDatagramSize = maxDatagramSize;
            return this;
        }

        UdpServerConfig build() {
            return new UdpServerConfig(host, port, handler, forwardTo, options, multicast, multicastTtl,
                    multicastLoopback, maxDatagramSize, UdpServerConfig.DEFAULT_MAX_IN_FLIGHT);
        }
    }
}
