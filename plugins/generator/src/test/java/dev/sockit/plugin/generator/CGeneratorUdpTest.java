package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The generated udp-server on every model and payload, and the generated udp-client, both built with gcc and
 * AddressSanitizer + UndefinedBehaviorSanitizer. A Java datagram socket sends datagrams from 1 byte to the largest
 * IPv4 UDP payload (65507 bytes): echo returns each byte for byte, discard returns nothing. Then the generated client
 * of the same payload and model runs against the server (exit 0), and the echo client against a port where nothing listens
 * (exit 1, ECONNREFUSED). Every server model has its client model (threads and io_uring included, read from the
 * emitter's matrix); an io_uring program is skipped, with the kernel's answer, where the kernel refuses io_uring.
 */
class CGeneratorUdpTest {

    private static final String SANITIZED = CBuild.STRICT + " -O1 -g " + CBuild.SANITIZE;

    static Stream<GenerateRequest> combinations() {
        return CBuild.combinations().filter(r -> "udp-server".equals(r.role()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void generated_udp_server_and_client_follow_their_payload(GenerateRequest request, @TempDir Path tmp)
            throws Exception {
        Path serverProgram = CBuild.build(request, tmp.resolve("server"), "gcc", SANITIZED, CBuild.SANITIZE);
        // the client of the same model (each server model has one), so every client model runs too
        String clientIo = new CGenerator().covered().get("udp-client").contains(request.io()) ? request.io()
                : "blocking";
        Path client = CBuild.build(CBuild.request("udp-client", clientIo, request.payload()), tmp.resolve("client"),
                "gcc", SANITIZED, CBuild.SANITIZE);
        boolean echo = "echo".equals(request.payload());
        try (CServer server = CServer.startUdp(serverProgram, tmp.resolve("server.err"))) {
            server.assumeRunning(); // io_uring: skipped, with the kernel's answer, where the kernel refuses it
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            try (DatagramSocket socket = new DatagramSocket(any)) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                socket.setSoTimeout(echo ? 2000 : 300);
                Random random = new Random(3);
                // no empty datagram: Java's DatagramSocket does not deliver a zero-length one here (the program does)
                for (int size : List.of(1, 2, 1472, 65507, 4096, 7)) {
                    byte[] data = new byte[size];
                    random.nextBytes(data);
                    socket.send(new DatagramPacket(data, size));
                    byte[] buf = new byte[65536];
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    if (echo) {
                        socket.receive(reply);
                        assertArrayEquals(data, Arrays.copyOf(buf, reply.getLength()), "echo of " + size + " bytes");
                    } else {
                        try {
                            socket.receive(reply);
                            fail("discard replied " + reply.getLength() + " bytes");
                        } catch (SocketTimeoutException expected) {
                            // nothing came back
                        }
                    }
                }
            }
            String out = runClient(client, tmp, server.port(), 0);
            assertTrue(out.contains(echo ? "200 datagrams echoed byte for byte" : "200 datagrams sent, no reply"),
                    out);
            server.assertHealthy();
        }
        if (echo) {
            int closed;
            try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                closed = gone.getLocalPort();
            }
            String out = runClient(client, tmp, closed, 1);
            assertTrue(out.contains("Connection refused") || out.contains("no reply"), out);
        }
    }

    private static String runClient(Path client, Path tmp, int port, int expectedExit) throws Exception {
        Path out = tmp.resolve("client.out");
        Process p = new ProcessBuilder(client.toString(), "127.0.0.1", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(out);
        assertTrue(exited, "udp-client did not finish in 60 s: " + text);
        assumeFalse(p.exitValue() != 0 && text.contains("io_uring_queue_init: "),
                "the kernel refuses io_uring here: " + text.strip());
        assertEquals(expectedExit, p.exitValue(), text);
        assertFalse(text.contains("ERROR: AddressSanitizer") || text.contains("runtime error"), text);
        return text;
    }
}
