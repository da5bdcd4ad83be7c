package dev.sockit.plugin.generator;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generates each Java program {@link JavaGenerator} covers, compiles it with {@code javac -Xlint:all -Werror}, runs
 * it as a user would ({@code java TcpServer.java HOST PORT}) and drives it with {@link EchoDriver}; the pom of each
 * shape is built once with Maven, offline, and its jar driven the same way.
 */
class JavaGeneratorEchoTest {

    /** Options of every kind: standard, extended (set where supported), and one the JDK cannot set (a comment). */
    static final SocketOptions OPTIONS = SocketOptions.builder()
            .set(SocketOptionTable.REUSE_ADDRESS, true)
            .set(SocketOptionTable.REUSE_PORT, true)
            .set(SocketOptionTable.TCP_NO_DELAY, true)
            .set(SocketOptionTable.KEEP_ALIVE, true)
            .set(SocketOptionTable.KEEP_ALIVE_IDLE, Duration.ofSeconds(30))
            .set(SocketOptionTable.KEEP_ALIVE_INTERVAL, Duration.ofSeconds(5))
            .set(SocketOptionTable.KEEP_ALIVE_COUNT, 4)
            .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 256 * 1024)
            .set(SocketOptionTable.SEND_BUFFER_SIZE, 256 * 1024)
            .set(SocketOptionTable.TCP_QUICK_ACK, true)
            .set(SocketOptionTable.TCP_CORK, false)
            .set(SocketOptionTable.TRAFFIC_CLASS, 0x10)
            .build();

    /** Every single-file model with every payload. */
    static Stream<Arguments> singleFileModels() {
        return models(false).flatMap(io -> GeneratorContract.PAYLOADS.stream().map(p -> Arguments.of(io, p)));
    }

    static Stream<String> frameworkModels() {
        return models(true);
    }

    /** The tcp-server models the emitter covers, written as Maven projects ({@code true}) or single files. */
    private static Stream<String> models(boolean framework) {
        return new JavaGenerator().covered().get("tcp-server").stream()
                .filter(io -> JavaGenerator.FRAMEWORK_MODELS.contains(io) == framework);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("singleFileModels")
    void single_file_server_compiles_without_warnings_and_answers_byte_exact(String io, String payload,
                                                                             @TempDir Path tmp) throws Exception {
        GenerateRequest request = new GenerateRequest("tcp-server", "java", io, null, null, 7007, 128, OPTIONS,
                payload);
        Path dir = write(request, tmp.resolve("out"));
        javac(List.of(dir.resolve("TcpServer.java")), List.of(), tmp.resolve("classes"));
        EchoDriver.drive(List.of(java(), dir.resolve("TcpServer.java").toString()), tmp.resolve("server.err"), 30,
                EchoDriver.Shape.of(payload));
    }

    @Test
    void single_file_pom_builds_a_runnable_jar_offline(@TempDir Path tmp) throws Exception {
        GenerateRequest request = new GenerateRequest("tcp-server", "java", "nio", null, null, 7007, 128, OPTIONS,
                null);
        Path dir = write(request, tmp.resolve("out"));
        Path jar = mavenPackage(dir).resolve("tcp-server.jar");
        EchoDriver.drive(List.of(java(), "-jar", jar.toString()), tmp.resolve("server.err"), 30);
    }

    /**
     * Builds the echo server of {@code io} with Maven (offline), runs its jar, then compiles the other payloads'
     * sources with javac against the libraries that build copied and runs each of them.
     */
    @ParameterizedTest
    @MethodSource("frameworkModels")
    void framework_server_builds_offline_with_maven_and_answers_byte_exact(String io, @TempDir Path tmp)
            throws Exception {
        GenerateRequest request = new GenerateRequest("tcp-server", "java", io, null, null, 7007, 128, OPTIONS,
                null);
        Path dir = write(request, tmp.resolve("out"));
        Path target = mavenPackage(dir);
        Path jar = target.resolve("tcp-server.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + " after mvn package");
        EchoDriver.drive(List.of(java(), "-jar", jar.toString()), tmp.resolve("server.err"), 30);

        List<Path> libs;
        try (Stream<Path> files = Files.list(target.resolve("lib"))) {
            libs = files.sorted().collect(Collectors.toCollection(ArrayList::new));
        }
        // The pom's compile-only annotation jars (vertx-codegen), which the build does not copy: from this
        // module's own class path, where the parent pom puts them.
        libs.add(jarOf("io.vertx.codegen.annotations.GenIgnore"));
        libs.add(jarOf("io.vertx.codegen.json.annotations.JsonGen"));
        for (String payload : GeneratorContract.PAYLOADS) {
            if ("echo".equals(payload)) {
                continue;
            }
            GenerateRequest framed = new GenerateRequest("tcp-server", "java", io, null, null, 7007, 128, OPTIONS,
                    payload);
            Path source = write(framed, tmp.resolve(payload)).resolve("src/main/java/TcpServer.java");
            Path classes = tmp.resolve(payload + "-classes");
            javac(List.of(source), libs, classes);
            String classPath = classes + File.pathSeparator + target.resolve("lib").resolve("*");
            EchoDriver.drive(List.of(java(), "-cp", classPath, "TcpServer"), tmp.resolve(payload + ".err"), 30,
                    EchoDriver.Shape.of(payload));
        }
    }

    static Path jarOf(String className) throws Exception {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Every client model with every payload. */
    static Stream<Arguments> clientModels() {
        return new JavaGenerator().covered().get("tcp-client").stream()
                .flatMap(io -> GeneratorContract.PAYLOADS.stream().map(p -> Arguments.of(io, p)));
    }

    /**
     * Each generated client, compiled with {@code -Xlint:all -Werror}, run as {@code java TcpClient.java HOST PORT}
     * against a generated blocking server of the same payload: exit 0. Against a server of another payload (one
     * that answers differently), exit 1 with the reason.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clientModels")
    void client_checks_the_answer_of_a_real_server_and_exits_by_it(String io, String payload, @TempDir Path tmp)
            throws Exception {
        GenerateRequest request = new GenerateRequest("tcp-client", "java", io, null, null, 7007, 128, OPTIONS,
                payload);
        List<String> command = clientCommand(request, tmp);
        String other = "discard".equals(payload) ? "echo" : "discard";
        for (String served : List.of(payload, other)) {
            try (NioServer server = NioServer.start(served, tmp.resolve("server-" + served))) {
                List<String> cmd = new ArrayList<>(command);
                cmd.addAll(List.of("127.0.0.1", Integer.toString(server.port())));
                Process c = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(c.waitFor(60, TimeUnit.SECONDS), "the client did not end: " + out);
                if (served.equals(payload)) {
                    assertEquals(0, c.exitValue(), "client against a " + served + " server: " + out);
                    assertTrue(out.contains("got the expected"), out);
                } else {
                    assertEquals(1, c.exitValue(), "client against a " + served + " server: " + out);
                    assertTrue(out.contains("the answer differs at byte"), out);
                }
            }
        }
    }

    /**
     * The command that runs the client of {@code request}: a single source file compiled with javac; a Vert.x or
     * Netty echo client built with Maven (offline) and run from its jar; the other payloads of those compiled with
     * javac against this test's class path (the library versions the poms name) and run on it.
     */
    private static List<String> clientCommand(GenerateRequest request, Path tmp) throws Exception {
        Path dir = write(request, tmp.resolve("client"));
        Path classes = tmp.resolve("classes");
        if (!JavaGenerator.FRAMEWORK_MODELS.contains(request.io())) {
            javac(List.of(dir.resolve("TcpClient.java")), List.of(), classes);
            return List.of(java(), "-cp", classes.toString(), "TcpClient");
        }
        if ("echo".equals(request.payload())) {
            Path jar = mavenPackage(dir).resolve("tcp-client.jar");
            assertTrue(Files.isRegularFile(jar), "no " + jar + " after mvn package");
            return List.of(java(), "-jar", jar.toString());
        }
        List<Path> classPath = testClassPath();
        javac(List.of(dir.resolve("src/main/java/TcpClient.java")), classPath, classes);
        return List.of(java(), "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
                "TcpClient");
    }

    private static List<Path> testClassPath() {
        List<Path> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry));
        }
        return classPath;
    }

    /**
     * The BYTES argument, as the C client's: a number of pattern bytes (0 and 4096 here), {@code -} for stdin (sent
     * as it is and echoed back), anything else exit 1 naming it; against a generated nio echo server.
     */
    @Test
    void client_takes_bytes_or_stdin_as_the_c_client_does(@TempDir Path tmp) throws Exception {
        Path client = write(new GenerateRequest("tcp-client", "java", "nio", null, null, 7007, 128, null, null),
                tmp.resolve("client")).resolve("TcpClient.java");
        Path classes = tmp.resolve("classes");
        javac(List.of(client), List.of(), classes);
        try (NioServer server = NioServer.start(null, tmp.resolve("server"))) {
            int port = server.port();
            Path stdin = Files.write(tmp.resolve("stdin.bin"), "from stdin, not the pattern\n".repeat(1000)
                    .getBytes(StandardCharsets.UTF_8));
            for (String[] run : List.of(new String[] {"0", "0", "got the expected 0 bytes back"},
                    new String[] {"4096", "0", "got the expected 4096 bytes back"},
                    new String[] {"-", "0", "got the expected " + Files.size(stdin) + " bytes back"},
                    new String[] {"many", "1", "BYTES 'many': expected a number from 0 to 67108864, or - for stdin"},
                    new String[] {"67108865", "1", "BYTES '67108865': expected a number"})) {
                Process c = new ProcessBuilder(java(), "-cp", classes.toString(), "TcpClient", "127.0.0.1",
                        Integer.toString(port), run[0]).redirectErrorStream(true)
                        .redirectInput(stdin.toFile()).start();
                String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(c.waitFor(60, TimeUnit.SECONDS), "the client did not end: " + out);
                assertEquals(Integer.parseInt(run[1]), c.exitValue(), "BYTES " + run[0] + ": " + out);
                assertTrue(out.contains(run[2]), "BYTES " + run[0] + ": " + out);
            }
        }
    }

    /** A generated Java nio tcp-server, compiled with javac and running on a free loopback port. */
    private record NioServer(Process process, int port) implements AutoCloseable {

        /** Generates the server for {@code payload} into {@code dir}, starts it and waits until it listens. */
        static NioServer start(String payload, Path dir) throws Exception {
            write(new GenerateRequest("tcp-server", "java", "nio", null, null, 7007, 128, null, payload), dir);
            Path classes = dir.resolveSibling(dir.getFileName() + "-classes");
            javac(List.of(dir.resolve("TcpServer.java")), List.of(), classes);
            int port = EchoDriver.freePort();
            Path out = dir.resolveSibling(dir.getFileName() + ".out");
            Process p = new ProcessBuilder(java(), "-cp", classes.toString(), "TcpServer", "127.0.0.1",
                    Integer.toString(port)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            NioServer server = new NioServer(p, port);
            try {
                awaitLine(p, out, "listening on");
            } catch (Exception | AssertionError e) {
                server.close();
                throw e;
            }
            return server;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void client_exits_1_with_the_reason_when_nothing_listens(@TempDir Path tmp) throws Exception {
        GenerateRequest request = new GenerateRequest("tcp-client", "java", "nio", null, null, 7007, 128, null, null);
        Path client = write(request, tmp.resolve("client")).resolve("TcpClient.java");
        Process c = new ProcessBuilder(java(), client.toString(), "127.0.0.1", Integer.toString(EchoDriver.freePort()))
                .redirectErrorStream(true).start();
        String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(c.waitFor(60, TimeUnit.SECONDS), "the client did not end: " + out);
        assertEquals(1, c.exitValue(), out);
        assertTrue(out.contains("cannot connect to 127.0.0.1"), out);
    }

    /**
     * Every covered role and model, with every option of the table set and with none, compiles with
     * {@code -Xlint:all -Werror}
     * (Vert.x and Netty against the libraries on this test's own class path, the versions the poms name).
     */
    @Test
    void every_model_compiles_without_warnings_with_every_option_of_the_table(@TempDir Path tmp) throws Exception {
        SocketOptions options = JavaGeneratorTest.everyOption();
        List<Path> classPath = testClassPath();
        for (Map.Entry<String, List<String>> role : new JavaGenerator().covered().entrySet()) {
            for (String io : role.getValue()) {
                String payload = role.getKey().startsWith("udp-") ? "echo" : "length-prefixed";
                // with every option, and with none (what a user gets by default: no option lines at all)
                for (String variant : List.of("options", "defaults")) {
                    GenerateRequest request = new GenerateRequest(role.getKey(), "java", io, null, null, 7007, 128,
                            "options".equals(variant) ? options : null, payload);
                    Map<String, String> files = new JavaGenerator().render(request);
                    String name = role.getKey() + "-" + io + "-" + variant;
                    Path dir = write(request, tmp.resolve(name));
                    Path source = dir.resolve(files.keySet().iterator().next());
                    javac(List.of(source), JavaGenerator.FRAMEWORK_MODELS.contains(io) ? classPath : List.of(),
                            tmp.resolve(name + "-classes"));
                }
            }
        }
    }

    private static void awaitLine(Process p, Path out, String text) throws Exception {
        for (int i = 0; i < 600 && p.isAlive(); i++) {
            if (Files.exists(out) && Files.readString(out).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' from the server within 30 s: " + Files.readString(out));
    }

    static Path write(GenerateRequest request, Path dir) throws IOException {
        for (Map.Entry<String, String> file : new JavaGenerator().render(request).entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Compiles {@code sources} with {@code -Xlint:all -Werror} for Java 17 and fails with javac's output. */
    static void javac(List<Path> sources, List<Path> classPath, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "the tests need a JDK (javax.tools has no system compiler)");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-d",
                classes.toString()));
        if (!classPath.isEmpty()) {
            args.add("-cp");
            args.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        }
        sources.forEach(source -> args.add(source.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = compiler.run(null, out, out, args.toArray(new String[0]));
        assertEquals(0, rc, "javac -Xlint:all -Werror " + sources + ":\n" + out.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code mvn -o -q -B package} in {@code dir} (offline, bounded in time); returns its target directory. */
    static Path mavenPackage(Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-q", "-B", "-ntp", "package"));
        Path log = dir.resolve("mvn.log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("mvn is needed to build the generated pom: " + e.getMessage(), e);
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mvn package in " + dir + " took over 300 s:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), "mvn -o package in " + dir + " failed:\n" + Files.readString(log));
        Path target = dir.resolve("target");
        assertTrue(Files.isDirectory(target), "no target directory after mvn package:\n" + Files.readString(log));
        return target;
    }
}
