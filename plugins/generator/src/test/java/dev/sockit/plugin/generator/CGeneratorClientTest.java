package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The generated tcp-client, built with gcc and AddressSanitizer + UndefinedBehaviorSanitizer, on every client model
 * the emitter writes (blocking, threads, select, poll, epoll, epoll-lt, kqueue over the test shim, io_uring) and
 * every payload: against the generated C server of the same payload (epoll, built once per payload) it sends its
 * generated payload and exits 0; for echo it also runs against a plain Java echo server on the loopback (its
 * default payload, stdin with {@code -}, 4 MiB, and nothing at all), and exits 1, naming the byte, against a server
 * that changes one byte of the reply. An io_uring client is skipped, with the kernel's answer, where the kernel
 * refuses io_uring.
 */
class CGeneratorClientTest {

    private static final String SANITIZED = CBuild.STRICT + " -O1 -g " + CBuild.SANITIZE;

    @TempDir
    static Path servers;

    /** The generated epoll server of each payload, built once for every client model. */
    private static final Map<String, Path> SERVER_PROGRAMS = new ConcurrentHashMap<>();

    static Stream<GenerateRequest> combinations() {
        return CBuild.combinations().filter(r -> "tcp-client".equals(r.role()));
    }

    private static Path server(String payload) throws Exception {
        Path program = SERVER_PROGRAMS.get(payload);
        if (program == null) {
            GenerateRequest serverRequest = CBuild.request("tcp-server", "epoll", payload);
            program = CBuild.build(serverRequest, servers.resolve(payload), "gcc", CBuild.STRICT + " -O2", "");
            SERVER_PROGRAMS.put(payload, program);
        }
        return program;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void generated_client_checks_the_reply_of_a_server_of_its_payload(GenerateRequest request, @TempDir Path tmp)
            throws Exception {
        Path client = CBuild.build(request, tmp.resolve("client"), "gcc", SANITIZED, CBuild.SANITIZE);
        try (CServer server = CServer.start(server(request.payload()), tmp.resolve("server.err"))) {
            String out = runClient(client, tmp, server.port(), null, 0);
            assertTrue(out.contains("sent 1048576 bytes") || !"echo".equals(request.payload()), out);
            assertTrue(out.contains("reply as expected"), out);
            server.assertHealthy();
        }
        if (!"echo".equals(request.payload())) {
            return;
        }
        try (JavaEcho echo = new JavaEcho(-1)) {
            assertTrue(runClient(client, tmp, echo.port(), null, 0).contains("reply as expected"));
            byte[] input = "one line from stdin\nand another\n".getBytes(StandardCharsets.US_ASCII);
            String out = runClient(client, tmp, echo.port(), input, 0);
            assertTrue(out.contains("sent " + input.length + " bytes, received " + input.length), out);
            out = runClient(client, tmp, echo.port(), null, 0, "4194304");
            assertTrue(out.contains("sent 4194304 bytes, received 4194304 bytes"), out);
            out = runClient(client, tmp, echo.port(), null, 0, "0");
            assertTrue(out.contains("sent 0 bytes, received 0 bytes"), out);
        }
        try (JavaEcho corrupt = new JavaEcho(1000)) {
            String out = runClient(client, tmp, corrupt.port(), null, 1);
            assertTrue(out.contains("reply differs at byte 1000"), out);
        }
    }

    /** Runs the client (stdin from {@code input}, or its generated payload) and checks its exit status. */
    private static String runClient(Path client, Path tmp, int port, byte[] input, int expectedExit, String... bytes)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(client.toString(), "127.0.0.1", Integer.toString(port)));
        if (input != null) {
            cmd.add("-");
        }
        cmd.addAll(List.of(bytes));
        Path out = tmp.resolve("client.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (OutputStream stdin = p.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(out);
        assertTrue(exited, "client did not finish in 60 s: " + text);
        assumeFalse(p.exitValue() != 0 && text.contains("io_uring_queue_init: "),
                "the kernel refuses io_uring here: " + text.strip());
        assertEquals(expectedExit, p.exitValue(), text);
        assertFalse(text.contains("ERROR: AddressSanitizer") || text.contains("runtime error"), text);
        return text;
    }

    /**
     * A plain Java echo server on a loopback port 0, a thread per connection, for at most a few connections; with
     * {@code corruptAt >= 0} it flips the bits of the byte at that offset of each reply.
     */
    static final class JavaEcho implements AutoCloseable {
        private final ServerSocket listener;
        private final Thread acceptor;

        JavaEcho(long corruptAt) throws IOException {
            listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                for (int i = 0; i < 8 && !listener.isClosed(); i++) {
                    try {
                        Socket s = listener.accept();
                        Thread t = new Thread(() -> echo(s, corruptAt), "java-echo-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "java-echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void echo(Socket s, long corruptAt) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buf = new byte[16384];
                long offset = 0;
                for (int n; (n = in.read(buf)) > 0; offset += n) {
                    if (corruptAt >= offset && corruptAt < offset + n) {
                        buf[(int) (corruptAt - offset)] ^= (byte) 0xff;
                    }
                    out.write(buf, 0, n);
                }
                s.shutdownOutput();
            } catch (IOException e) {
                // the client went away: nothing left to echo
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
