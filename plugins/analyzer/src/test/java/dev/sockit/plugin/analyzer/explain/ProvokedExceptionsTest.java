package dev.sockit.plugin.analyzer.explain;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Provokes the exceptions for real on loopback and feeds their {@code toString()} to the catalogue, which must
 * find the errno each stands for.
 */
class ProvokedExceptionsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int TIMEOUT_MS = 5_000;

    private final ErrorCatalog catalog = ErrorCatalog.defaults();

    private void assertExplained(Throwable t, String errno) {
        Explanation e = catalog.explain(t.toString());
        assertTrue(e.known(), t + " is not known");
        assertEquals(errno, ErrorCatalogTest.errnoName(e), t.toString());
        Explanation trace = catalog.explain(new IllegalStateException("wrapped", t) + "\n\tat x.Y.z(Y.java:1)\n"
                + "Caused by: " + t + "\n\tat a.B.c(B.java:2)\n");
        assertEquals(errno, ErrorCatalogTest.errnoName(trace), "as the cause of a stack trace: " + t);
    }

    /** A loopback port nothing listens on: bound, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void binding_a_port_twice_is_eaddrinuse() throws IOException {
        try (ServerSocket first = new ServerSocket(0, 50, LOOPBACK)) {
            BindException e = assertThrows(BindException.class,
                    () -> new ServerSocket(first.getLocalPort(), 50, LOOPBACK).close());
            assertExplained(e, "EADDRINUSE");
            assertEquals("java.net.BindException: Address already in use",
                    catalog.explain(e.toString()).entry().name());
        }
    }

    @Test
    void connecting_to_a_closed_port_is_econnrefused() throws IOException {
        int port = closedPort();
        try (Socket s = new Socket()) {
            ConnectException e = assertThrows(ConnectException.class,
                    () -> s.connect(new InetSocketAddress(LOOPBACK, port), TIMEOUT_MS));
            assertExplained(e, "ECONNREFUSED");
        }
    }

    @Test
    void a_read_past_so_timeout_is_read_timed_out() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
             Socket client = new Socket(LOOPBACK, server.getLocalPort());
             Socket accepted = server.accept()) {
            client.setSoTimeout(100);
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
            assertExplained(e, "ETIMEDOUT");
            assertEquals("java.net.SocketTimeoutException: Read timed out",
                    catalog.explain(e.toString()).entry().name());
            assertTrue(accepted.isConnected());
        }
    }

    @Test
    void an_accept_past_so_timeout_is_accept_timed_out() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            server.setSoTimeout(100);
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, server::accept);
            assertExplained(e, "EAGAIN");
        }
    }

    @Test
    void a_peer_closing_with_linger_zero_resets_the_reader_and_the_writer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
             Socket client = new Socket(LOOPBACK, server.getLocalPort())) {
            try (Socket accepted = server.accept()) {
                accepted.setSoLinger(true, 0);
            }
            client.setSoTimeout(TIMEOUT_MS);
            InputStream in = client.getInputStream();
            SocketException read = assertThrows(SocketException.class, in::read);
            assertExplained(read, "ECONNRESET");

            OutputStream out = client.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            SocketException write = null;
            for (int i = 0; i < 1000 && System.nanoTime() < deadline && write == null; i++) {
                try {
                    out.write(chunk);
                } catch (SocketException e) {
                    write = e;
                }
            }
            if (write == null) {
                fail("writes after a reset did not fail");
            }
            String text = write.toString();
            assertTrue(text.contains("Broken pipe") || text.contains("Connection reset"), text);
            assertExplained(write, text.contains("Broken pipe") ? "EPIPE" : "ECONNRESET");
        }
    }

    @Test
    void reading_a_socket_this_side_closed_is_socket_closed() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            Socket client = new Socket(LOOPBACK, server.getLocalPort());
            Socket accepted = server.accept();
            InputStream in = client.getInputStream();
            client.close();
            accepted.close();
            SocketException e = assertThrows(SocketException.class, in::read);
            assertExplained(e, "EBADF");
        }
    }

    @Test
    void writing_to_a_closed_channel_is_closed_channel() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
            try (Socket accepted = server.accept()) {
                ch.close();
                ClosedChannelException e = assertThrows(ClosedChannelException.class,
                        () -> ch.write(ByteBuffer.allocate(1)));
                assertExplained(e, "EBADF");
                assertTrue(accepted.isConnected());
            }
        }
    }

    @Test
    void closing_a_channel_under_a_blocked_reader_is_asynchronous_close() throws Exception {
        SocketChannel ch = null;
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            ch = SocketChannel.open(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
            SocketChannel channel = ch;
            Socket accepted = server.accept();
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    channel.read(ByteBuffer.allocate(16));
                    failure.complete(null);
                } catch (IOException e) {
                    failure.complete(e);
                }
            }, "blocked-reader");
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            while (!inRead(reader) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            ch.close();
            Throwable e = failure.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            reader.join(TIMEOUT_MS);
            accepted.close();
            assertInstanceOf(AsynchronousCloseException.class, e);
            assertExplained(e, "EBADF");
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /** True once {@code t} is blocked in a native call of the NIO implementation (the read). */
    private static boolean inRead(Thread t) {
        if (t.getState() != Thread.State.RUNNABLE) {
            return false;
        }
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.isNativeMethod() && f.getClassName().startsWith("sun.nio.ch.")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void a_datagram_to_a_closed_port_is_port_unreachable() throws IOException {
        int port = closedPortUdp();
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.connect(LOOPBACK, port);
            s.setSoTimeout(1000);
            s.send(new DatagramPacket(new byte[] {1}, 1));
            try {
                s.receive(new DatagramPacket(new byte[16], 16));
                fail("received a datagram from a closed port");
            } catch (PortUnreachableException e) {
                assertExplained(e, "ECONNREFUSED");
            } catch (SocketTimeoutException e) {
                assumeTrue(false, "this host sends no ICMP port unreachable on loopback: " + e);
            }
        }
    }

    private static int closedPortUdp() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void a_vertx_connect_to_a_closed_port_is_econnrefused() throws Exception {
        int port = closedPort();
        Vertx vertx = Vertx.vertx();
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> vertx.createNetClient()
                    .connect(port, LOOPBACK.getHostAddress()).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            Throwable cause = e.getCause();
            assertTrue(cause.toString().contains("Connection refused"), cause.toString());
            assertExplained(cause, "ECONNREFUSED");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }
}
