package dev.sockit.plugin.udp;

import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.SocketEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multicast on the loopback interface: the server binds a group address (so that it is reachable from nowhere
 * else), joins the group on {@code lo}, and a client that sends to the group through {@code lo} gets the echo.
 * Skipped where the kernel does not deliver multicast on {@code lo}.
 */
@ExtendWith(VertxExtension.class)
class UdpServerMulticastTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String LO = "lo";
    private static final int TIMEOUT_MS = 2000;

    private static String group;
    private static String loopbackMulticast;

    private UdpTestClient client;

    @BeforeAll
    static void pickAGroupAndCheckTheKernelLoopsItBack() {
        Random random = new Random();
        group = "239.255." + (1 + random.nextInt(254)) + "." + (1 + random.nextInt(254));
        loopbackMulticast = loopbackMulticastProblem(group);
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void joins_a_group_on_lo_echoes_what_is_sent_to_it_and_leaves_it_on_stop(Vertx vertx, VertxTestContext test)
            throws IOException {
        UdpServerVerticleTest.assume(test, loopbackMulticast == null, String.valueOf(loopbackMulticast));
        client = UdpTestClient.bound(LOOPBACK).multicastInterface(NetworkInterface.getByName(LO));
        byte[] payload = UdpServerVerticleTest.randomBytes(1200);
        UdpServerConfig config = UdpServerVerticleTest.builder(group)
                .multicast(List.of(new UdpServerConfig.MulticastGroup(group, LO, null)))
                .multicastTtl(1).multicastLoopback(true).build();
        TestProcessContext<UdpServerConfig> ctx = new TestProcessContext<>(vertx, "echo", config, 1);
        UdpServerProcess process = new UdpServerProcess(ctx);
        Future<List<SocketEvent>> stopped = UdpServerVerticleTest.events(vertx, EventType.STOPPED, 1);
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .compose(id -> vertx.executeBlocking(() -> client.exchange(payload, group,
                        UdpServerVerticleTest.portOf(process), TIMEOUT_MS)).map(echo -> {
                            test.verify(() -> {
                                assertArrayEquals(payload, echo);
                                JsonObject joined = process.status().getJsonArray("multicastGroups").getJsonObject(0);
                                assertEquals(new JsonObject().put("group", group).put("interface", LO)
                                        .putNull("source").put("joined", true), joined);
                                assertTrue(process.address().startsWith(group + ":"), process.address());
                            });
                            return id;
                        }))
                .compose(vertx::undeploy)
                .compose(v -> stopped)
                .onComplete(test.succeeding(events -> test.verify(() -> {
                    List<String> set = ctx.details(AuditOp.OPTION_SET);
                    assertTrue(set.contains("join " + group + " on " + LO), set.toString());
                    assertTrue(set.contains("leave " + group + " on " + LO), set.toString());
                    JsonObject status = process.status();
                    assertFalse(status.getJsonArray("multicastGroups").getJsonObject(0).getBoolean("joined"));
                    assertEquals(1L, status.getLong("datagramsIn"));
                    assertEquals(1L, status.getLong("datagramsOut"));
                    test.completeNow();
                })));
    }

    @Test
    void fails_to_start_naming_the_interface_when_it_does_not_exist(Vertx vertx, VertxTestContext test) {
        UdpServerConfig config = UdpServerVerticleTest.builder(group)
                .multicast(List.of(new UdpServerConfig.MulticastGroup(group, "nosuchif0", null))).build();
        UdpServerProcess process = new UdpServerProcess(new TestProcessContext<>(vertx, "echo", config, 1));
        vertx.deployVerticle(process::newInstance, new DeploymentOptions())
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertTrue(e.getMessage().startsWith("processes.echo.config.multicast[0].interface: no network"
                            + " interface named 'nosuchif0' (expected one of: "), e.getMessage());
                    assertEquals("", process.address());
                    test.completeNow();
                })));
    }

    /**
     * Why a datagram sent to {@code group} through {@code lo} does not come back to a member on {@code lo}, or
     * {@code null} if it does: plain JDK sockets, one second at most.
     */
    private static String loopbackMulticastProblem(String group) {
        try (DatagramChannel member = DatagramChannel.open(StandardProtocolFamily.INET);
             DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            NetworkInterface lo = NetworkInterface.getByName(LO);
            if (lo == null) {
                return "there is no interface named " + LO;
            }
            InetAddress groupAddress = InetAddress.getByName(group);
            member.bind(new InetSocketAddress(groupAddress, 0));
            member.join(groupAddress, lo);
            member.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            sender.setOption(java.net.StandardSocketOptions.IP_MULTICAST_IF, lo);
            sender.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(groupAddress,
                    ((InetSocketAddress) member.getLocalAddress()).getPort()));
            return selector.select(1000) > 0 ? null : "the kernel does not deliver multicast on " + LO + " here";
        } catch (IOException e) {
            return "the kernel refuses multicast on " + LO + ": " + e.getMessage();
        }
    }
}
