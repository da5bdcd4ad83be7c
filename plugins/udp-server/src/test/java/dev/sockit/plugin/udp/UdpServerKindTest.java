package dev.sockit.plugin.udp;

import dev.sockit.api.ConfigException;
import dev.sockit.api.Endpoint;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class UdpServerKindTest {

    private static final SocketOptions REUSE_PORT = SocketOptions.builder()
            .set(SocketOptionTable.REUSE_PORT, true).build();

    @Test
    void declares_its_socket_as_a_udp_endpoint_at_port() {
        assertEquals(List.of(Endpoint.udp("0.0.0.0", 5353)), new UdpServerKind().endpoints(
                UdpServerVerticleTest.builder("0.0.0.0").port(5353).build()));
    }

    @Test
    void is_named_udp_server_and_binds_UdpServerConfig() {
        UdpServerKind kind = new UdpServerKind();
        assertEquals("udp-server", kind.name());
        assertEquals(UdpServerConfig.class, kind.configType());
        assertFalse(kind.usesRawSockets());
        assertFalse(kind.description().contains("\n"));
    }

    @Test
    void creates_a_process_whose_instances_are_verticles(Vertx vertx) {
        UdpServerProcess process = assertInstanceOf(UdpServerProcess.class, new UdpServerKind().create(
                new TestProcessContext<>(vertx, "echo", UdpServerConfig.ofPort(0), 1)));
        assertInstanceOf(UdpServerVerticle.class, process.newInstance());
        assertEquals("", process.address());
        assertEquals("127.0.0.1:0", process.status().getString("configuredAddress"));
        assertEquals(0, process.status().getInteger("bound"));
    }

    @Test
    void status_writes_its_keys_in_the_order_users_see_them(Vertx vertx) {
        UdpServerProcess process = (UdpServerProcess) new UdpServerKind().create(
                new TestProcessContext<>(vertx, "echo", UdpServerConfig.ofPort(0), 1));
        process.datagramsIn.add(2);
        process.bytesIn.add(7);
        assertEquals(List.of("handler", "forwardTo", "configuredAddress", "address", "transport", "instances",
                "bound", "maxDatagramSize", "maxInFlight", "datagramsIn", "bytesIn", "datagramsOut", "bytesOut",
                "forwarded", "forwardFailed", "oversize", "malformed", "dropped", "sendFailures", "errors", "peers", "peersCap",
                "untrackedPeerDatagrams", "receiveBufferDrops", "receiveQueueBytes", "dropsSampledAt", "options",
                "multicastTtl", "multicastLoopback", "appliedOptions", "ignoredOptions", "effectiveOptions",
                "recommendations", "multicastGroups"), List.copyOf(process.status().fieldNames()));
        assertEquals(2L, process.status().getLong("datagramsIn"));
        assertEquals(7L, process.status().getLong("bytesIn"));
    }

    @Test
    void refuses_several_instances_without_reusePort(Vertx vertx) {
        ConfigException e = assertThrows(ConfigException.class, () -> new UdpServerKind().create(
                new TestProcessContext<>(vertx, "echo", UdpServerConfig.ofPort(7007), 2)));
        assertEquals("options.reusePort", e.path());
        assertEquals("options.reusePort: not true, so 2 instances cannot share the UDP port (expected: instances: 1,"
                + " or reusePort: true on a native transport: epoll, io_uring or kqueue)", e.getMessage());
    }

    @Test
    void refuses_several_instances_with_reusePort_on_nio(Vertx vertx) {
        assertEquals(Transport.NIO.json(), RecordingProcessContext.transportOf(vertx));
        UdpServerConfig config = UdpServerVerticleTest.builder("127.0.0.1").options(REUSE_PORT).build();
        ConfigException e = assertThrows(ConfigException.class, () -> new UdpServerKind().create(
                new TestProcessContext<>(vertx, "echo", config, 3)));
        assertTrue(e.getMessage().startsWith("options.reusePort: true, but the nio transport cannot apply it, so 3"
                + " instances cannot share the UDP port"), e.getMessage());
    }

    @Test
    void refuses_several_instances_with_multicast(Vertx vertx) {
        UdpServerConfig config = UdpServerVerticleTest.builder("0.0.0.0").options(REUSE_PORT)
                .multicast(List.of(new UdpServerConfig.MulticastGroup("239.1.1.1", "lo", null))).build();
        ConfigException e = assertThrows(ConfigException.class, () -> new UdpServerKind().create(
                new TestProcessContext<>(vertx, "echo", config, 2)));
        assertEquals("multicast", e.path());
    }

    @Test
    void is_listed_in_the_PF4J_extension_index() throws IOException {
        // The test classes have an index of their own, without extensions: look at every one.
        List<String> indexed = new ArrayList<>();
        Enumeration<URL> indexes = getClass().getClassLoader().getResources("META-INF/extensions.idx");
        while (indexes.hasMoreElements()) {
            try (InputStream in = indexes.nextElement().openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(indexed::add);
            }
        }
        assertTrue(indexed.contains(UdpServerKind.class.getName()), indexed.toString());
    }
}
