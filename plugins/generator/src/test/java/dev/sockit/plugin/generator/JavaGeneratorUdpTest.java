package dev.sockit.plugin.generator;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

import static dev.sockit.plugin.generator.JavaGeneratorEchoTest.java;
import static dev.sockit.plugin.generator.JavaGeneratorEchoTest.javac;
import static dev.sockit.plugin.generator.JavaGeneratorEchoTest.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The generated Java udp-server on every model and payload, compiled with {@code javac -Xlint:all -Werror} and run
 * as a process: a Java datagram socket sends datagrams from 1 byte to the largest IPv4 UDP payload (65507 bytes),
 * echo returns each byte for byte, discard returns nothing. Then the generated udp-client of the same model and
 * payload runs against it (exit 0), the discard client against an echo server (exit 1: it replied), and the echo
 * client against a port where nothing listens (exit 1 with the reason).
 */
class JavaGeneratorUdpTest {

    /** Options that apply to a UDP socket. */
    static final SocketOptions OPTIONS = SocketOptions.builder()
            .set(SocketOptionTable.REUSE_ADDRESS, true)
            .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 256 * 1024)
            .set(SocketOptionTable.SEND_BUFFER_SIZE, 256 * 1024)
            .build();

    static Stream<Arguments> combinations() {
        return JavaGenerator.UDP_MODELS.stream()
                .flatMap(io -> JavaGenerator.UDP_PAYLOADS.stream().map(p -> Arguments.of(io, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void generated_udp_server_and_client_follow_their_payload(String io, String payload, @TempDir Path tmp)
            throws Exception {
        Path serverClasses = compile("udp-server", io, payload, tmp);
        Path clientClasses = compile("udp-client", io, payload, tmp);
        boolean echo = "echo".equals(payload);
        Process server = start(serverClasses, tmp.resolve("server.err"));
        try {
            int port = Integer.parseInt(Files.readString(tmp.resolve("server.err")).replaceAll("(?s).*listening on "
                    + "127\\.0\\.0\\.1 (\\d+).*", "$1"));
            try (DatagramSocket socket = new DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                socket.setSoTimeout(echo ? 2000 : 300);
                Random random = new Random(3);
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
            String out = runClient(clientClasses, port, 0, tmp);
            assertTrue(out.contains(echo ? "200 datagrams echoed byte for byte" : "200 datagrams sent, no reply"),
                    out);
            if (echo) {
                // a discard client against this echo server: the reply is the failure
                Path discard = compile("udp-client", io, "discard", tmp);
                String wrong = runClient(discard, port, 1, tmp);
                assertTrue(wrong.contains("a discard server replied"), wrong);
            }
            assertTrue(server.isAlive(), "the server ended: " + Files.readString(tmp.resolve("server.err")));
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (echo) {
            int closed;
            try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                closed = gone.getLocalPort();
            }
            String out = runClient(clientClasses, closed, 1, tmp);
            assertTrue(out.contains("PortUnreachableException") || out.contains("no reply"), out);
        }
    }

    @Test
    void a_bad_count_is_exit_2_naming_it(@TempDir Path tmp) throws Exception {
        Path client = write(new GenerateRequest("udp-client", "java", "nio", null, null, 7007, 128, null, null),
                tmp.resolve("client")).resolve("UdpClient.java");
        Process c = new ProcessBuilder(java(), client.toString(), "127.0.0.1", "9", "many").redirectErrorStream(true)
                .start();
        String out = new String(c.getInputStream().readAllBytes());
        assertTrue(c.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(2, c.exitValue(), out);
        assertTrue(out.contains("COUNT 'many': expected a number from 0 to 1000000"), out);
    }

    private static Path compile(String role, String io, String payload, Path tmp) throws Exception {
        GenerateRequest request = new GenerateRequest(role, "java", io, null, null, 7007, 128, OPTIONS, payload);
        Path dir = write(request, tmp.resolve(role + "-" + payload));
        Path classes = tmp.resolve(role + "-" + payload + "-classes");
        String main = "udp-server".equals(role) ? "UdpServer.java" : "UdpClient.java";
        javac(List.of(dir.resolve(main)), List.of(), classes);
        return classes;
    }

    /** Starts the server on port 0 (the kernel picks a free one; the server prints it) and waits until it binds. */
    private static Process start(Path classes, Path err) throws Exception {
        Process p = new ProcessBuilder(java(), "-cp", classes.toString(), "UdpServer", "127.0.0.1", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        for (int i = 0; i < 600 && p.isAlive(); i++) {
            if (Files.exists(err) && Files.readString(err).contains("listening on")) {
                return p;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("the udp-server did not start within 30 s: " + Files.readString(err));
    }

    private static String runClient(Path classes, int port, int expectedExit, Path tmp) throws Exception {
        Path out = tmp.resolve("client.out");
        Process p = new ProcessBuilder(java(), "-cp", classes.toString(), "UdpClient", "127.0.0.1",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(out);
        assertTrue(exited, "udp-client did not finish in 60 s: " + text);
        assertEquals(expectedExit, p.exitValue(), text);
        return text;
    }
}
