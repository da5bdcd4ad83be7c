package dev.sockit.plugin.tcp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.await;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A server on a unix domain socket ({@code path}), reached with the JDK's {@link SocketChannel}. */
@ExtendWith(VertxExtension.class)
class TcpServerUnixSocketTest {

    private static final String ID = "unix";

    @Test
    void echoes_over_a_unix_socket_to_a_JDK_SocketChannel_and_removes_the_socket_file_on_stop(
            Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        TcpServerTestSupport.Deployed server = await(deploy(vertx, ID, config(path), 2));
        assertTrue(UnixSocketFile.isSocket(path));
        byte[] payload = randomBytes(64 * 1024).getBytes();
        assertArrayEquals(payload, exchange(path, payload));
        assertArrayEquals(payload, exchange(path, payload));

        JsonObject status = server.process().status();
        assertEquals("unix:" + path, status.getString("address"));
        assertEquals("unix:" + path, status.getString("configuredAddress"));
        assertEquals(path.toString(), status.getString("path"));
        assertEquals(0, server.ctx().portChecks());
        AuditEvent accept = server.ctx().audited(AuditOp.ACCEPT).get(0);
        assertEquals("unix:" + path, accept.local());
        assertTrue(accept.remote().startsWith("unix:"), accept.remote());

        await(vertx.undeploy(server.deploymentId()));
        assertFalse(Files.exists(path), "the socket file is left behind");
        test.completeNow();
    }

    @Test
    void echoes_over_a_unix_socket_on_the_native_transport(VertxTestContext test, @TempDir Path dir)
            throws Exception {
        Vertx nativeVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            assumeTrue(nativeVertx.isNativeTransportEnabled(), "no native transport here");
            Path path = dir.resolve("native.sock");
            await(deploy(nativeVertx, ID, config(path), 1));
            byte[] payload = "over epoll\n".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(payload, exchange(path, payload));
        } finally {
            await(nativeVertx.close());
        }
        test.completeNow();
    }

    @Test
    void removes_a_stale_socket_file_that_nothing_listens_on(Vertx vertx, VertxTestContext test, @TempDir Path dir)
            throws Exception {
        Path path = dir.resolve("stale.sock");
        // A listener that closes leaves its socket file behind: a stale socket.
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(UnixSocketFile.isSocket(path));
        await(deploy(vertx, ID, config(path), 1));
        byte[] payload = "after the stale one\n".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(payload, exchange(path, payload));
        test.completeNow();
    }

    @Test
    void refuses_a_socket_someone_listens_on_and_leaves_it_alone(Vertx vertx, VertxTestContext test,
                                                                 @TempDir Path dir) throws Exception {
        Path path = dir.resolve("taken.sock");
        try (ServerSocketChannel holder = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            holder.bind(UnixDomainSocketAddress.of(path));
            Throwable e = await(deploy(vertx, ID, config(path), 1).transform(ar -> Future.succeededFuture(ar.cause())));
            assertEquals("unix socket " + path + " is already in use: a process is listening on it",
                    e.getMessage());
            assertTrue(UnixSocketFile.isSocket(path));
        }
        test.completeNow();
    }

    @Test
    void refuses_a_path_that_is_a_regular_file_and_leaves_it_alone(Vertx vertx, VertxTestContext test,
                                                                   @TempDir Path dir) throws IOException {
        Path path = dir.resolve("notes.txt");
        Files.writeString(path, "keep me");
        deploy(vertx, ID, config(path), 1).onComplete(test.failing(e -> test.verify(() -> {
            assertTrue(e.getMessage().contains(path + ": the path exists and is not a socket"), e.getMessage());
            assertEquals("keep me", Files.readString(path));
            test.completeNow();
        })));
    }

    /**
     * Connects, sends {@code payload} while reading as many bytes back, and closes. Non-blocking with a selector,
     * so that it ends by {@link TcpServerTestSupport#WAIT} whatever the server does.
     */
    private static byte[] exchange(Path path, byte[] payload) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            ByteBuffer out = ByteBuffer.wrap(payload);
            ByteBuffer in = ByteBuffer.allocate(payload.length);
            long deadline = System.nanoTime() + TcpServerTestSupport.WAIT.toNanos();
            while (in.hasRemaining()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertTrue(left > 0, "no answer in time: " + in.position() + " of " + payload.length + " bytes");
                selector.select(left);
                if (out.hasRemaining()) {
                    channel.write(out);
                } else {
                    key.interestOps(SelectionKey.OP_READ);
                }
                assertTrue(channel.read(in) >= 0, "closed after " + in.position() + " bytes");
            }
            return in.array();
        }
    }

    private static TcpServerConfig config(Path path) {
        return new TcpServerConfig(null, 0, null, null, null, null, path.toString(), null, null, null, null);
    }
}
