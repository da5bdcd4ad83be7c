package dev.sockit.plugin.tcp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.await;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the audit log says about connections, checked with real sockets: one address format, the peer of a unix
 * socket, one plain line for a reset, bytes that really went out, and when and why things close at a stop.
 */
@ExtendWith(VertxExtension.class)
class TcpServerAuditTest {

    private static final String ID = "audited";

    @Test
    void writes_IPv6_addresses_in_one_short_form_at_bind_and_at_accept(Vertx vertx) throws Exception {
        // The config spells ::1 out in full; bind, listen and accept all show [::1].
        TcpServerTestSupport.Deployed server = await(deploy(vertx, new TcpServerConfig("0:0:0:0:0:0:0:1", 0, null,
                null, null, null), Duration.ofSeconds(5)));
        int port = server.port();
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("::1", port), 5000);
            await(until(vertx, () -> !server.ctx().audited(AuditOp.ACCEPT).isEmpty()));
        }
        String local = "[::1]:" + port;
        assertEquals(local, server.process().address());
        assertEquals(local, server.ctx().audited(AuditOp.BIND).get(0).local());
        assertEquals(local, server.ctx().audited(AuditOp.LISTEN).get(0).local());
        AuditEvent accept = server.ctx().audited(AuditOp.ACCEPT).get(0);
        assertEquals(local, accept.local());
        assertTrue(accept.remote().matches("\\[::1]:\\d+"), accept.remote());
        await(vertx.undeploy(server.deploymentId()));
    }

    @Test
    void audits_an_unbound_unix_client_as_unnamed_not_with_the_servers_path(Vertx vertx, @TempDir Path dir)
            throws Exception {
        auditsAnUnboundUnixClient(vertx, dir);
    }

    @Test
    void audits_an_unbound_unix_client_as_unnamed_on_the_native_transport(@TempDir Path dir) throws Exception {
        Vertx nativeVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            assertTrue(nativeVertx.isNativeTransportEnabled(), "the epoll transport is a test dependency");
            auditsAnUnboundUnixClient(nativeVertx, dir);
        } finally {
            await(nativeVertx.close());
        }
    }

    private static void auditsAnUnboundUnixClient(Vertx vertx, Path dir) throws Exception {
        Path path = dir.resolve("audited.sock");
        TcpServerTestSupport.Deployed server = await(deploy(vertx, new TcpServerConfig(null, 0, null, null, null,
                null, path.toString(), null, null, null, null), Duration.ofSeconds(5)));
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(path));
            client.write(ByteBuffer.wrap(new byte[] {'x'}));
            client.read(ByteBuffer.allocate(1));
        }
        await(until(vertx, () -> !server.ctx().audited(AuditOp.CLOSE).isEmpty()));
        AuditEvent accept = server.ctx().audited(AuditOp.ACCEPT).get(0);
        assertEquals("unix:" + path, accept.local());
        assertEquals("unix:", accept.remote());
        assertEquals("unix:", server.ctx().audited(AuditOp.CLOSE).get(0).remote());
        await(vertx.undeploy(server.deploymentId()));
    }

    @Test
    void a_reset_is_one_plain_error_line_and_echoes_it_cut_off_are_not_counted_as_sent(Vertx vertx)
            throws Exception {
        TcpServerTestSupport.Deployed server = await(deploy(vertx, new TcpServerConfig(TcpServerTestSupport.LOOPBACK,
                0, null, null, null, null), Duration.ofSeconds(5)));
        Socket client = new Socket();
        client.setReceiveBufferSize(4096);
        client.connect(new InetSocketAddress(TcpServerTestSupport.LOOPBACK, server.port()), 5000);
        // The client sends and never reads: the echo backs up in the server until it stops reading.
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[16 * 1024];
            try {
                OutputStream out = client.getOutputStream();
                while (sending.get()) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // The reset below ends the writing.
            }
        }, "audit-test-writer");
        writer.setDaemon(true);
        writer.start();
        // Settled: the server has stopped reading for 300 ms, its writes backed up.
        long[] last = {-1, System.nanoTime()};
        await(until(vertx, () -> {
            long in = server.process().status().getLong("bytesIn");
            if (in != last[0]) {
                last[0] = in;
                last[1] = System.nanoTime();
                return false;
            }
            return in > 256 * 1024 && System.nanoTime() - last[1] > TimeUnit.MILLISECONDS.toNanos(300);
        }));
        sending.set(false);
        client.setSoLinger(true, 0);
        client.close();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        await(until(vertx, () -> !server.ctx().audited(AuditOp.CLOSE).isEmpty()));

        List<AuditEvent> errors = server.ctx().audited(AuditOp.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("connection reset by peer", errors.get(0).detail());
        String close = server.ctx().audited(AuditOp.CLOSE).get(0).detail();
        long in = Long.parseLong(close.replaceAll(".*bytesIn=(\\d+).*", "$1"));
        long out = Long.parseLong(close.replaceAll(".*bytesOut=(\\d+).*", "$1"));
        assertTrue(in > 256 * 1024, close);
        assertTrue(out < in, "echoes that were never written counted as sent: " + close);
        await(vertx.undeploy(server.deploymentId()));
    }

    @Test
    void the_listener_close_is_audited_when_the_stop_begins_and_a_cut_connection_says_why(Vertx vertx)
            throws Exception {
        TcpServerTestSupport.Deployed server = await(deploy(vertx, new TcpServerConfig(TcpServerTestSupport.LOOPBACK,
                0, null, null, null, null), Duration.ofSeconds(2)));
        AtomicBoolean talking = new AtomicBoolean(true);
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress(TcpServerTestSupport.LOOPBACK, server.port()), 5000);
            await(until(vertx, () -> !server.ctx().audited(AuditOp.ACCEPT).isEmpty()));
            // A client that sends and never reads: its echoes back up, so the drain cannot finish before the cut.
            Thread flood = new Thread(() -> {
                byte[] chunk = new byte[16 * 1024];
                try {
                    while (talking.get()) {
                        client.getOutputStream().write(chunk);
                    }
                } catch (IOException e) {
                    // The server cut the connection.
                }
            }, "audit-test-flood");
            flood.setDaemon(true);
            flood.start();
            await(until(vertx, () -> server.process().status().getLong("bytesIn") > 64 * 1024));

            long t0 = System.nanoTime();
            var undeployed = vertx.undeploy(server.deploymentId());
            await(until(vertx, () -> server.ctx().audited(AuditOp.CLOSE).stream().anyMatch(e -> e.connectionId()
                    == 0)));
            long listenerClosedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            await(undeployed);
            long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            talking.set(false);

            assertTrue(listenerClosedMs < 1000, "listener close audited after " + listenerClosedMs + " ms");
            assertTrue(stoppedMs >= 1900, "the connection was not held through the drain: " + stoppedMs + " ms");
            List<AuditEvent> closes = server.ctx().audited(AuditOp.CLOSE);
            assertEquals(0, closes.get(0).connectionId(), "the listener closes first: " + closes);
            AuditEvent cut = closes.get(1);
            assertEquals(1, cut.connectionId(), closes.toString());
            assertTrue(cut.detail().startsWith("cut at shutdown after 2s bytesIn="), cut.detail());
        } finally {
            talking.set(false);
        }
    }

    private static io.vertx.core.Future<TcpServerTestSupport.Deployed> deploy(Vertx vertx, TcpServerConfig config,
                                                                             Duration shutdownTimeout) {
        TestProcessContext<TcpServerConfig> ctx = new TestProcessContext<>(vertx, ID, config, 1, shutdownTimeout);
        TcpServerProcess process = (TcpServerProcess) new TcpServerKind().create(ctx);
        return vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(1))
                .map(id -> new TcpServerTestSupport.Deployed(ctx, process, id));
    }
}
