package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.SocketOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs where Vert.x can use a Linux native transport (epoll on the test class path); skipped elsewhere. */
@ExtendWith(VertxExtension.class)
class TcpServerNativeTransportTest {

    private static final String LINUX_OPTIONS = "{\"reusePort\": true, \"tcpNoDelay\": true, \"keepAlive\": true,"
            + " \"keepAliveIdle\": \"30s\", \"keepAliveInterval\": \"5s\", \"keepAliveCount\": 4,"
            + " \"tcpFastOpen\": true, \"tcpQuickAck\": true, \"tcpUserTimeout\": \"10s\","
            + " \"receiveBufferSize\": \"64KiB\"}";

    private Vertx vertx;
    private NetClient client;

    @BeforeEach
    void startVertxPreferringTheNativeTransport() {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        client = vertx.createNetClient();
    }

    @AfterEach
    void closeVertx(VertxTestContext test) {
        vertx.close().onComplete(test.succeedingThenComplete());
    }

    @Test
    void applies_and_audits_the_Linux_options_on_a_Linux_native_transport(VertxTestContext test)
            throws JsonProcessingException {
        String transport = TcpServerProcess.transportOf(vertx);
        assumeTrue(transport.equals(TcpOptionsMapper.EPOLL) || transport.equals(TcpOptionsMapper.IO_URING),
                "the transport is " + transport);
        SocketOptions options = new ObjectMapper().readValue(LINUX_OPTIONS, SocketOptions.class);
        TestProcessContext<TcpServerConfig> ctx = new TestProcessContext<>(vertx, "native",
                new TcpServerConfig("127.0.0.1", 0, null, options, null, 100), 2, Duration.ofSeconds(5));
        TcpServerProcess process = new TcpServerProcess(ctx);
        Buffer payload = Buffer.buffer("native transport");
        vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(2))
                .compose(id -> client.connect(portOf(process), "127.0.0.1"))
                .compose(socket -> {
                    Promise<Buffer> echoed = Promise.promise();
                    Buffer received = Buffer.buffer();
                    socket.handler(b -> {
                        received.appendBuffer(b);
                        if (received.length() >= payload.length()) {
                            echoed.tryComplete(received);
                        }
                    });
                    socket.write(payload.copy());
                    return echoed.future();
                })
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

    private static int portOf(TcpServerProcess process) {
        String address = process.address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
