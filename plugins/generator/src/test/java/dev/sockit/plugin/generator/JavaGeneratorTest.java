package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unit tests of {@link JavaGenerator}. The golden file {@code TcpServer_nio.java.golden} pins the generated NIO
 * {@code TcpServer.java} with the default request values; after an intended template change, rewrite it with
 * {@code mvn -o verify -pl plugins/generator -Dgolden.update=true} (run from the repository root) and review the
 * diff. The files of the later roles (the NIO.2 client, the UDP servers and clients) are pinned the same way under
 * {@code golden/java_ROLE_IO_PAYLOAD_FILE.golden}.
 */
class JavaGeneratorTest {

    private static final String GOLDEN = "TcpServer_nio.java.golden";

    private static GenerateRequest request(String io, SocketOptions options) {
        return new GenerateRequest("tcp-server", "java", io, null, null, 7007, 128, options, null);
    }

    @Test
    void nio_source_with_default_values_matches_the_golden_file() throws Exception {
        String generated = new JavaGenerator().render(request("nio", null)).get("TcpServer.java");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/dev/sockit/plugin/generator", GOLDEN), generated,
                    StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = JavaGeneratorTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, "golden file " + GOLDEN + " is missing; run with -Dgolden.update=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), generated);
        }
    }

    /** Role, I/O model, payload and file of each golden file under {@code golden/}. */
    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("tcp-client", "nio2", "echo", "TcpClient.java"),
                Arguments.of("tcp-client", "nio2", "echo", "README.md"),
                Arguments.of("tcp-client", "netty", "echo", "src/main/java/TcpClient.java"),
                Arguments.of("tcp-client", "netty", "echo", "README.md"),
                Arguments.of("tcp-client", "vertx", "echo", "src/main/java/TcpClient.java"),
                Arguments.of("tcp-client", "vertx", "echo", "README.md"),
                Arguments.of("tcp-client", "vertx", "echo", "pom.xml"),
                Arguments.of("udp-server", "blocking", "echo", "UdpServer.java"),
                Arguments.of("udp-server", "nio", "echo", "UdpServer.java"),
                Arguments.of("udp-server", "nio", "discard", "UdpServer.java"),
                Arguments.of("udp-server", "nio", "echo", "README.md"),
                Arguments.of("udp-client", "blocking", "echo", "UdpClient.java"),
                Arguments.of("udp-client", "nio", "echo", "UdpClient.java"),
                Arguments.of("udp-client", "nio", "discard", "UdpClient.java"),
                Arguments.of("udp-client", "nio", "echo", "README.md"),
                Arguments.of("udp-server", "netty", "echo", "src/main/java/UdpServer.java"),
                Arguments.of("udp-server", "netty", "discard", "src/main/java/UdpServer.java"),
                Arguments.of("udp-server", "netty", "echo", "README.md"),
                Arguments.of("udp-client", "netty", "echo", "src/main/java/UdpClient.java"),
                Arguments.of("udp-client", "netty", "echo", "pom.xml"),
                Arguments.of("udp-server", "vertx", "echo", "src/main/java/UdpServer.java"),
                Arguments.of("udp-server", "vertx", "discard", "src/main/java/UdpServer.java"),
                Arguments.of("udp-server", "vertx", "echo", "README.md"),
                Arguments.of("udp-client", "vertx", "echo", "src/main/java/UdpClient.java"),
                Arguments.of("udp-client", "vertx", "echo", "README.md"));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("goldens")
    void generated_file_with_default_values_matches_its_golden_file(String role, String io, String payload,
                                                                    String file) throws Exception {
        GenerateRequest request = new GenerateRequest(role, "java", io, null, null, 7007, 128, null, payload);
        String generated = new JavaGenerator().render(request).get(file);
        assertNotNull(generated, file + " was not generated");
        String golden = "golden/java_" + role + "_" + io + "_" + payload + "_"
                + file.substring(file.lastIndexOf('/') + 1) + ".golden";
        if (Boolean.getBoolean("golden.update")) {
            Path path = Path.of("src/test/resources/dev/sockit/plugin/generator", golden);
            Files.createDirectories(path.getParent());
            Files.writeString(path, generated, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = JavaGeneratorTest.class.getResourceAsStream(golden)) {
            assertNotNull(in, "golden file " + golden + " is missing; run with -Dgolden.update=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), generated);
        }
    }

    @Test
    void a_udp_program_is_one_source_file_with_datagram_options_only() {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 65536)
                .set(SocketOptionTable.TCP_NO_DELAY, true).build();
        Map<String, String> files = new JavaGenerator().render(new GenerateRequest("udp-server", "java", "nio", null,
                null, 7007, 128, options, "echo"));
        assertEquals(List.of("UdpServer.java", "pom.xml", "README.md"), List.copyOf(files.keySet()));
        String source = files.get("UdpServer.java");
        assertTrue(source.contains("ch.setOption(StandardSocketOptions.SO_RCVBUF, 65536);"), source);
        assertFalse(source.contains("TCP_NODELAY"), source);
        assertTrue(files.get("pom.xml").contains("<mainClass>UdpServer</mainClass>"), files.get("pom.xml"));
        assertEquals("java " + Path.of("out", "UdpServer.java") + " 127.0.0.1 7007", new JavaGenerator().run(
                new GenerateRequest("udp-server", "java", "nio", null, null, 7007, 128, null, null), Path.of("out")));
    }

    @Test
    void udp_refuses_line_and_length_prefixed_framing_naming_the_valid_payloads() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> new JavaGenerator().render(
                new GenerateRequest("udp-client", "java", "blocking", null, null, 7007, 128, null, "line")));
        assertTrue(e.getMessage().contains("payload 'line' does not apply to udp-client: a datagram is already a "
                + "frame; expected one of [echo, discard]"), e.getMessage());
    }

    @Test
    void nio2_cannot_carry_udp_and_the_error_names_the_valid_models() {
        for (String role : List.of("udp-server", "udp-client")) {
            GenerateRequest request = new GenerateRequest(role, "java", "nio2", null, null, 7007, 128, null, null);
            BadRequestException e = assertThrows(BadRequestException.class, request::validate);
            assertTrue(e.getMessage().contains("io 'nio2' cannot carry " + role + " in java: the JDK has no "
                    + "asynchronous datagram channel"), e.getMessage());
            assertTrue(e.getMessage().contains("expected one of [blocking, nio, vertx, netty]"), e.getMessage());
        }
        assertEquals(List.of("blocking", "nio", "nio2", "vertx", "netty"),
                GeneratorContract.models("tcp-client", "java", "any"));
    }

    @Test
    void writes_one_source_file_a_pom_and_a_readme() {
        Map<String, String> files = new JavaGenerator().render(request("blocking", null));
        assertEquals(List.of("TcpServer.java", "pom.xml", "README.md"), List.copyOf(files.keySet()));
        assertTrue(files.get("pom.xml").contains("<mainClass>TcpServer</mainClass>"), files.get("pom.xml"));
        assertTrue(files.get("pom.xml").contains("<maven.compiler.release>17</maven.compiler.release>"));
        assertTrue(files.get("TcpServer.java").contains("static final int DEFAULT_PORT = 7007;"));
        assertTrue(files.get("README.md").contains("no virtual threads"), files.get("README.md"));
    }

    @Test
    void says_how_to_build_and_run_what_it_writes() {
        JavaGenerator generator = new JavaGenerator();
        GenerateRequest request = request("nio2", null);
        assertEquals("TcpServer.java", generator.program(request));
        assertEquals("java out/TcpServer.java 127.0.0.1 7007", generator.run(request, Path.of("out")));
        assertEquals("mvn -q -f out/pom.xml package", generator.build(request, Path.of("out")));
        assertEquals("java", generator.lang());
        assertEquals("any", generator.platform());
    }

    @Test
    void socket_options_become_set_option_calls_with_the_kernel_note_or_a_comment_when_java_cannot_set_them() {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 65536)
                .set(SocketOptionTable.KEEP_ALIVE_IDLE, Duration.ofMillis(1500))
                .set(SocketOptionTable.SO_LINGER, Duration.ofSeconds(3))
                .set(SocketOptionTable.TCP_CORK, true)
                .set(SocketOptionTable.TCP_FAST_OPEN, true)
                .set(SocketOptionTable.BACKLOG, 64)
                .build();
        String source = new JavaGenerator().render(request("nio", options)).get("TcpServer.java");
        assertTrue(source.contains("ch.setOption(StandardSocketOptions.SO_RCVBUF, 65536);"), source);
        assertTrue(source.contains("//   kernel: Linux doubles the request"), source);
        assertTrue(source.contains("setIfSupported(ch, ExtendedSocketOptions.TCP_KEEPIDLE, 2);"), source);
        assertTrue(source.contains("setIfSupported(ch, StandardSocketOptions.SO_LINGER, 3);"), source);
        assertTrue(source.contains("import jdk.net.ExtendedSocketOptions;"), source);
        assertTrue(source.contains("// the JDK cannot set TCP_CORK"), source);
        assertTrue(source.contains("// the JDK cannot set TCP_FASTOPEN"), source);
        assertTrue(source.contains("// not a socket option: the listen call takes it"), source);
        assertFalse(source.contains("TCP_CORK, true"), source);
    }

    @Test
    void vertx_and_netty_are_maven_projects_run_from_their_jar() {
        JavaGenerator generator = new JavaGenerator();
        for (String io : JavaGenerator.FRAMEWORK_MODELS) {
            Map<String, String> files = generator.render(request(io, null));
            assertEquals(List.of("src/main/java/TcpServer.java", "pom.xml", "README.md"),
                    List.copyOf(files.keySet()));
            assertEquals("java -jar out/target/tcp-server.jar 127.0.0.1 7007",
                    generator.run(request(io, null), Path.of("out")));
            assertTrue(files.get("pom.xml").contains("<goal>copy-dependencies</goal>"), files.get("pom.xml"));
        }
        String vertxPom = generator.render(request("vertx", null)).get("pom.xml");
        assertTrue(vertxPom.contains("<artifactId>vertx-core</artifactId>\n      <version>5.2.3</version>"), vertxPom);
        assertTrue(vertxPom.contains("<artifactId>netty-bom</artifactId>\n        <version>4.2.18.Final</version>"),
                vertxPom);
        String nettyPom = generator.render(request("netty", null)).get("pom.xml");
        assertTrue(nettyPom.contains("<artifactId>netty-transport</artifactId>\n      <version>4.2.18.Final"),
                nettyPom);
    }

    @Test
    void netty_runs_on_native_epoll_where_it_loads_unless_an_option_needs_nio() {
        JavaGenerator generator = new JavaGenerator();
        Map<String, String> files = generator.render(request("netty", null));
        String source = files.get("src/main/java/TcpServer.java");
        assertTrue(source.contains("static final boolean NATIVE = Epoll.isAvailable();"), source);
        assertTrue(source.contains("NATIVE ? EpollIoHandler.newFactory() : NioIoHandler.newFactory()"), source);
        assertTrue(source.contains(".channel(NATIVE ? EpollServerSocketChannel.class : NioServerSocketChannel.class)"),
                source);
        assertTrue(source.contains(".group(workers)"), source);
        assertTrue(source.contains("ctx.write(msg, ctx.voidPromise());"), source);
        assertTrue(files.get("pom.xml").contains("<artifactId>netty-transport-native-epoll</artifactId>\n      <version>"
                + "4.2.18.Final</version>\n      <classifier>linux-x86_64</classifier>"), files.get("pom.xml"));
        SocketOptions jdkOnly = SocketOptions.builder().set(SocketOptionTable.KEEP_ALIVE_COUNT, 4).build();
        String nio = generator.render(request("netty", jdkOnly)).get("src/main/java/TcpServer.java");
        assertTrue(nio.contains("static final boolean NATIVE = false;"), nio);
        assertTrue(nio.contains("NioChannelOption, which only NIO channels take."), nio);
        SocketOptions standard = SocketOptions.builder().set(SocketOptionTable.TCP_NO_DELAY, true).build();
        String epoll = generator.render(request("netty", standard)).get("src/main/java/TcpServer.java");
        assertTrue(epoll.contains("static final boolean NATIVE = Epoll.isAvailable();"), epoll);
    }

    @Test
    void netty_options_are_channel_options_or_nio_channel_options_and_vertx_options_are_setters() {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .set(SocketOptionTable.REUSE_PORT, true)
                .set(SocketOptionTable.KEEP_ALIVE_COUNT, 4)
                .set(SocketOptionTable.TCP_USER_TIMEOUT, Duration.ofSeconds(2))
                .build();
        String netty = new JavaGenerator().render(request("netty", options)).get("src/main/java/TcpServer.java");
        assertTrue(netty.contains(".childOption(ChannelOption.TCP_NODELAY, true)"), netty);
        assertTrue(netty.contains(".option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true)"), netty);
        assertTrue(netty.contains(".childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), 4)"), netty);
        assertTrue(netty.contains("// the JDK cannot set TCP_USER_TIMEOUT"), netty);
        String vertx = new JavaGenerator().render(request("vertx", options)).get("src/main/java/TcpServer.java");
        assertTrue(vertx.contains(".setTcpNoDelay(true)"), vertx);
        assertTrue(vertx.contains(".setTcpUserTimeout(2000)"), vertx);
        assertTrue(vertx.contains("// Vert.x's NetServerOptions has no setter for TCP_KEEPCNT"), vertx);
        assertTrue(vertx.contains("Vert.x applies it with a native transport only"), vertx);
    }

    @Test
    void a_client_is_one_source_file_with_connection_options_only() {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .build();
        GenerateRequest request = new GenerateRequest("tcp-client", "java", "nio", null, null, 7007, 128, options,
                "line");
        Map<String, String> files = new JavaGenerator().render(request);
        assertEquals(List.of("TcpClient.java", "pom.xml", "README.md"), List.copyOf(files.keySet()));
        String source = files.get("TcpClient.java");
        assertTrue(source.contains("ch.setOption(StandardSocketOptions.TCP_NODELAY, true);"), source);
        assertFalse(source.contains("SO_REUSEADDR"), source);
        assertTrue(source.contains("data[at + length - 1] = '\\n';"), source);
        assertTrue(files.get("pom.xml").contains("<mainClass>TcpClient</mainClass>"), files.get("pom.xml"));
        assertTrue(files.get("README.md").contains("exit status 0 when it matches"), files.get("README.md"));
        assertFalse(files.get("README.md").contains("SIGTERM"), files.get("README.md"));
    }

    @Test
    void a_client_of_a_model_java_does_not_have_is_refused_listing_the_java_models() {
        GenerateRequest request = new GenerateRequest("tcp-client", "java", "epoll", null, null, 7007, 128, null,
                null);
        BadRequestException e = assertThrows(BadRequestException.class, () -> new JavaGenerator().render(request));
        assertTrue(e.getMessage().contains("blocking, nio, nio2, vertx, netty"), e.getMessage());
    }

    @Test
    void every_covered_role_model_and_payload_renders_with_every_option_of_the_table() {
        SocketOptions options = everyOption();
        JavaGenerator generator = new JavaGenerator();
        int rendered = 0;
        for (Map.Entry<String, List<String>> role : generator.covered().entrySet()) {
            for (String io : role.getValue()) {
                for (String payload : generator.payloads(role.getKey())) {
                    GenerateRequest request = new GenerateRequest(role.getKey(), "java", io, null, "::1", 9000, 64,
                            options, payload);
                    Map<String, String> files = generator.render(request);
                    String source = files.get(files.keySet().iterator().next());
                    assertTrue(source.contains("DEFAULT_HOST = \"::1\""), source);
                    assertTrue(files.get("README.md").contains("**" + payload + "**"), files.get("README.md"));
                    rendered++;
                }
            }
        }
        assertEquals((5 + 5) * 4 + 2 * 4 * 2, rendered);
    }

    /** Every option of the table, each at a valid value of its type. */
    static SocketOptions everyOption() {
        SocketOptions.Builder all = SocketOptions.builder();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            set(all, key);
        }
        return all.build();
    }

    /** Sets {@code key} to a valid value of its type: true, its least value, or a second. */
    @SuppressWarnings("unchecked")
    private static void set(SocketOptions.Builder builder, OptionKey<?> key) {
        if (key.isBoolean()) {
            builder.set((OptionKey<Boolean>) key, true);
        } else if (key.valueType() == Duration.class) {
            builder.set((OptionKey<Duration>) key, Duration.ofSeconds(1));
        } else {
            builder.set((OptionKey<Integer>) key, (int) Math.max(1, key.min()));
        }
    }

    @Test
    void without_options_the_source_imports_no_option_types() {
        // a TCP program always sets TCP_NODELAY (Emitters.withDefaults); a UDP one sets nothing unless asked
        GenerateRequest udp = new GenerateRequest("udp-server", "java", "blocking", null, null, 7007, 128, null,
                "echo");
        String source = new JavaGenerator().render(udp).get("UdpServer.java");
        assertFalse(source.contains("StandardSocketOptions"), source);
        assertFalse(source.contains("setIfSupported"), source);
    }

    @Test
    void rejects_a_c_model_for_java_listing_the_java_models() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> new JavaGenerator().render(request("epoll", null)));
        assertTrue(e.getMessage().contains("io 'epoll' is not an I/O model of java; expected one of [blocking, nio"),
                e.getMessage());
    }

    @Test
    void rejects_a_request_for_another_language() {
        GenerateRequest c = new GenerateRequest("tcp-server", "c", "poll", "posix", null, 7007, 128, null, null);
        BadRequestException e = assertThrows(BadRequestException.class, () -> new JavaGenerator().render(c));
        assertTrue(e.getMessage().contains("the Java emitter writes"), e.getMessage());
    }
}
