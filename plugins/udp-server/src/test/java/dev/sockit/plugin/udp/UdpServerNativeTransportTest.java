package dev.sockit.plugin.udp;

import dev.sockit.api.AuditOp;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.testing.LinuxTransports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs on each Linux native transport, epoll and io_uring; skipped (with the cause) where one cannot load. */
@ExtendWith(VertxExtension.class)
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {LinuxTransports.EPOLL, LinuxTransports.IO_URING})
class UdpServerNativeTransportTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int TIMEOUT_MS = 2000;
    private static final int CLIENTS = 16;

    @Parameter
    String transport;

    private Vertx vertx;
    private final List<UdpTestClient> clients = new ArrayList<>();

    @BeforeEach
    void startVertxOnTheTransport() {
        vertx = LinuxTransports.vertxOn(transport);
    }

    @AfterEach
    void closeVertx(VertxTestContext test) {
        clients.forEach(UdpTestClient::close);
        if (vertx == null) {
            test.completeNow();
        } else {
            vertx.close().onComplete(test.succeedingThenComplete());
        }
    }

    @Test
    void two_instances_share_the_port_with_reusePort_and_both_echo(VertxTestContext test) {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.REUSE_PORT, true).build();
        TestProcessContext<UdpServerConfig> ctx = new TestProcessContext<>(vertx, "shared",
                UdpServerVerticleTest.builder(LOOPBACK).options(options).build(), 2);
        UdpServerProcess process = new UdpServerProcess(ctx);
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(UdpTestClient.bound(LOOPBACK));
        }
        vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(2))
                .compose(id -> vertx.executeBlocking(() -> {
                    int port = UdpServerVerticleTest.portOf(process);
                    int echoed = 0;
                    for (UdpTestClient client : clients) {
                        byte[] payload = UdpServerVerticleTest.randomBytes(512);
                        echoed += payload.length == lengthOf(client.exchange(payload, LOOPBACK, port, TIMEOUT_MS))
                                ? 1 : 0;
                    }
                    return echoed;
                }))
                .compose(echoed -> vertx.executeBlocking(() -> ProcNetUdp.read(ProcNetUdp.PROC,
                        InetAddress.getByName(LOOPBACK), UdpServerVerticleTest.portOf(process))).map(sample -> {
                            test.verify(() -> assertEquals(2, sample.sockets(), "sockets bound to the port"));
                            return echoed;
                        }))
                .onComplete(test.succeeding(echoed -> test.verify(() -> {
                    assertEquals(CLIENTS, echoed);
                    JsonObject status = process.status();
                    assertEquals(2, status.getInteger("bound"));
                    assertEquals(CLIENTS, status.getInteger("peers"));
                    assertEquals(1, ctx.portChecks());
                    assertEquals(2, ctx.audited(AuditOp.BIND).size());
                    assertTrue(ctx.details(AuditOp.OPTION_SET).contains("reusePort requested=true"),
                            ctx.details(AuditOp.OPTION_SET).toString());
                    assertTrue(status.getJsonObject("ignoredOptions").isEmpty(), status.encode());
                    LinuxTransports.assertRunsOn(transport, status);
                    test.completeNow();
                })));
    }

    @Test
    void reads_the_largest_datagram_whole_with_a_small_SO_RCVBUF_and_reports_it_doubled(VertxTestContext test) {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 4096).build();
        UdpServerProcess process = new UdpServerProcess(new TestProcessContext<>(vertx, "small",
                UdpServerVerticleTest.builder(LOOPBACK).options(options).multicastTtl(4).build(), 1));
        clients.add(UdpTestClient.bound(LOOPBACK));
        UdpTestClient client = clients.get(0);
        byte[] largest = UdpServerVerticleTest.randomBytes(UdpServerConfig.MAX_DATAGRAM_SIZE_LIMIT);
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.executeBlocking(() -> {
                    int port = UdpServerVerticleTest.portOf(process);
                    List<byte[]> echoes = new ArrayList<>();
                    echoes.add(client.exchange(largest, LOOPBACK, port, TIMEOUT_MS));
                    echoes.add(client.exchange(new byte[0], LOOPBACK, port, 300));
                    echoes.add(client.exchange(new byte[] {42}, LOOPBACK, port, TIMEOUT_MS));
                    return echoes;
                }))
                .onComplete(test.succeeding(echoes -> test.verify(() -> {
                    assertArrayEquals(largest, echoes.get(0));
                    assertNull(echoes.get(1), "an empty datagram is not echoed");
                    assertArrayEquals(new byte[] {42}, echoes.get(2));
                    JsonObject status = process.status();
                    LinuxTransports.assertRunsOn(transport, status);
                    JsonObject effective = status.getJsonObject("effectiveOptions");
                    assertEquals(2 * 4096, effective.getJsonObject("receiveBufferSize").getInteger("effective"));
                    assertEquals(4, effective.getJsonObject("multicastTtl").getInteger("effective"));
                    assertEquals(3L, status.getLong("datagramsIn"));
                    assertEquals(1L, status.getLong("dropped"));
                    assertEquals(0L, status.getLong("oversize"));
                    test.completeNow();
                })));
    }

    @Test
    void counts_a_datagram_above_maxDatagramSize_as_oversize_on_a_native_transport(VertxTestContext test) {
        UdpServerProcess process = new UdpServerProcess(new TestProcessContext<>(vertx, "limit",
                UdpServerVerticleTest.builder(LOOPBACK).maxDatagramSize(4096).build(), 1));
        clients.add(UdpTestClient.bound(LOOPBACK));
        UdpTestClient client = clients.get(0);
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.executeBlocking(() -> {
                    int port = UdpServerVerticleTest.portOf(process);
                    byte[] tooLarge = client.exchange(new byte[4097], LOOPBACK, port, 300);
                    byte[] largest = client.exchange(UdpServerVerticleTest.randomBytes(4096), LOOPBACK, port,
                            TIMEOUT_MS);
                    return tooLarge == null && largest != null && largest.length == 4096;
                }))
                .onComplete(test.succeeding(ok -> test.verify(() -> {
                    assertTrue(ok);
                    assertEquals(1L, process.status().getLong("oversize"));
                    assertEquals(1L, process.status().getLong("datagramsOut"));
                    test.completeNow();
                })));
    }

    @Test
    void joins_a_group_on_lo_with_the_dual_stack_socket_of_a_native_transport(VertxTestContext test) throws Exception {
        String group = "239.255.254." + (1 + new java.util.Random().nextInt(254));
        UdpServerProcess process = new UdpServerProcess(new TestProcessContext<>(vertx, "group",
                UdpServerVerticleTest.builder(group)
                        .multicast(List.of(new UdpServerConfig.MulticastGroup(group, "lo", null))).build(), 1));
        clients.add(UdpTestClient.bound(LOOPBACK).multicastInterface(java.net.NetworkInterface.getByName("lo")));
        UdpTestClient client = clients.get(0);
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.executeBlocking(() -> client.exchange(new byte[] {1, 2, 3}, group,
                        UdpServerVerticleTest.portOf(process), TIMEOUT_MS)))
                .onComplete(test.succeeding(echo -> test.verify(() -> {
                    assertArrayEquals(new byte[] {1, 2, 3}, echo, process.status().encode());
                    assertTrue(process.status().getJsonArray("multicastGroups").getJsonObject(0)
                            .getBoolean("joined"));
                    test.completeNow();
                })));
    }

    private static int lengthOf(byte[] echo) {
        return echo == null ? -1 : echo.length;
    }
}
