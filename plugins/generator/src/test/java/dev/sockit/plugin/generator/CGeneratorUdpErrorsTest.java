package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * How a generated UDP server meets receive errors, on every model that reads with recvfrom(2) (all but io_uring,
 * whose completions go through the same {@code receive_broken} test in its own code). A shim loaded with
 * {@code LD_PRELOAD} ({@code preload/recv_errors.c}) turns a datagram whose text is an errno name into that error:
 * an error of one datagram (ENOBUFS, ENOMEM, ECONNREFUSED from an ICMP error) is reported and the server goes on
 * echoing; an error of the socket itself (EBADF) would come back on every call, so the server reports it and exits
 * 1 at once instead of spinning on it.
 */
class CGeneratorUdpErrorsTest {

    @TempDir
    static Path shared;

    private static Path shim;

    static Stream<GenerateRequest> servers() {
        return new CGenerator().covered().get("udp-server").stream().filter(io -> !"io_uring".equals(io))
                .map(io -> CBuild.request("udp-server", io, "echo"));
    }

    @BeforeAll
    static void buildShim() throws Exception {
        shim = CBuild.recvErrorsShim(shared);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void one_datagrams_error_is_reported_and_a_broken_socket_stops_the_server(GenerateRequest request,
                                                                               @TempDir Path tmp) throws Exception {
        Path program = CBuild.build(request, tmp.resolve("server"), "gcc", CBuild.STRICT + " -O1 -g", "");
        Path err = tmp.resolve("server.err");
        try (CServer server = CServer.start(List.of("env", "LD_PRELOAD=" + shim), program, err, true);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            socket.setSoTimeout(5000);
            assertEquals("ping", exchange(socket, "ping"));
            for (String error : List.of("ENOBUFS", "ENOMEM", "ECONNREFUSED")) {
                send(socket, error);
                // the server reported it and goes on: the next datagram is echoed
                assertEquals("after " + error, exchange(socket, "after " + error), server.stderr());
            }
            String text = server.stderr();
            assertTrue(text.contains("recvfrom: " + strerror("ENOBUFS")) && text.contains("recvfrom: "
                    + strerror("ECONNREFUSED")), text);
            send(socket, "EBADF");
            int exit = server.awaitExit(10);
            text = server.stderr();
            assertEquals(1, exit, "a broken socket ends the server with exit 1: " + text);
            assertTrue(text.contains("recvfrom: Bad file descriptor"), text);
            // it stopped at once: one report of the error, not a loop of them
            assertEquals(1, text.split("Bad file descriptor", -1).length - 1, text);
        }
    }

    private static String strerror(String name) {
        return switch (name) {
            case "ENOBUFS" -> "No buffer space available";
            case "ECONNREFUSED" -> "Connection refused";
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Sends {@code text} as one datagram on the connected {@code socket}. */
    static void send(DatagramSocket socket, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(data, data.length));
    }

    /** Sends {@code text} and returns the reply, failing after the socket's timeout. */
    static String exchange(DatagramSocket socket, String text) throws IOException {
        send(socket, text);
        DatagramPacket reply = new DatagramPacket(new byte[256], 256);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException e) {
            fail("no echo of '" + text + "' within 5 s");
        }
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
    }
}
