package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sockit.api.Transport;
import dev.sockit.net.KernelLimits;
import dev.sockit.net.Sysctl;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.HostPort;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.testing.LinuxTransports;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each option is set on a real server, read back by sockit from the kernel and, where ss can show it, checked
 * against ss: buffer sizes (skmem rb/tb), the listen backlog (Send-Q of the listener), IP_TOS and the keep-alive
 * timer. Loopback only. Every test runs once on each Linux native transport, epoll and io_uring (the one about
 * NIO's limits on NIO besides); tests that need ss or the kernel's limits skip without them.
 */
@ExtendWith(VertxExtension.class)
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {LinuxTransports.EPOLL, LinuxTransports.IO_URING})
class TcpServerEffectiveOptionsTest {

    private static final String ID = "opts";
    private static final String LOOPBACK = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Parameter
    String transport;

    private static KernelLimits limits;
    private static boolean ss;

    private Vertx vertx;
    private Vertx nio;
    private TestProcessContext<TcpServerConfig> ctx;
    private TcpServerProcess process;
    private NetClient client;

    @BeforeAll
    static void readTheKernelLimits() {
        limits = KernelLimits.read(Sysctl.host());
        ss = SocketStats.available();
    }

    @BeforeEach
    void startVertxOnTheTransport() {
        vertx = LinuxTransports.vertxOn(transport);
    }

    @AfterEach
    void closeVertx(VertxTestContext test) {
        Future<Void> closed = vertx == null ? Future.succeededFuture() : vertx.close();
        Future<Void> nioClosed = nio == null ? Future.succeededFuture() : nio.close();
        Future.all(closed, nioClosed).onComplete(test.succeedingThenComplete());
    }

    @Test
    void a_receive_buffer_of_64_KiB_reads_back_as_131072_doubled_by_the_kernel_as_ss_shows(VertxTestContext test) {
        assumeLinuxWithSs();
        assumeTrue(limits.rmemMax() >= 65536, "net.core.rmem_max is " + limits.rmemMax());
        serve("{\"receiveBufferSize\": \"64KiB\"}", null)
                .compose(v -> connect())
                .compose(socket -> vertx.executeBlocking(() -> SocketStats.accepted(port())))
                .onComplete(test.succeeding(line -> test.verify(() -> {
                    JsonObject entry = effective("receiveBufferSize");
                    assertEquals(65536, entry.getInteger("requested"));
                    assertEquals(131072, entry.getInteger("effective"));
                    assertTrue(entry.getString("note").contains("doubled by the kernel (Linux keeps half for"
                            + " bookkeeping)"), entry.encode());
                    assertTrue(entry.getString("note").contains("autotuning"), entry.encode());
                    assertEquals(131072, SocketStats.skmem(line, "rb"), line);
                    assertTrue(recommendations().isEmpty(), recommendations().encode());
                    assertEquals(List.of("receiveBufferSize requested=65536 effective=131072"), optionsAudited());
                    test.completeNow();
                })));
    }

    @Test
    void a_receive_buffer_above_rmem_max_is_capped_and_raising_rmem_max_is_recommended_from_the_start(
            VertxTestContext test) {
        assumeLinuxWithSs();
        assumeTrue(limits.rmemMax() <= (Integer.MAX_VALUE >> 1) - (1 << 20), "net.core.rmem_max is too large");
        int rmemMax = limits.rmemMax();
        int requested = rmemMax + (1 << 20);
        String recommendation = "Raise net.core.rmem_max to at least " + requested + " (sysctl -w net.core.rmem_max="
                + requested + ") to get the requested buffer of " + requested + " bytes; the kernel capped it at "
                + rmemMax + " (reported as " + 2L * rmemMax + ")";
        serve("{\"receiveBufferSize\": " + requested + "}", null)
                .compose(v -> {
                    test.verify(() -> {
                        assertEquals(EffectiveOptions.PENDING, effective("receiveBufferSize").getString("effective"));
                        assertEquals(new JsonArray().add(recommendation), recommendations());
                    });
                    return connect();
                })
                .compose(socket -> vertx.executeBlocking(() -> SocketStats.accepted(port())))
                .onComplete(test.succeeding(line -> test.verify(() -> {
                    JsonObject entry = effective("receiveBufferSize");
                    assertEquals(2 * rmemMax, entry.getInteger("effective"));
                    assertTrue(entry.getString("note").contains("capped at net.core.rmem_max=" + rmemMax),
                            entry.encode());
                    assertEquals(2 * rmemMax, SocketStats.skmem(line, "rb"), line);
                    assertEquals(new JsonArray().add(recommendation), recommendations());
                    test.completeNow();
                })));
    }

    @Test
    void a_send_buffer_of_32_KiB_reads_back_as_65536_as_ss_shows(VertxTestContext test) {
        assumeLinuxWithSs();
        assumeTrue(limits.wmemMax() >= 32768, "net.core.wmem_max is " + limits.wmemMax());
        serve("{\"sendBufferSize\": \"32KiB\"}", null)
                .compose(v -> connect())
                .compose(socket -> vertx.executeBlocking(() -> SocketStats.accepted(port())))
                .onComplete(test.succeeding(line -> test.verify(() -> {
                    JsonObject entry = effective("sendBufferSize");
                    assertEquals(65536, entry.getInteger("effective"));
                    assertTrue(entry.getString("note").contains("doubled by the kernel"), entry.encode());
                    assertEquals(65536, SocketStats.skmem(line, "tb"), line);
                    test.completeNow();
                })));
    }

    @Test
    void a_backlog_of_65535_is_capped_at_somaxconn_as_ss_shows_for_the_listener(VertxTestContext test) {
        assumeLinuxWithSs();
        int somaxconn = limits.somaxconn();
        assumeTrue(somaxconn < 65535, "net.core.somaxconn is " + somaxconn);
        serve("{\"backlog\": 65535}", null)
                .compose(v -> vertx.executeBlocking(() -> SocketStats.listenBacklog(port())))
                .onComplete(test.succeeding(backlog -> test.verify(() -> {
                    assertEquals(somaxconn, backlog);
                    JsonObject entry = effective("backlog");
                    assertEquals(65535, entry.getInteger("requested"));
                    assertEquals(somaxconn, entry.getInteger("effective"));
                    assertTrue(entry.getString("note").contains("capped by the kernel at net.core.somaxconn="
                            + somaxconn), entry.encode());
                    assertEquals(new JsonArray().add("Raise net.core.somaxconn to at least 65535 (sysctl -w"
                            + " net.core.somaxconn=65535) to get the requested backlog of 65535; the kernel capped it"
                            + " at " + somaxconn), recommendations());
                    assertEquals(List.of("backlog requested=65535 effective=" + somaxconn), optionsAudited());
                    AuditEvent set = ctx.audited(AuditOp.OPTION_SET).get(0);
                    assertEquals(process.address(), set.local());
                    assertEquals("", set.remote());
                    test.completeNow();
                })));
    }

    @Test
    void a_backlog_within_somaxconn_is_applied_as_requested_as_ss_shows(VertxTestContext test) {
        assumeLinuxWithSs();
        assumeTrue(limits.somaxconn() >= 128, "net.core.somaxconn is " + limits.somaxconn());
        serve("{\"backlog\": 128}", null)
                .compose(v -> vertx.executeBlocking(() -> SocketStats.listenBacklog(port())))
                .onComplete(test.succeeding(backlog -> test.verify(() -> {
                    assertEquals(128, backlog);
                    assertEquals(128, effective("backlog").getInteger("effective"));
                    assertTrue(recommendations().isEmpty(), recommendations().encode());
                    test.completeNow();
                })));
    }

    @Test
    void tcpNoDelay_false_reads_back_false_from_the_accepted_socket(VertxTestContext test) {
        serve("{\"tcpNoDelay\": false}", null)
                .compose(v -> connect())
                .onComplete(test.succeeding(socket -> test.verify(() -> {
                    assertEquals(false, effective("tcpNoDelay").getValue("effective"));
                    assertEquals(List.of("tcpNoDelay requested=false effective=false"), optionsAudited());
                    AuditEvent set = ctx.audited(AuditOp.OPTION_SET).get(0);
                    assertEquals(TcpServerProcess.format(socket.remoteAddress()), set.local());
                    assertEquals(TcpServerProcess.format(socket.localAddress()), set.remote());
                    test.completeNow();
                })));
    }

    @Test
    void tcpNoDelay_true_reads_back_true_from_the_accepted_socket(VertxTestContext test) {
        serve("{\"tcpNoDelay\": true}", null)
                .compose(v -> connect())
                .onComplete(test.succeeding(socket -> test.verify(() -> {
                    assertEquals(true, effective("tcpNoDelay").getValue("effective"));
                    assertEquals("", effective("tcpNoDelay").getString("note"));
                    test.completeNow();
                })));
    }

    @Test
    void keepAlive_with_idle_interval_and_count_reads_back_on_epoll_and_ss_shows_the_keepalive_timer(
            VertxTestContext test) {
        assumeTrue(ss, "ss is not installed");
        serve("{\"keepAlive\": true, \"keepAliveIdle\": \"30s\", \"keepAliveInterval\": \"5s\","
                + " \"keepAliveCount\": 4}", null)
                .compose(v -> connect())
                .compose(socket -> vertx.executeBlocking(() -> SocketStats.accepted(port())))
                .onComplete(test.succeeding(line -> test.verify(() -> {
                    assertEquals(true, effective("keepAlive").getValue("effective"));
                    int left = SocketStats.keepAliveSecondsLeft(line);
                    assertTrue(left > 20 && left <= 30, "keep-alive timer: " + line);
                    assertEquals("30s", effective("keepAliveIdle").getValue("effective"));
                    assertEquals("5s", effective("keepAliveInterval").getValue("effective"));
                    assertEquals(4, effective("keepAliveCount").getValue("effective"));
                    assertEquals(List.of("keepAlive requested=true effective=true",
                            "keepAliveIdle requested=30s effective=30s",
                            "keepAliveInterval requested=5s effective=5s",
                            "keepAliveCount requested=4 effective=4"), optionsAudited());
                    assertTrue(recommendations().isEmpty(), recommendations().encode());
                    test.completeNow();
                })));
    }

    @Test
    void soLinger_0s_reads_back_as_0s_and_the_kernel_resets_the_connection_on_close(VertxTestContext test) {
        Promise<Throwable> reset = Promise.promise();
        serve("{\"soLinger\": \"0s\"}", Duration.ofMillis(200))
                .compose(v -> connect())
                .compose(socket -> {
                    // The idle timeout closes the server's end; with SO_LINGER 0 the kernel sends RST, not FIN.
                    socket.exceptionHandler(reset::tryComplete);
                    socket.closeHandler(v -> reset.tryFail("closed without a reset"));
                    return reset.future();
                })
                .onComplete(test.succeeding(e -> test.verify(() -> {
                    assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("reset"), e.toString());
                    assertEquals("0s", effective("soLinger").getValue("effective"));
                    assertEquals(List.of("soLinger requested=0s effective=0s"), optionsAudited());
                    test.completeNow();
                })));
    }

    @Test
    void a_traffic_class_of_16_reads_back_as_16_as_ss_shows(VertxTestContext test) {
        assumeLinuxWithSs();
        serve("{\"trafficClass\": 16}", null)
                .compose(v -> connect())
                .compose(socket -> vertx.executeBlocking(() -> SocketStats.accepted(port())))
                .onComplete(test.succeeding(line -> test.verify(() -> {
                    assertEquals(16, effective("trafficClass").getInteger("effective"));
                    assertEquals(16, SocketStats.trafficClass(line), line);
                    test.completeNow();
                })));
    }

    @Test
    void a_traffic_class_of_17_loses_its_ECN_bits_to_the_kernel_as_ss_shows(VertxTestContext test) {
        assumeLinuxWithSs();
        serve("{\"trafficClass\": 17}", null)
                .compose(v -> connect())
                .compose(socket -> vertx.executeBlocking(() -> SocketStats.accepted(port())))
                .onComplete(test.succeeding(line -> test.verify(() -> {
                    JsonObject entry = effective("trafficClass");
                    assertEquals(16, entry.getInteger("effective"));
                    assertTrue(entry.getString("note").contains("ECN bits"), entry.encode());
                    assertEquals(16, SocketStats.trafficClass(line), line);
                    assertEquals(1, recommendations().size(), recommendations().encode());
                    assertEquals(List.of("trafficClass requested=17 effective=16"), optionsAudited());
                    test.completeNow();
                })));
    }

    @Test
    void reuseAddress_and_reusePort_read_back_from_the_listener_on_a_native_transport(VertxTestContext test) {
        serve("{\"reuseAddress\": true, \"reusePort\": true}", null)
                .compose(v -> connect())
                .onComplete(test.succeeding(socket -> test.verify(() -> {
                    assertEquals(true, effective("reuseAddress").getValue("effective"));
                    assertEquals(true, effective("reusePort").getValue("effective"));
                    for (AuditEvent set : ctx.audited(AuditOp.OPTION_SET)) {
                        assertEquals(process.address(), set.local(), set.toString());
                        assertEquals("", set.remote(), set.toString());
                    }
                    assertEquals(2, optionsAudited().size(), optionsAudited().toString());
                    test.completeNow();
                })));
    }

    @Test
    void tcpUserTimeout_tcpCork_and_tcpQuickAck_read_back_on_a_Linux_native_transport(VertxTestContext test) {
        serve("{\"tcpUserTimeout\": \"10s\", \"tcpCork\": true, \"tcpQuickAck\": true}", null)
                .compose(v -> connect())
                .onComplete(test.succeeding(socket -> test.verify(() -> {
                    LinuxTransports.assertRunsOn(transport, process.status());
                    assertEquals(true, effective("tcpCork").getValue("effective"));
                    assertEquals("10s", effective("tcpUserTimeout").getValue("effective"));
                    // TCP_QUICKACK is not sticky, so only its presence as a read value is certain.
                    assertInstanceOf(Boolean.class, effective("tcpQuickAck").getValue("effective"));
                    test.completeNow();
                })));
    }

    @Test
    void on_nio_a_Linux_only_option_is_reported_not_applied_and_unknown_and_reusePort_reads_back_false(
            VertxTestContext test) {
        nio = Vertx.vertx();
        serve(nio, "{\"keepAlive\": true, \"keepAliveIdle\": \"30s\", \"reusePort\": true}", null)
                .compose(v -> connect(nio))
                .onComplete(test.succeeding(socket -> test.verify(() -> {
                    assertEquals(Transport.NIO.json(), process.status().getString("transport"));
                    assertEquals(true, effective("keepAlive").getValue("effective"));
                    JsonObject idle = effective("keepAliveIdle");
                    assertEquals(EffectiveOptions.UNKNOWN, idle.getString("effective"));
                    assertTrue(idle.getString("note").startsWith("not applied: needs a Linux native transport"),
                            idle.encode());
                    JsonObject reusePort = effective("reusePort");
                    assertEquals(false, reusePort.getValue("effective"));
                    assertTrue(reusePort.getString("note").startsWith("not applied: needs a native transport"),
                            reusePort.encode());
                    assertTrue(recommendations().isEmpty(), recommendations().encode());
                    assertEquals(List.of("keepAlive requested=true effective=true"), optionsAudited());
                    test.completeNow();
                })));
    }

    @Test
    void before_the_first_connection_connection_options_are_pending_and_the_limits_are_reported(
            VertxTestContext test) {
        serve("{\"tcpNoDelay\": true}", null).onComplete(test.succeeding(v -> test.verify(() -> {
            JsonObject entry = effective("tcpNoDelay");
            assertEquals(EffectiveOptions.PENDING, entry.getString("effective"));
            assertEquals("read back from the first accepted connection", entry.getString("note"));
            assertTrue(optionsAudited().isEmpty(), optionsAudited().toString());
            assertEquals(limits.toJson(), process.status().getJsonObject("kernelLimits"));
            LinuxTransports.assertRunsOn(transport, process.status());
            test.completeNow();
        })));
    }

    // ---- helpers

    private void assumeLinuxWithSs() {
        assumeTrue(limits.somaxconn() != null && limits.rmemMax() != null && limits.wmemMax() != null,
                "not Linux: no /proc/sys/net/core limits");
        assumeTrue(ss, "ss is not installed");
    }

    private Future<Void> serve(String options, Duration idleTimeout) {
        return serve(vertx, options, idleTimeout);
    }

    /** Deploys one instance of a process with {@code options} on the loopback, on a free port. */
    private Future<Void> serve(Vertx on, String options, Duration idleTimeout) {
        TcpServerConfig config = new TcpServerConfig(LOOPBACK, 0, null, parse(options), idleTimeout, 100);
        ctx = new TestProcessContext<>(on, ID, config, 1, Duration.ofSeconds(5));
        process = new TcpServerProcess(ctx);
        return on.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(1)).mapEmpty();
    }

    private Future<NetSocket> connect() {
        return connect(vertx);
    }

    /**
     * Connects and completes once one byte has come back: by then the server has accepted the connection and read
     * its options. The connection stays open; closing Vert.x closes it.
     */
    private Future<NetSocket> connect(Vertx on) {
        // Held in a field: Vert.x closes a client, and its connections, once nothing references it.
        client = on.createNetClient();
        return client.connect(port(), LOOPBACK).compose(socket -> {
            Promise<NetSocket> echoed = Promise.promise();
            socket.handler(b -> echoed.tryComplete(socket));
            socket.write(Buffer.buffer("x"));
            return echoed.future();
        });
    }

    private int port() {
        String address = process.address();
        return HostPort.parse(address).port();
    }

    private JsonObject effective(String option) {
        JsonObject entry = process.status().getJsonObject("effectiveOptions").getJsonObject(option);
        assertTrue(entry != null, option + " is missing from " + process.status().encode());
        return entry;
    }

    private JsonArray recommendations() {
        return process.status().getJsonArray("recommendations");
    }

    private List<String> optionsAudited() {
        return ctx.audited(AuditOp.OPTION_SET).stream().map(AuditEvent::detail).collect(Collectors.toList());
    }

    private static SocketOptions parse(String json) {
        try {
            return JSON.readValue(json, SocketOptions.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
