package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C programs on IPv6, as the bind addresses ask (IPv4, IPv6, dual-stack): a server bound to {@code ::1}
 * serves IPv6 peers; one bound to {@code ::} serves IPv4 and IPv6 peers alike (Linux's default
 * {@code net.ipv6.bindv6only=0}: an IPv4 peer arrives as {@code ::ffff:127.0.0.1}); the generated client reaches a
 * server on {@code ::1}. Built with AddressSanitizer + UndefinedBehaviorSanitizer; a clean exit on SIGTERM.
 */
class CGeneratorIpv6Test {

    private static final String SANITIZED = CBuild.STRICT + " -O1 -g " + CBuild.SANITIZE;

    /** A generated server started on {@code host} and a free port; stopped with SIGTERM. */
    private record Server(Process process, Path err, int port) implements AutoCloseable {

        static Server start(Path program, Path err, String host) throws Exception {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
                port = probe.getLocalPort();
            }
            Process p = new ProcessBuilder(program.toString(), host, Integer.toString(port))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                if (Files.exists(err) && Files.readString(err).contains("listening on")) {
                    return new Server(p, err, port);
                }
                Thread.sleep(50);
            }
            p.destroyForcibly();
            throw new AssertionError("server on " + host + " did not start: "
                    + (Files.exists(err) ? Files.readString(err) : ""));
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            boolean exited;
            try {
                exited = process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted while stopping the server", e);
            }
            if (!exited) {
                process.destroyForcibly();
            }
            String text = Files.readString(err);
            assertTrue(exited, "no exit on SIGTERM: " + text);
            assertFalse(text.contains("ERROR: AddressSanitizer") || text.contains("runtime error"), text);
        }
    }

    private static void echoes(String address, int port, String text) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 5000);
            s.setSoTimeout(10_000);
            byte[] out = (text + "\n").getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(out);
            assertArrayEquals(out, s.getInputStream().readNBytes(out.length), "echo from " + address);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blocking", "poll", "epoll"})
    void a_server_on_ipv6_loopback_and_one_on_the_dual_stack_any_address_echo_their_peers(String io,
            @TempDir Path tmp) throws Exception {
        GenerateRequest request = CBuild.request("tcp-server", io, "echo");
        Path program = CBuild.build(request, tmp.resolve("server"), "gcc", SANITIZED, CBuild.SANITIZE);
        try (Server v6 = Server.start(program, tmp.resolve("v6.err"), "::1")) {
            echoes("::1", v6.port(), "over ipv6");
        }
        try (Server any = Server.start(program, tmp.resolve("any.err"), "::")) {
            echoes("::1", any.port(), "ipv6 peer of ::");
            echoes("127.0.0.1", any.port(), "ipv4 peer of ::");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blocking", "poll"})
    void the_generated_client_reaches_a_server_on_ipv6_loopback(String io, @TempDir Path tmp) throws Exception {
        Path client = CBuild.build(CBuild.request("tcp-client", io, "echo"), tmp.resolve("client"), "gcc",
                SANITIZED, CBuild.SANITIZE);
        Path server = CBuild.build(CBuild.request("tcp-server", "epoll", "echo"), tmp.resolve("server"), "gcc",
                CBuild.STRICT + " -O2", "");
        try (Server v6 = Server.start(server, tmp.resolve("server.err"), "::1")) {
            Path out = tmp.resolve("client.out");
            Process p = new ProcessBuilder(List.of(client.toString(), "::1", Integer.toString(v6.port())))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String text = Files.readString(out);
            assertTrue(exited, "the client did not finish in 60 s: " + text);
            assertEquals(0, p.exitValue(), text);
            assertTrue(text.contains("reply as expected"), text);
        }
    }
}
