package dev.sockit.plugin.generator;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the Winsock tcp-servers and tcp-clients with MinGW-w64 ({@code -std=c11 -Wall -Wextra -Werror -pedantic}) and runs them
 * under wine, driven by real sockets ({@link EchoDriver}). One wine prefix (under {@code target/}) and one wineserver
 * serve the whole class: the first start of a prefix takes seconds, a program in a running prefix a tenth of one.
 * CI ({@code .ci/run}) installs {@code gcc-mingw-w64-x86-64} and {@code wine}/{@code wine64}; without them the
 * class is skipped with that reason, which fails CI's skip check, so CI must have them.
 */
class WinsockGeneratorWineTest {

    private static Path mingw;
    private static Path wine;
    private static Path wineserver;
    private static Map<String, String> wineEnv;
    private static Process server;

    @BeforeAll
    static void startWine() throws Exception {
        mingw = onPath(WinsockGenerator.MINGW_CC).orElse(null);
        wine = onPath("wine64").or(() -> onPath("wine")).orElse(null);
        wineserver = onPath("wineserver").or(() -> existing("/usr/lib/wine/wineserver64")).orElse(null);
        Assumptions.assumeTrue(mingw != null && wine != null && wineserver != null,
                "MinGW-w64 (" + WinsockGenerator.MINGW_CC + ") or wine is not installed: .ci/run installs"
                        + " gcc-mingw-w64-x86-64 and wine/wine64 (found compiler " + mingw + ", wine " + wine
                        + ", wineserver " + wineserver + ")");
        Path prefix = Path.of("target", "wine-prefix").toAbsolutePath();
        Files.createDirectories(prefix);
        // no Mono or Gecko install prompts, no debug channels: a headless console prefix
        wineEnv = Map.of("WINEPREFIX", prefix.toString(), "WINEDEBUG", "-all", "WINEDLLOVERRIDES", "mscoree,mshtml=");
        ProcessBuilder pb = new ProcessBuilder(wineserver.toString(), "-f", "-p")
                .redirectErrorStream(true).redirectOutput(prefix.resolveSibling("wineserver.log").toFile());
        pb.environment().putAll(wineEnv);
        server = pb.start();
        long start = System.nanoTime();
        ProcessBuilder boot = new ProcessBuilder(wine.toString(), "wineboot", "-i").redirectErrorStream(true)
                .redirectOutput(prefix.resolveSibling("wineboot.log").toFile());
        boot.environment().putAll(wineEnv);
        Process p = boot.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "wineboot did not finish in 180 s");
        assertEquals(0, p.exitValue(), "wineboot failed: " + Files.readString(prefix.resolveSibling("wineboot.log")));
        System.out.printf("wine prefix %s ready in %d ms%n", prefix,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @AfterAll
    static void stopWine() throws Exception {
        if (server == null) {
            return;
        }
        ProcessBuilder kill = new ProcessBuilder(wineserver.toString(), "-k").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        kill.environment().putAll(wineEnv);
        kill.start().waitFor(30, TimeUnit.SECONDS);
        if (!server.waitFor(15, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "select", "wsapoll", "iocp"})
    void server_builds_with_mingw_without_warnings_and_echoes_under_wine(String io, @TempDir Path tmp)
            throws Exception {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .set(SocketOptionTable.KEEP_ALIVE, true)
                .set(SocketOptionTable.KEEP_ALIVE_IDLE, Duration.ofSeconds(30))
                .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 256 * 1024)
                .set(SocketOptionTable.IPV6_ONLY, false)
                .build();
        Path dir = tmp.resolve(io);
        write(new WinsockGenerator().render(request(io, options)), dir);
        make(dir);
        String stderr = EchoDriver.drive(List.of(wine.toString(), dir.resolve("tcp-server.exe").toString()), wineEnv,
                tmp.resolve("server.err"), 15);
        assertFalse(stderr.contains("setsockopt"), "an option failed under wine:\n" + stderr);
    }

    /** The iocp server on ::1 (AcceptEx needs an accept socket of the listener's family) echoes over IPv6. */
    @Test
    void iocp_server_listens_and_echoes_on_ipv6_loopback(@TempDir Path tmp) throws Exception {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.IPV6_ONLY, true).build();
        write(new WinsockGenerator().render(request("iocp", options)), tmp);
        make(tmp);
        int port;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress("::1", 0));
            port = free.getLocalPort();
        }
        Path err = tmp.resolve("server.err");
        ProcessBuilder pb = new ProcessBuilder(wine.toString(), tmp.resolve("tcp-server.exe").toString(), "::1",
                Integer.toString(port)).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().putAll(wineEnv);
        Process server = pb.start();
        try {
            for (int i = 0; i < 300 && server.isAlive() && !Files.readString(err).contains("listening on"); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(err).contains("listening on ::1 " + port), Files.readString(err));
            byte[] data = new byte[100_000];
            new Random(6).nextBytes(data);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("::1", port), 5000);
                s.setSoTimeout(10_000);
                ExecutorService writer = Executors.newSingleThreadExecutor();
                try {
                    Future<?> sent = writer.submit(() -> {
                        s.getOutputStream().write(data);
                        s.shutdownOutput();
                        return null;
                    });
                    assertArrayEquals(data, s.getInputStream().readAllBytes());
                    sent.get(10, TimeUnit.SECONDS);
                } finally {
                    writer.shutdownNow();
                }
            }
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Every option of the table that applies to TCP, in a server and in a client: the option code (shared by the
     * models of a role) compiles with -Werror, including the options wine refuses at run time.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp-server", "tcp-client"})
    void every_tcp_option_of_the_table_compiles_with_mingw(String role, @TempDir Path tmp) throws Exception {
        SocketOptions.Builder all = SocketOptions.builder();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (key.appliesTo(OptionKey.Role.LISTENER) || key.appliesTo(OptionKey.Role.CONNECTION)) {
                setSample(all, key);
            }
        }
        write(new WinsockGenerator().render(new GenerateRequest(role, "c", "select", "windows", null, 7007, 128,
                all.build(), null)), tmp);
        make(tmp, role + ".exe");
    }

    /** The client copies 1 MiB of stdin through a real echo server to stdout, byte for byte, and ends with 0. */
    @ParameterizedTest
    @ValueSource(strings = {"blocking", "select"})
    void client_builds_with_mingw_and_copies_stdin_through_an_echo_server_under_wine(String io, @TempDir Path tmp)
            throws Exception {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.TCP_NO_DELAY, true)
                .set(SocketOptionTable.SEND_BUFFER_SIZE, 64 * 1024).build();
        GenerateRequest request = new GenerateRequest("tcp-client", "c", io, "windows", null, 7007, 128, options,
                null);
        write(new WinsockGenerator().render(request), tmp);
        make(tmp, "tcp-client.exe");
        byte[] input = new byte[1024 * 1024];
        new Random(io.hashCode()).nextBytes(input);
        Path in = Files.write(tmp.resolve("in.bin"), input);
        try (ServerSocket echo = new ServerSocket()) {
            echo.bind(new InetSocketAddress("127.0.0.1", 0));
            ExecutorService serving = Executors.newSingleThreadExecutor();
            try {
                Future<?> served = serving.submit(() -> {
                    echo.setSoTimeout(60_000);
                    try (Socket s = echo.accept()) {
                        s.setSoTimeout(30_000);
                        s.getInputStream().transferTo(s.getOutputStream());
                        s.shutdownOutput();
                    }
                    return null;
                });
                Process client = runClient(tmp, echo.getLocalPort(), in);
                assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client did not end in 60 s");
                String err = Files.readString(tmp.resolve("client.err"));
                assertEquals(0, client.exitValue(), "client failed: " + err);
                served.get(10, TimeUnit.SECONDS);
                assertArrayEquals(input, Files.readAllBytes(tmp.resolve("out.bin")), "echo differs; stderr: " + err);
            } finally {
                serving.shutdownNow();
            }
        }
    }

    @Test
    void client_reports_a_refused_connection_and_exits_with_1(@TempDir Path tmp) throws Exception {
        write(new WinsockGenerator().render(new GenerateRequest("tcp-client", "c", "select", "windows", null, 7007,
                128, null, null)), tmp);
        make(tmp, "tcp-client.exe");
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = s.getLocalPort();
        }
        Path in = Files.write(tmp.resolve("in.bin"), new byte[16]);
        Process client = runClient(tmp, closedPort, in);
        assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client did not end in 60 s");
        String err = Files.readString(tmp.resolve("client.err"));
        assertEquals(1, client.exitValue(), err);
        assertTrue(err.contains("connect 127.0.0.1 " + closedPort + ": ") && err.contains("(error 10061)"), err);
    }

    private static Process runClient(Path dir, int port, Path in) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(wine.toString(), dir.resolve("tcp-client.exe").toString(), "127.0.0.1",
                Integer.toString(port)).redirectInput(in.toFile()).redirectOutput(dir.resolve("out.bin").toFile())
                .redirectError(dir.resolve("client.err").toFile());
        pb.environment().putAll(wineEnv);
        return pb.start();
    }

    @Test
    void no_option_compiles_too(@TempDir Path tmp) throws Exception {
        write(new WinsockGenerator().render(request("iocp", null)), tmp);
        make(tmp);
    }

    @SuppressWarnings("unchecked")
    private static void setSample(SocketOptions.Builder b, OptionKey<?> key) {
        OptionKey<Object> k = (OptionKey<Object>) key;
        Object sample = switch (key.type()) {
            case BOOLEAN -> Boolean.TRUE;
            case DURATION -> Duration.of(Math.max(1, key.min()), key.unit());
            default -> (int) Math.max(key.min(), Math.min(key.max(), 65536));
        };
        b.set(k, sample);
    }

    private static GenerateRequest request(String io, SocketOptions options) {
        return new GenerateRequest("tcp-server", "c", io, "windows", null, 7007, 128, options, null);
    }

    private static void write(Map<String, String> files, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static void make(Path dir) throws Exception {
        make(dir, "tcp-server.exe");
    }

    private static void make(Path dir, String program) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", dir.toString(), "CC=" + mingw));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make timed out");
        assertEquals(0, p.exitValue(), "make " + cmd + " failed:\n" + out);
        assertTrue(out.isBlank(), "the build printed something (a warning?):\n" + out);
        assertTrue(Files.isRegularFile(dir.resolve(program)), "no " + program + " after make:\n" + out);
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> existing(String path) {
        return Files.isExecutable(Path.of(path)) ? Optional.of(Path.of(path)) : Optional.empty();
    }
}
