package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request's limits in the generated C servers, built with AddressSanitizer + UndefinedBehaviorSanitizer and
 * driven over the loopback: {@code maxConnections} (a connection beyond it is closed at once, and one that ends makes
 * room) on a thread-per-connection server and two event-loop ones, and {@code idleTimeoutMillis} (a silent
 * connection is closed) on every model (io_uring cancels the silent connection's request first), and running
 * out of descriptors in the readiness loops (the waiting connection is closed at once with the reserve descriptor, the loop does not spin,
 * service resumes once descriptors are free).
 */
class CGeneratorLimitsTest {

    private static GenerateRequest request(String io, Integer maxConnections, Long idleMillis, Path dir) {
        return new GenerateRequest("tcp-server", "c", io, "posix", null, 7007, 128, null, "echo", dir.toString(),
                maxConnections, idleMillis, false);
    }

    private static Path build(GenerateRequest request, Path dir) throws Exception {
        return CBuild.build(request, dir, "gcc", CBuild.STRICT + " -O1 -g " + CBuild.SANITIZE, CBuild.SANITIZE);
    }

    /** Sends a line and reads its echo: the connection is served. */
    private static void echoes(Socket s, String text) throws Exception {
        byte[] out = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(out);
        byte[] in = s.getInputStream().readNBytes(out.length);
        assertArrayEquals(out, in, "echo of " + text);
    }

    /** Whether the server closed {@code s} (end of stream or a reset) within its read timeout. */
    private static boolean closedByServer(Socket s) throws Exception {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"threads", "poll", "epoll"})
    void a_connection_beyond_max_connections_is_closed_at_once_and_an_ended_one_makes_room(String io,
            @TempDir Path tmp) throws Exception {
        Path program = build(request(io, 2, null, tmp.resolve("out")), tmp.resolve("out"));
        try (CServer server = CServer.start(program, tmp.resolve("server.err"))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket s = server.connect();
                    held.add(s);
                    echoes(s, "held " + i);
                }
                try (Socket third = server.connect()) {
                    third.setSoTimeout(5000);
                    OutputStream o = third.getOutputStream();
                    try {
                        o.write("third\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (SocketException alreadyReset) {
                        // the server may have closed it before the write
                    }
                    assertTrue(closedByServer(third), "the third connection was not closed");
                }
                assertTrue(server.stderr().contains("refusing a connection (max 2 connections"), server.stderr());
                held.remove(0).close();
                // The ended connection's slot comes free once the server has seen its FIN: retry briefly.
                boolean served = false;
                for (int attempt = 0; attempt < 50 && !served; attempt++) {
                    try (Socket again = server.connect()) {
                        again.setSoTimeout(2000);
                        again.getOutputStream().write("again\n".getBytes(StandardCharsets.US_ASCII));
                        InputStream in = again.getInputStream();
                        byte[] echo = in.readNBytes(6);
                        served = "again\n".equals(new String(echo, StandardCharsets.US_ASCII));
                    } catch (SocketException refused) {
                        served = false;
                    }
                    if (!served) {
                        Thread.sleep(100);
                    }
                }
                assertTrue(served, "no room after a connection ended: " + server.stderr());
                echoes(held.get(0), "still served");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            server.assertHealthy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blocking", "threads", "select", "poll", "epoll", "epoll-lt", "kqueue", "io_uring"})
    void a_connection_silent_for_idle_timeout_is_closed_by_the_server(String io, @TempDir Path tmp)
            throws Exception {
        Path program = build(request(io, null, 300L, tmp.resolve("out")), tmp.resolve("out"));
        try (CServer server = CServer.start(program, tmp.resolve("server.err"))) {
            try (Socket silent = server.connect()) {
                echoes(silent, "then silence");
                silent.setSoTimeout(10_000);
                assertTrue(closedByServer(silent), "the silent connection was not closed");
            }
            assertTrue(server.stderr().contains("idle timeout"), server.stderr());
            try (Socket next = server.connect()) {
                echoes(next, "the server goes on");
            }
            server.assertHealthy();
        }
    }

    /** Whether {@code s} echoes a line; false when the server closed it (end of stream or a reset). */
    private static boolean answers(Socket s, String text) throws Exception {
        byte[] out = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            s.getOutputStream().write(out);
            byte[] in = s.getInputStream().readNBytes(out.length);
            if (in.length == 0) {
                return false;
            }
            assertArrayEquals(out, in, "echo of " + text);
            return true;
        } catch (SocketException closed) {
            return false;
        }
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }

    /** The CPU time (user + system, clock ticks) the process has used: /proc/PID/stat fields 14 and 15. */
    private static long cpuTicks(long pid) throws Exception {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"select", "poll", "epoll", "epoll-lt", "kqueue"})
    void out_of_descriptors_a_waiting_connection_is_closed_at_once_without_spinning_and_service_resumes(String io,
            @TempDir Path tmp) throws Exception {
        Path program = build(request(io, null, null, tmp.resolve("out")), tmp.resolve("out"));
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path err = tmp.resolve("server.err");
        // 32 descriptors: the standard three, the listener, the loop's own and the reserve leave room for ~24 peers.
        Process server = new ProcessBuilder("sh", "-c", "ulimit -n 32 && exec \"$0\" 127.0.0.1 \"$1\"",
                program.toString(), Integer.toString(port)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 100 && !java.nio.file.Files.readString(err).contains("listening on"); i++) {
                assertTrue(server.isAlive(), java.nio.file.Files.readString(err));
                Thread.sleep(50);
            }
            int refused = 0;
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket();
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(5000);
                held.add(s);
                if (!answers(s, "peer " + i)) {
                    refused++; // no descriptor was left for it: closed at once, not left waiting
                }
            }
            assertTrue(refused > 0, "no connection ran out of descriptors: " + java.nio.file.Files.readString(err));
            assertTrue(java.nio.file.Files.readString(err).contains("refused a connection (closed at once)"),
                    java.nio.file.Files.readString(err));
            long before = cpuTicks(server.pid());
            Thread.sleep(1000);
            long used = cpuTicks(server.pid()) - before;
            assertTrue(used < 30, "the server used " + used + " ticks of CPU in a second while out of descriptors"
                    + " (a spinning loop uses ~100): " + tail(java.nio.file.Files.readString(err)));
            for (Socket s : held) {
                s.close();
            }
            held.clear();
            boolean served = false;
            for (int attempt = 0; attempt < 50 && !served; attempt++) {
                try (Socket again = new Socket()) {
                    again.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
                    again.setSoTimeout(2000);
                    echoes(again, "after the storm");
                    served = true;
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertTrue(served, "no service once descriptors were free: " + java.nio.file.Files.readString(err));
            assertTrue(server.isAlive(), java.nio.file.Files.readString(err));
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.destroy();
            if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        String text = java.nio.file.Files.readString(err);
        assertTrue(!text.contains("ERROR: AddressSanitizer") && !text.contains("runtime error"), text);
    }
}
