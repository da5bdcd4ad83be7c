package dev.sockit.net;

import dev.sockit.api.AuditOp;
import dev.sockit.api.PortCheck;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.Protocol;
import dev.sockit.api.SockitException;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PortGuard} around real sockets on loopback. */
class PortGuardTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final RecordingProcessContext<Object> ctx = new RecordingProcessContext<>(vertx, "echo", "tcp-server",
            new Object(), 1, Duration.ofSeconds(1));

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void a_free_port_passes_and_audits_nothing() throws Exception {
        int port = freePort();
        PortCheck check = PortGuard.requireFree(ctx, context, Protocol.TCP, "127.0.0.1", port, "127.0.0.1:" + port,
                Throwable::getMessage).await(10, TimeUnit.SECONDS);
        assertTrue(check.free());
        assertEquals(List.of(), ctx.audited());
    }

    @Test
    void a_taken_port_fails_with_its_check_audited_at_the_configured_address() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            Exception e = assertThrows(Exception.class, () -> PortGuard.requireFree(ctx, context, Protocol.TCP,
                    "127.0.0.1", port, "127.0.0.1:" + port, Throwable::getMessage).await(10, TimeUnit.SECONDS));
            PortInUseException taken = assertInstanceOf(PortInUseException.class, e);
            assertEquals(port, taken.check().port());
            assertEquals(List.of(taken.check().message()), ctx.details(AuditOp.ERROR));
            assertEquals("127.0.0.1:" + port, ctx.audited(AuditOp.ERROR).get(0).local());
        }
    }

    @Test
    void after_a_bind_failed_with_address_in_use_a_second_look_names_the_holder() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            SockitException failure = new SockitException("cannot listen on 127.0.0.1:" + port);
            Exception e = assertThrows(Exception.class, () -> PortGuard.<Integer>afterFailedBind(ctx, context,
                    Protocol.TCP, "127.0.0.1", port, new BindException("Address already in use"), failure)
                    .await(10, TimeUnit.SECONDS));
            assertEquals(port, assertInstanceOf(PortInUseException.class, e).check().port());
        }
    }

    @Test
    void after_another_bind_failure_or_a_port_free_again_the_failure_stands() throws IOException {
        SockitException failure = new SockitException("cannot listen");
        Exception other = assertThrows(Exception.class, () -> PortGuard.<Integer>afterFailedBind(ctx, context,
                Protocol.TCP, "127.0.0.1", 1, new BindException("Permission denied"), failure)
                .await(10, TimeUnit.SECONDS));
        assertSame(failure, other);
        int port = freePort();
        Exception freeAgain = assertThrows(Exception.class, () -> PortGuard.<Integer>afterFailedBind(ctx, context,
                Protocol.TCP, "127.0.0.1", port, new BindException("Address already in use"), failure)
                .await(10, TimeUnit.SECONDS));
        assertSame(failure, freeAgain);
        assertEquals(1, ctx.portChecks(), "only a bind that failed with address in use is looked at again");
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
