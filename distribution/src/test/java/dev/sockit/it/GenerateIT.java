package dev.sockit.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code sockit generate} as a user runs it from the distribution: the shipped generator plugin writes a program in
 * an embedded runtime, {@code make} builds it, and the program echoes bytes on a free loopback port; the matrix, a
 * refused combination and an export of a configured tcp-server ({@code --from}) likewise.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GenerateIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    private static boolean hasTool(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code make -C dir} (at most 120 s) and returns its exit code; its output goes to {@code dir/make.log}. */
    private static int make(Path dir) throws Exception {
        Process p = new ProcessBuilder("make", "-C", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + "-make.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("make -C " + dir + " did not end within 120 s");
        }
        return p.exitValue();
    }

    /**
     * Starts {@code program 127.0.0.1 PORT} on a port that was free a moment ago, sends {@code bytes} through it while
     * reading the echo concurrently, and returns what came back; the program is stopped by its own handle.
     */
    private static byte[] echoThrough(Path program, byte[] bytes) throws Exception {
        return echoThrough(List.of(program.toString()), program.getParent(), bytes);
    }

    /** {@link #echoThrough(Path, byte[])} for the command {@code command HOST PORT}; logs go into {@code dir}. */
    private static byte[] echoThrough(List<String> command, Path dir, byte[] bytes) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path log = dir.resolve("run-" + attempt + ".log");
            List<String> cmd = new java.util.ArrayList<>(command);
            cmd.addAll(List.of("127.0.0.1", Integer.toString(port)));
            Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Socket s = connect(server, port);
                if (s == null) {
                    continue; // the port was taken meanwhile: the program exited; try another
                }
                try (s) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                        try {
                            return in.readNBytes(bytes.length);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < bytes.length; off += 4096) {
                        out.write(bytes, off, Math.min(4096, bytes.length - off));
                    }
                    out.flush();
                    return echoed.get(30, TimeUnit.SECONDS);
                }
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
        throw new IllegalStateException("the generated program did not listen on a free port in 3 attempts");
    }

    /** Connects to the program once it listens (at most 30 s: java File.java compiles first); null if it exited. */
    private static Socket connect(Process server, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                return null;
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return s;
            } catch (IOException e) {
                s.close();
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the generated program did not listen on " + port + " within 30 s");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void generate_writes_a_program_make_builds_and_it_echoes_bytes() throws Exception {
        assumeTrue(hasTool("make", "--version") && hasTool("cc", "--version"), "make and a C compiler are needed");
        Path out = work.resolve("epoll-out");
        Dist.Launched gen = dist.run("generate", "tcp-server", "--lang", "c", "--io", "epoll", "-o", out.toString(),
                "--output", "json");
        assertEquals(0, gen.process().exitValue(), gen.stderr());
        JsonObject r = new JsonObject(gen.stdout().strip());
        assertEquals("generate", r.getString("operation"));
        assertEquals("tcp-server c/posix epoll", r.getString("target"));
        assertEquals("success", r.getString("status"));
        JsonArray artifacts = r.getJsonArray("artifacts");
        for (String name : List.of("tcp_server.c", "Makefile", "README.md")) {
            assertTrue(artifacts.contains(out.resolve(name).toString()), name + " in " + artifacts);
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        JsonObject data = r.getJsonObject("data");
        assertEquals("make -C " + out, data.getString("build"));
        assertEquals(out.resolve("tcp-server") + " 127.0.0.1 7007", data.getString("run"));

        assertEquals(0, make(out), "make failed; see " + out + "-make.log");
        Path program = Path.of(data.getString("program"));
        assertTrue(Files.isExecutable(program), program.toString());
        byte[] sent = randomBytes(256 * 1024);
        assertArrayEquals(sent, echoThrough(program, sent));

        Dist.Launched again = dist.run("generate", "tcp-server", "--lang", "c", "--io", "epoll", "-o",
                out.toString());
        assertEquals(2, again.process().exitValue(), again.stderr());
        assertTrue(again.stderr().contains("already has [tcp_server.c, Makefile, README.md]"), again.stderr());
        Dist.Launched forced = dist.run("generate", "tcp-server", "--lang", "c", "--io", "epoll", "-o",
                out.toString(), "--force", "--output", "text");
        assertEquals(0, forced.process().exitValue(), forced.stderr());
        assertTrue(forced.stdout().contains("  build: make -C " + out), forced.stdout());
    }

    @Test
    void list_shows_the_matrix_with_the_built_combinations() throws Exception {
        Dist.Launched json = dist.run("generate", "--list", "--output", "json");
        assertEquals(0, json.process().exitValue(), json.stderr());
        JsonArray rows = new JsonObject(json.stdout().strip()).getJsonObject("data").getJsonArray("matrix");
        assertEquals(17 * 4 - 2, rows.size(), "17 models of the issue, 4 roles, less java nio2 for the two UDP roles");
        assertTrue(rows.stream().map(JsonObject.class::cast).anyMatch(o -> "epoll".equals(o.getString("io"))
                && "tcp-server".equals(o.getString("role")) && "posix".equals(o.getString("platform"))
                && o.getBoolean("built")), rows.encode());
        Dist.Launched text = dist.run("generate", "--list", "--output", "text");
        assertEquals(0, text.process().exitValue(), text.stderr());
        assertTrue(text.stdout().lines().anyMatch(l -> l.startsWith("  c/posix    tcp-server ")
                && l.contains(" epoll* ")), text.stdout());
    }

    @Test
    void a_java_nio_server_runs_as_java_file_java_host_port_and_echoes_bytes() throws Exception {
        Path out = work.resolve("jout");
        Dist.Launched gen = dist.run("generate", "tcp-server", "--lang", "java", "--io", "nio", "-o", out.toString(),
                "--output", "json");
        assertEquals(0, gen.process().exitValue(), gen.stderr());
        JsonObject r = new JsonObject(gen.stdout().strip());
        assertEquals("tcp-server java/any nio", r.getString("target"));
        assertTrue(r.getJsonArray("artifacts").contains(out.resolve("TcpServer.java").toString()), r.encode());
        assertTrue(r.getJsonArray("artifacts").contains(out.resolve("pom.xml").toString()), r.encode());
        assertEquals("java " + out.resolve("TcpServer.java") + " 127.0.0.1 7007",
                r.getJsonObject("data").getString("run"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        byte[] sent = randomBytes(128 * 1024);
        assertArrayEquals(sent, echoThrough(List.of(java, out.resolve("TcpServer.java").toString()), out, sent));
    }

    @Test
    void a_windows_program_is_written_with_its_cross_build_and_wine_run_commands() throws Exception {
        Path out = work.resolve("iocp-out");
        Dist.Launched gen = dist.run("generate", "tcp-server", "--lang", "c", "--io", "iocp", "--platform", "windows",
                "-o", out.toString(), "--port", "9009", "--output", "json");
        assertEquals(0, gen.process().exitValue(), gen.stderr());
        JsonObject r = new JsonObject(gen.stdout().strip());
        assertEquals("tcp-server c/windows iocp", r.getString("target"));
        assertTrue(r.getJsonArray("artifacts").contains(out.resolve("Makefile").toString()), r.encode());
        assertEquals("make -C " + out + " CC=x86_64-w64-mingw32-gcc", r.getJsonObject("data").getString("build"));
        assertEquals("wine " + out.resolve("tcp-server.exe") + " 127.0.0.1 9009",
                r.getJsonObject("data").getString("run"));
        assertTrue(Files.readString(out.resolve("tcp_server.c")).contains("WSAStartup"), "Winsock code");
    }

    @Test
    void an_impossible_combination_exits_2_with_the_valid_models() throws Exception {
        Dist.Launched bad = dist.run("generate", "tcp-server", "--lang", "c", "--io", "iocp", "--platform", "posix",
                "-o", work.resolve("never").toString());
        assertEquals(2, bad.process().exitValue(), bad.stderr());
        assertEquals("sockit: io 'iocp' is not an I/O model of c on posix; expected one of [blocking, threads, "
                + "select, poll, epoll, epoll-lt, kqueue, io_uring]", bad.stderr().strip());
        assertEquals("", bad.stdout());
        assertTrue(!Files.exists(work.resolve("never")));
    }

    @Test
    void java_nio2_with_a_udp_role_exits_2_saying_why_and_the_valid_models() throws Exception {
        Dist.Launched bad = dist.run("generate", "udp-server", "--lang", "java", "--io", "nio2", "-o",
                work.resolve("never-udp").toString());
        assertEquals(2, bad.process().exitValue(), bad.stderr());
        assertEquals("sockit: io 'nio2' cannot carry udp-server in java: the JDK has no asynchronous datagram channel "
                + "(NIO.2 is TCP only); expected one of [blocking, nio, vertx, netty]", bad.stderr().strip());
        assertTrue(!Files.exists(work.resolve("never-udp")));
    }

    @Test
    void list_shows_all_66_combinations_built() throws Exception {
        Dist.Launched list = dist.run("generate", "--list", "--output", "json");
        assertEquals(0, list.process().exitValue(), list.stderr());
        var rows = new JsonObject(list.stdout().strip()).getJsonObject("data").getJsonArray("matrix").stream()
                .map(JsonObject.class::cast).toList();
        assertEquals(66, rows.size(), list.stdout());
        assertEquals(List.of(), rows.stream().filter(o -> !o.getBoolean("built")).toList(), "not built");
        Dist.Launched text = dist.run("generate", "--list");
        assertTrue(text.stdout().contains("66 of 66"), text.stdout());
    }

    @Test
    void from_exports_a_configured_tcp_server_that_builds_and_echoes() throws Exception {
        assumeTrue(hasTool("make", "--version") && hasTool("cc", "--version"), "make and a C compiler are needed");
        Path config = Files.writeString(work.resolve("export.yaml"), "processes:\n  web:\n    kind: tcp-server\n"
                + "    config:\n      host: 127.0.0.1\n      port: 7007\n      handler: echo\n"
                + "      options:\n        tcpNoDelay: true\n        receiveBufferSize: 256KiB\n"
                + "        backlog: 256\n", StandardCharsets.UTF_8);
        Path out = work.resolve("from-out");
        Dist.Launched gen = dist.run("generate", "--from", config.toString(), "--process", "web", "--lang", "c",
                "--io", "poll", "-o", out.toString(), "--output", "json");
        assertEquals(0, gen.process().exitValue(), gen.stderr());
        JsonObject request = new JsonObject(gen.stdout().strip()).getJsonObject("data").getJsonObject("request");
        assertEquals("tcp-server", request.getString("role"));
        assertEquals(256, request.getInteger("backlog"));
        assertEquals(new JsonObject().put("tcpNoDelay", true).put("receiveBufferSize", 262144),
                request.getJsonObject("options"));
        String source = Files.readString(out.resolve("tcp_server.c"));
        assertTrue(source.contains("#define BACKLOG 256"), "the backlog of the config");
        assertTrue(source.contains("TCP_NODELAY") && source.contains("SO_RCVBUF"), "the options of the config");
        assertEquals(0, make(out), "make failed; see " + out + "-make.log");
        byte[] sent = randomBytes(64 * 1024);
        assertArrayEquals(sent, echoThrough(out.resolve("tcp-server"), sent));

        Dist.Launched missing = dist.run("generate", "--from", config.toString(), "--process", "api", "--lang", "c",
                "--io", "poll", "-o", work.resolve("none").toString());
        assertEquals(2, missing.process().exitValue(), missing.stderr());
        assertEquals("sockit: " + config + ": no process 'api' (processes: web)", missing.stderr().strip());
        assertTrue(Arrays.asList(out.toFile().list()).contains("tcp-server"));
    }
}
