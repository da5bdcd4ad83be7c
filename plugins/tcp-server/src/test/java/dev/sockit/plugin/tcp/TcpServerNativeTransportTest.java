package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.HostPort;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.testing.LinuxTransports;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.transport.Transport;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs on each Linux native transport, epoll and io_uring (both on the test class path); skipped where one cannot
 * load. The process reports and maps options for the transport the runtime runs on.
 */
@ExtendWith(VertxExtension.class)
class TcpServerNativeTransportTest {

    private static final String LINUX_OPTIONS = "{\"reusePort\": true, \"tcpNoDelay\": true, \"keepAlive\": true,"
            + " \"keepAliveIdle\": \"30s\", \"keepAliveInterval\": \"5s\", \"keepAliveCount\": 4,"
            + " \"tcpFastOpen\": true, \"tcpQuickAck\": true, \"tcpUserTimeout\": \"10s\","
            + " \"receiveBufferSize\": \"64KiB\"}";

    private Vertx vertx;
    private NetClient client;

    /** Starts Vert.x on the Linux native transport {@code name}; the test is skipped where it cannot load. */
    private String start(String name) {
        Transport transport = name.equals(LinuxTransports.IO_URING) ? Transport.IO_URING : Transport.EPOLL;
        assumeTrue(transport.available(), name + " cannot load here: " + transport.unavailabilityCause());
        vertx = Vertx.builder().withTransport(transport).build();
        client = vertx.createNetClient();
        assertEquals(name, RecordingProcessContext.transportOf(vertx));
        return name;
    }

    @AfterEach
    void closeVertx(VertxTestContext test) {
        if (vertx == null) {
            test.completeNow();
        } else {
            vertx.close().onComplete(test.succeedingThenComplete());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {LinuxTransports.EPOLL, LinuxTransports.IO_URING})
    void applies_audits_and_reports_the_Linux_options_on_each_Linux_native_transport(String name,
                                                                                    VertxTestContext test)
            throws JsonProcessingException {
        String transport = start(name);
        SocketOptions options = new ObjectMapper().readValue(LINUX_OPTIONS, SocketOptions.class);
        TestProcessContext<TcpServerConfig> ctx = new TestProcessContext<>(vertx, "native",
                new TcpServerConfig("127.0.0.1", 0, null, options, null, 100), 2, Duration.ofSeconds(5));
        TcpServerProcess process = new TcpServerProcess(ctx);
        Buffer payload = Buffer.buffer("native transport");
        vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(2))
                .compose(id -> client.connect(portOf(process), "127.0.0.1"))
                .compose(socket -> TcpServerTestSupport.roundTrip(socket, payload.copy()))
                .onComplete(test.succeeding(received -> test.verify(() -> {
                    assertEquals(payload, received);
                    JsonObject status = process.status();
                    assertEquals(transport, status.getString("transport"));
                    assertTrue(status.getJsonObject("ignoredOptions").isEmpty(), status.encode());
                    List<String> set = ctx.audited(AuditOp.OPTION_SET).stream().map(AuditEvent::detail)
                            .collect(Collectors.toList());
                    assertEquals(options.asMap().size(), set.size(), set.toString());
                    assertTrue(set.stream().anyMatch(d -> d.startsWith("tcpQuickAck requested=true effective=")),
                            set.toString());
                    assertTrue(set.contains("keepAliveIdle requested=30s effective=30s"), set.toString());
                    assertTrue(set.contains("tcpUserTimeout requested=10s effective=10s"), set.toString());
                    test.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {LinuxTransports.EPOLL, LinuxTransports.IO_URING})
    void reusePort_gives_each_instance_a_listener_of_its_own_and_the_kernel_spreads_connections_over_them(
            String name, VertxTestContext test) throws JsonProcessingException {
        start(name);
        assumeTrue(SocketStats.available(), "ss (iproute2) is not installed");
        SocketOptions options = new ObjectMapper().readValue("{\"reusePort\": true}", SocketOptions.class);
        TestProcessContext<TcpServerConfig> ctx = new TestProcessContext<>(vertx, "spread",
                new TcpServerConfig("127.0.0.1", 0, null, options, null, 1000), 2, Duration.ofSeconds(5));
        TcpServerProcess process = new TcpServerProcess(ctx);
        int connections = 40;
        vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(2))
                .compose(id -> {
                    List<Future<Buffer>> echoes = new ArrayList<>();
                    for (int i = 0; i < connections; i++) {
                        Buffer payload = Buffer.buffer("connection " + i);
                        echoes.add(client.connect(portOf(process), "127.0.0.1")
                                .compose(socket -> TcpServerTestSupport.roundTrip(socket, payload.copy()))
                                .andThen(ar -> test.verify(() -> assertEquals(payload, ar.result()))));
                    }
                    return Future.all(echoes)
                            .compose(all -> vertx.executeBlocking(() -> SocketStats.listeners(portOf(process))));
                })
                .onComplete(test.succeeding(listeners -> test.verify(() -> {
                    JsonObject status = process.status();
                    assertEquals(2, listeners, "listening sockets on the port, as ss shows them");
                    assertEquals(2, status.getInteger("listeners"), status.encode());
                    List<?> perInstance = status.getJsonArray("acceptedByInstance").getList();
                    assertEquals(2, perInstance.size(), status.encode());
                    long total = 0;
                    for (Object n : perInstance) {
                        long accepted = ((Number) n).longValue();
                        // 40 connections from distinct source ports: the kernel's hash leaves an instance without
                        // any with a probability of 2^-39.
                        assertTrue(accepted > 0, "every instance accepts some: " + status.encode());
                        total += accepted;
                    }
                    assertEquals(connections, total, status.encode());
                    assertEquals(connections, status.getLong("accepted"));
                    test.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {LinuxTransports.EPOLL, LinuxTransports.IO_URING})
    void without_reusePort_the_instances_share_one_listener(String name, VertxTestContext test) {
        start(name);
        TestProcessContext<TcpServerConfig> ctx = new TestProcessContext<>(vertx, "shared",
                new TcpServerConfig("127.0.0.1", 0, null, SocketOptions.NONE, null, 10), 2, Duration.ofSeconds(5));
        TcpServerProcess process = new TcpServerProcess(ctx);
        assumeTrue(SocketStats.available(), "ss (iproute2) is not installed");
        vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(2))
                .compose(id -> vertx.executeBlocking(() -> SocketStats.listeners(portOf(process))))
                .onComplete(test.succeeding(listeners -> test.verify(() -> {
                    assertEquals(1, listeners);
                    assertEquals(1, process.status().getInteger("listeners"));
                    assertEquals(2, process.status().getInteger("listening"));
                    test.completeNow();
                })));
    }

    private static int portOf(TcpServerProcess process) {
        String address = process.address();
        return HostPort.parse(address).port();
    }
}
