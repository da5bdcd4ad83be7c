package dev.sockit.plugin.generator;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    /** The single-file models with each payload. */
    static Stream<Arguments> combinations() {
        return JavaGenerator.UDP_MODELS.stream().filter(io -> !JavaGenerator.FRAMEWORK_MODELS.contains(io))
                .flatMap(io -> JavaGenerator.UDP_PAYLOADS.stream().map(p -> Arguments.of(io, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void generated_udp_server_and_client_follow_their_payload(String io, String payload, @TempDir Path tmp)
            throws Exception {
        Path serverClasses = compile("udp-server", io, payload, tmp, List.of());
        List<String> client = List.of(java(), "-cp", compile("udp-client", io, payload, tmp, List.of()).toString(),
                "UdpClient");
        List<String> discardClient = List.of(java(), "-cp",
                compile("udp-client", io, "discard", tmp, List.of()).toString(), "UdpClient");
        check(List.of(java(), "-cp", serverClasses.toString(), "UdpServer"), client, discardClient, payload, tmp);
    }

    /**
     * Receive errors in the blocking and nio servers, through the recvfrom shim {@link CBuild#recvErrorsShim} loaded
     * into the server's JVM with {@code LD_PRELOAD} ({@code DatagramChannel.receive} reads with recvfrom): errors of
     * single datagrams (ENOBUFS, ENOMEM) are reported and the server goes on echoing; a receive that fails
     * {@code ERRORS_IN_A_ROW_MAX} (64) times in a row (EBADF, as a broken socket would) stops it with exit 1.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"blocking", "nio"})
    void a_receive_that_keeps_failing_stops_the_server_with_exit_1(String io, @TempDir Path tmp) throws Exception {
        Path classes = compile("udp-server", io, "echo", tmp, List.of());
        Path shim = CBuild.recvErrorsShim(tmp.resolve("shim"));
        Path err = tmp.resolve("server.err");
        Process server = start(List.of("env", "LD_PRELOAD=" + shim, java(), "-cp", classes.toString(), "UdpServer"),
                err);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = Integer.parseInt(Files.readString(err).replaceAll("(?s).*listening on 127\\.0\\.0\\.1 (\\d+).*",
                    "$1"));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(5000);
            assertEquals("ping", CGeneratorUdpErrorsTest.exchange(socket, "ping"));
            CGeneratorUdpErrorsTest.send(socket, "ENOBUFS");
            CGeneratorUdpErrorsTest.send(socket, "ENOMEM");
            assertEquals("still here", CGeneratorUdpErrorsTest.exchange(socket, "still here"), Files.readString(err));
            assertTrue(Files.readString(err).contains("receive: No buffer space available"), Files.readString(err));
            for (int i = 0; i < 64; i++) {
                CGeneratorUdpErrorsTest.send(socket, "EBADF");
            }
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "still running: " + Files.readString(err));
            String text = Files.readString(err);
            assertEquals(1, server.exitValue(), text);
            assertTrue(text.contains("64 receives failed in a row: the socket is broken; stopping"), text);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The Netty programs: the echo server's pom is built once with Maven (offline), its jar run; the discard server
     * and both clients are compiled with javac against the libraries that build copied, and run the same way.
     */
    @Test
    void netty_udp_programs_build_offline_with_maven_and_follow_their_payload(@TempDir Path tmp) throws Exception {
        checkFrameworkPrograms("netty", List.of(), tmp);
    }

    /**
     * The Vert.x programs, as the Netty ones: the echo server built once with Maven (offline) and run from its jar;
     * the discard server and both clients compiled with javac against the libraries that build copied (plus the
     * compile-only vertx-codegen annotations, from this module's class path) and run the same way.
     */
    @Test
    void vertx_udp_programs_build_offline_with_maven_and_follow_their_payload(@TempDir Path tmp) throws Exception {
        checkFrameworkPrograms("vertx", List.of(JavaGeneratorEchoTest.jarOf("io.vertx.codegen.annotations.GenIgnore"),
                JavaGeneratorEchoTest.jarOf("io.vertx.codegen.json.annotations.JsonGen")), tmp);
    }

    /**
     * Builds the {@code io} echo server with Maven (offline) and runs its jar; compiles the discard server and both
     * clients with javac against the libraries that build copied plus {@code compileOnly}; checks each server with
     * the clients of its payload.
     */
    private static void checkFrameworkPrograms(String io, List<Path> compileOnly, Path tmp) throws Exception {
        Path dir = write(new GenerateRequest("udp-server", "java", io, null, null, 7007, 128, OPTIONS, "echo"),
                tmp.resolve("maven"));
        Path target = JavaGeneratorEchoTest.mavenPackage(dir);
        Path jar = target.resolve("udp-server.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + " after mvn package");
        List<Path> libs = new ArrayList<>();
        try (Stream<Path> files = Files.list(target.resolve("lib"))) {
            files.sorted().forEach(libs::add);
        }
        libs.addAll(compileOnly);
        String lib = target.resolve("lib").resolve("*").toString();
        List<String> echoClient = framework("udp-client", io, "echo", tmp, libs, lib, "UdpClient");
        List<String> discardClient = framework("udp-client", io, "discard", tmp, libs, lib, "UdpClient");
        check(List.of(java(), "-jar", jar.toString()), echoClient, discardClient, "echo", tmp);
        check(framework("udp-server", io, "discard", tmp, libs, lib, "UdpServer"), discardClient, discardClient,
                "discard", tmp);
    }

    /** The command that runs the {@code io} {@code role} of {@code payload}, compiled against {@code libs}. */
    private static List<String> framework(String role, String io, String payload, Path tmp, List<Path> libs,
                                          String lib, String main) throws Exception {
        Path classes = compile(role, io, payload, tmp, libs);
        return List.of(java(), "-cp", classes + File.pathSeparator + lib, main);
    }

    /**
     * Starts {@code serverCommand} (HOST PORT appended) and checks it with a datagram socket, then runs the
     * client of its payload (exit 0); an echo server also gets the discard client (exit 1: it replied) and, once
     * stopped, the echo client gets its closed port (exit 1).
     */
    private static void check(List<String> serverCommand, List<String> client, List<String> discardClient,
                              String payload, Path tmp) throws Exception {
        boolean echo = "echo".equals(payload);
        Process server = start(serverCommand, tmp.resolve("server.err"));
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
            String out = runClient(client, port, 0, tmp);
            assertTrue(out.contains(echo ? "200 datagrams echoed byte for byte" : "200 datagrams sent, no reply"),
                    out);
            if (echo) {
                // a discard client against this echo server: the reply is the failure
                String wrong = runClient(discardClient, port, 1, tmp);
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
            String out = runClient(client, closed, 1, tmp);
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

    private static Path compile(String role, String io, String payload, Path tmp, List<Path> classPath)
            throws Exception {
        GenerateRequest request = new GenerateRequest(role, "java", io, null, null, 7007, 128, OPTIONS, payload);
        Map<String, String> files = new JavaGenerator().render(request);
        Path dir = write(request, tmp.resolve(role + "-" + io + "-" + payload));
        Path classes = tmp.resolve(role + "-" + io + "-" + payload + "-classes");
        if (!Files.isDirectory(classes)) {
            javac(List.of(dir.resolve(files.keySet().iterator().next())), classPath, classes);
        }
        return classes;
    }

    /** Starts the server on port 0 (the kernel picks a free one; the server prints it) and waits until it binds. */
    private static Process start(List<String> command, Path err) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("127.0.0.1", "0"));
        Files.deleteIfExists(err);
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        for (int i = 0; i < 600 && p.isAlive(); i++) {
            if (Files.exists(err) && Files.readString(err).contains("listening on")) {
                return p;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("the udp-server did not start within 30 s: " + Files.readString(err));
    }

    private static String runClient(List<String> command, int port, int expectedExit, Path tmp) throws Exception {
        Path out = tmp.resolve("client.out");
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("127.0.0.1", Integer.toString(port)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
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
