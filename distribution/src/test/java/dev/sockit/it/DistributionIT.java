package dev.sockit.it;

import dev.sockit.api.Addresses;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.HostPort;
import dev.sockit.api.Result;
import dev.sockit.api.Verb;
import dev.sockit.runtime.SockitRuntime;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unpacked distribution started as a user would, talked to with real sockets on loopback. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DistributionIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    static Path config(String name, String yaml) throws IOException {
        return Files.writeString(work.resolve(name), yaml);
    }

    static String echoConfig(int port, String extraRuntime) {
        return "runtime:\n  shutdownTimeout: 3s\n" + extraRuntime
                + "processes:\n  echo:\n    kind: tcp-server\n    instances: 2\n    config:\n"
                + "      host: 127.0.0.1\n      port: " + port + "\n      handler: echo\n"
                + "      maxConnections: 1000\n      options: { tcpNoDelay: true, backlog: 256 }\n";
    }

    static int portOf(JsonObject result) {
        String address = result.getString("address");
        return HostPort.parse(address).port();
    }

    static byte[] echo(int port, byte[] payload) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            // 64 KiB fits in the loopback socket buffers, so writing all before reading cannot deadlock.
            s.getOutputStream().write(payload);
            return s.getInputStream().readNBytes(payload.length);
        }
    }

    @Test
    void echoes_64_KiB_byte_exact_on_50_concurrent_connections_and_stops_with_exit_0_on_SIGTERM()
            throws Exception {
        Dist.Launched run = dist.launch("run", "-c", config("echo.yaml", echoConfig(0, "")).toString(),
                "--output", "json");
        JsonObject started = run.firstResult(30);
        assertEquals("success", started.getString("status"), started.encodePrettily());
        int port = portOf(started);

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 50; c++) {
                long seed = c;
                results.add(pool.submit(() -> {
                    byte[] payload = new byte[64 * 1024];
                    new Random(seed).nextBytes(payload);
                    return Arrays.equals(payload, echo(port, payload));
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS), "an echo differed from what was sent");
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(0, run.terminate(30), run.stderr());
        String log = Files.readString(dist.log(), StandardCharsets.UTF_8);
        assertTrue(log.contains("final process table"), log);
        assertTrue(log.lines().anyMatch(l -> l.matches(".*echo\\s+tcp-server\\s+STOPPED\\s+2\\s+127\\.0\\.0\\.1:"
                + port + ".*")), log);
        JsonObject stopped = new JsonObject(run.stdout().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals("stop", stopped.getString("operation"));
    }

    @Test
    void the_audit_log_has_bind_accept_and_close_as_json_lines_and_peer_bytes_cannot_forge_a_line()
            throws Exception {
        Path audit = work.resolve("audit-" + System.nanoTime() + ".jsonl");
        Dist.Launched run = dist.launch("run", "-c", config("audit.yaml",
                echoConfig(0, "  audit: " + audit + "\n")).toString(), "--output", "json");
        int port = portOf(run.firstResult(30));
        byte[] hostile = "line\r\n{\"op\":\"accept\",\"forged\":true}\u001b[2J\r\n".getBytes(StandardCharsets.UTF_8);
        int clientPort;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            clientPort = s.getLocalPort();
            s.getOutputStream().write(hostile);
            assertArrayEquals(hostile, s.getInputStream().readNBytes(hostile.length));
        }
        assertEquals(0, run.terminate(30), run.stderr());

        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(audit, StandardCharsets.UTF_8)) {
            lines.add(new JsonObject(line));
        }
        assertFalse(lines.stream().anyMatch(j -> j.containsKey("forged")), lines.toString());
        String remote = "127.0.0.1:" + clientPort;
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("bind")), lines.toString());
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("accept")
                && remote.equals(j.getString("remote"))), lines.toString());
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("close")
                && remote.equals(j.getString("remote"))), lines.toString());
        assertTrue(lines.stream().allMatch(j -> j.containsKey("ts") && j.containsKey("process")));
    }

    @Test
    void a_port_already_in_use_is_a_clear_error_with_exit_1_and_the_holder_is_undisturbed() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            Dist.Launched run = dist.run("run", "-c", config("busy.yaml", echoConfig(port, "")).toString(),
                    "--output", "json");
            assertEquals(1, run.process().exitValue(), run.stderr());
            JsonObject result = new JsonObject(run.stdout().lines().findFirst().orElseThrow());
            assertEquals("error", result.getString("status"));
            String expected = "tcp port " + port + " on 127.0.0.1 is already in use (pid "
                    + ProcessHandle.current().pid() + ", java)";
            assertTrue(result.getJsonArray("findings").encode().contains(expected), result.encodePrettily());
            assertFalse(result.getJsonArray("recommendations").isEmpty());
            assertTrue(run.stderr().contains(expected), run.stderr());
            assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());

            try (Socket client = new Socket("127.0.0.1", port); Socket accepted = held.accept()) {
                assertTrue(accepted.isConnected() && client.isConnected());
            }
        }
    }

    @Test
    void a_kind_whose_plugin_was_removed_is_a_config_error_naming_it_and_the_available_kinds() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins-without-tcp"));
        ExamplePlugin.build(dist, plugins);
        Dist.Launched run = dist.run("run", "-c", config("missing-kind.yaml",
                "runtime:\n  plugins: " + plugins + "\n" + echoConfig(0, "").substring("runtime:\n".length()))
                .toString());
        assertEquals(2, run.process().exitValue(), run.stderr());
        assertEquals("sockit: processes.echo.kind: unknown kind 'tcp-server' (available: greeter)  "
                + "[missing-kind.yaml line 6]", run.stderr().strip());
    }

    @Test
    void bad_configs_each_give_one_line_with_path_and_line_and_exit_2() throws Exception {
        String base = "processes:\n  echo:\n    kind: tcp-server\n    config:\n      port: 7007\n";
        String[][] cases = {
            {"unknown-key.yaml", base + "      prot: 1\n", "processes.echo.config.prot: unknown key", "line 6"},
            {"bad-port.yaml", base.replace("7007", "70000"),
                "processes.echo.config.port: 70000 (expected: 0-65535)", "line 5"},
            {"bad-duration.yaml", "runtime:\n  shutdownTimeout: 10x\n" + base,
                "runtime.shutdownTimeout: '10x' has an unknown unit 'x'", "line 2"},
            {"duplicate-key.yaml", base + "      port: 7008\n", "processes.echo.config.port: duplicate key", "line 6"},
            {"syntax.yaml", "processes:\n  echo:\n    kind: [tcp-server\n", "syntax error", "line"},
        };
        for (String[] c : cases) {
            Dist.Launched run = dist.run("run", "-c", config(c[0], c[1]).toString());
            String err = run.stderr().strip();
            assertEquals(2, run.process().exitValue(), c[0] + ": " + err);
            assertEquals(1, err.lines().count(), c[0] + " must be one line: " + err);
            assertTrue(err.contains(c[2]) && err.contains("[" + c[0] + " " + c[3]), c[0] + ": " + err);
        }
        Path missing = work.resolve("no-such.yaml");
        Dist.Launched run = dist.run("run", "-c", missing.toString());
        assertEquals(2, run.process().exitValue());
        assertEquals("sockit: config file not found: " + missing, run.stderr().strip());
    }

    @Test
    void the_example_plugin_built_against_platform_api_alone_is_dropped_in_and_runs() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins-with-greeter"));
        Files.copy(dist.plugins().resolve("tcp-server-" + System.getProperty("sockit.version") + ".jar"),
                plugins.resolve("tcp-server.jar"));
        ExamplePlugin.build(dist, plugins);
        Path audit = work.resolve("greeter-audit.jsonl");
        String yaml = "runtime:\n  plugins: " + plugins + "\n  audit: " + audit + "\n  shutdownTimeout: 2s\n"
                + "processes:\n  hello:\n    kind: greeter\n    config: { port: 0, greeting: 'hi there',"
                + " options: { tcpNoDelay: true, receiveBufferSize: 64KiB } }\n";
        Dist.Launched run = dist.launch("run", "-c", config("greeter.yaml", yaml).toString(), "--output", "json");
        JsonObject started = run.firstResult(30);
        assertEquals("success", started.getString("status"), started.encodePrettily());
        int clientPort;
        try (Socket s = new Socket("127.0.0.1", portOf(started))) {
            s.setSoTimeout(5000);
            clientPort = s.getLocalPort();
            assertEquals("hi there\n", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(0, run.terminate(30), run.stderr());

        // The journal wrote the listen, the two options from the table, the connection's accept and close, and the
        // listening socket's close on stop.
        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(audit, StandardCharsets.UTF_8)) {
            lines.add(new JsonObject(line));
        }
        String remote = "127.0.0.1:" + clientPort;
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("listen")
                && "hello".equals(j.getString("process"))), lines.toString());
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("option_set")
                && "tcpNoDelay requested=true".equals(j.getString("detail"))), lines.toString());
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("option_set")
                && "receiveBufferSize requested=65536".equals(j.getString("detail"))), lines.toString());
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("accept")
                && remote.equals(j.getString("remote")) && j.getLong("connection") == 1), lines.toString());
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("close")
                && remote.equals(j.getString("remote")) && "bytesIn=0 bytesOut=9".equals(j.getString("detail"))),
                lines.toString());
        assertTrue(lines.stream().anyMatch(j -> j.getString("op").equals("close") && !j.containsKey("remote")
                && "greeted=1".equals(j.getString("detail"))), lines.toString());
    }

    @Test
    void the_example_plugin_refuses_a_socket_option_it_does_not_apply() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins-greeter-only"));
        ExamplePlugin.build(dist, plugins);
        String yaml = "runtime:\n  plugins: " + plugins + "\nprocesses:\n  hello:\n    kind: greeter\n"
                + "    config: { port: 0, options: { backlog: 16 } }\n";
        Dist.Launched run = dist.run("run", "-c", config("greeter-backlog.yaml", yaml).toString());
        assertEquals(2, run.process().exitValue(), run.stderr());
        assertTrue(run.stderr().contains("processes.hello.config.options.backlog: not applied by a greeter"
                + " (expected: tcpNoDelay or receiveBufferSize)"), run.stderr());
    }

    @Test
    void the_plugin_guide_quotes_the_example_process_whole_in_under_80_lines() throws Exception {
        Path examples = Path.of(System.getProperty("sockit.examples", "../docs/examples"));
        String source = Files.readString(examples.resolve(
                "greeter-plugin/src/main/java/dev/sockit/examples/greeter/GreeterProcess.java"));
        String process = source.substring(source.indexOf("/** A greeter"));
        assertTrue(process.lines().count() < 80, process.lines().count() + " lines");
        String guide = Files.readString(examples.resolveSibling("plugin-guide.md"));
        assertTrue(guide.contains("```java\n" + process + "```\n"), "docs/plugin-guide.md does not quote "
                + "GreeterProcess.java as it is (from its javadoc to its end)");
    }

    /** The greeter's request, as a client in another jar declares it: same verb name, same components. */
    record GreetRequest(String name) {
    }

    @Test
    void the_example_plugin_answers_its_greet_verb_and_a_bad_request_is_a_400() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins-greeter-verb"));
        ExamplePlugin.build(dist, plugins);
        String yaml = "runtime:\n  plugins: " + plugins + "\n  audit: " + work.resolve("greeter-verb.jsonl")
                + "\n  shutdownTimeout: 2s\nprocesses:\n  hello:\n    kind: greeter\n"
                + "    config: { port: 0, greeting: 'hi there' }\n";
        Verb<GreetRequest> greet = Verb.of("greet", GreetRequest.class);
        Duration timeout = Duration.ofSeconds(10);
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "greeter-verb.yaml"),
                new SockitHome(dist.home()));
        try {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            Result ada = runtime.request(greet, "hello", new GreetRequest("ada"), timeout).await(timeout);
            assertEquals(List.of("hi there, ada"), ada.sentences(), ada.toJson().encode());
            assertEquals("ada", ada.target());

            BadRequestException missing = assertThrows(BadRequestException.class,
                    () -> runtime.request(greet, "hello", new GreetRequest(null), timeout).await(timeout));
            assertEquals("greet: name is missing (expected: who to greet, {\"name\": \"ada\"})", missing.getMessage());

            ReplyException unknownKey = assertThrows(ReplyException.class, () -> runtime.vertx().eventBus()
                    .request(greet.address("hello"), new JsonObject().put("nmae", "ada")).await(timeout));
            assertEquals(Addresses.FAILURE_BAD_REQUEST, unknownKey.failureCode());
            assertTrue(unknownKey.getMessage().contains("nmae"), unknownKey.getMessage());
        } finally {
            runtime.stop();
        }
    }

    @Test
    void plugins_list_shows_the_shipped_tcp_server() throws Exception {
        Dist.Launched run = dist.run("plugins", "list", "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        JsonObject r = new JsonObject(run.stdout().strip());
        // Bundled plugins are listed first, by file name: analyzer, connection-pool, event-handler, generator,
        // tcp-server, udp-server.
        JsonObject tcp = r.getJsonObject("data").getJsonArray("plugins").stream().map(JsonObject.class::cast)
                .filter(p -> "tcp-server".equals(p.getString("id"))).findFirst().orElseThrow();
        assertEquals("tcp-server", tcp.getString("id"));
        assertEquals("STARTED", tcp.getString("state"));
        assertEquals(true, tcp.getBoolean("bundled"));
    }
}
