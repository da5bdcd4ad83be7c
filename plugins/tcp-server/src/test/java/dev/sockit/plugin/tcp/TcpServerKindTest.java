package dev.sockit.plugin.tcp;

import dev.sockit.api.Endpoint;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class TcpServerKindTest {

    @Test
    void is_named_tcp_server_and_binds_TcpServerConfig() {
        TcpServerKind kind = new TcpServerKind();
        assertEquals("tcp-server", kind.name());
        assertEquals(TcpServerConfig.class, kind.configType());
        assertFalse(kind.usesRawSockets());
        assertFalse(kind.description().contains("\n"));
    }

    @Test
    void declares_its_listener_as_the_endpoint_at_port_or_at_path() {
        TcpServerKind kind = new TcpServerKind();
        assertEquals(List.of(Endpoint.tcp("0.0.0.0", 7201)),
                kind.endpoints(new TcpServerConfig("0.0.0.0", 7201, null, null, null, null)));
        Endpoint unix = kind.endpoints(new TcpServerConfig(null, 0, null, null, null, null, "run/echo.sock", null,
                null, null, null)).get(0);
        assertEquals(Endpoint.unix("run/echo.sock"), unix);
        assertEquals("path", unix.key());
    }

    @Test
    void creates_a_process_whose_instances_are_verticles(Vertx vertx) {
        TestProcessContext<TcpServerConfig> ctx = new TestProcessContext<>(vertx, "echo",
                TcpServerConfig.ofPort(0), 1, Duration.ofSeconds(1));
        TcpServerProcess process = assertInstanceOf(TcpServerProcess.class, new TcpServerKind().create(ctx));
        assertInstanceOf(TcpServerVerticle.class, process.newInstance());
        assertEquals("", process.address());
        assertEquals("127.0.0.1:0", process.status().getString("configuredAddress"));
    }

    @Test
    void status_writes_its_keys_in_the_order_users_see_them(Vertx vertx) {
        TcpServerProcess process = (TcpServerProcess) new TcpServerKind().create(new TestProcessContext<>(vertx,
                "echo", TcpServerConfig.ofPort(0), 1, Duration.ofSeconds(1)));
        process.accepted.add(3);
        process.bytesOut.add(10);
        assertEquals(List.of("handler", "configuredAddress", "address", "transport", "instances", "listening",
                "listeners", "acceptedByInstance", "open", "accepted", "rejected", "closed", "bytesIn", "bytesOut",
                "maxConnections", "idleTimeout", "readTimeout", "timedOut", "path", "forwardTo", "sharesLoopWith", "trafficShaping",
                "tls", "options", "appliedOptions", "ignoredOptions", "effectiveOptions", "recommendations",
                "kernelLimits"), List.copyOf(process.status().fieldNames()));
        assertEquals(3L, process.status().getLong("accepted"));
        assertEquals(10L, process.status().getLong("bytesOut"));
        assertEquals(0L, process.status().getLong("open"));
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
        assertTrue(indexed.contains(TcpServerKind.class.getName()), indexed.toString());
    }
}
