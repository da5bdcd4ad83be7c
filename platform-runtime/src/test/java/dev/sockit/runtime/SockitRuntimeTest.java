package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import dev.sockit.runtime.config.TransportChoice;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The runtime in this JVM, with real plugin jars in a real plugins directory and real sockets on loopback. */
class SockitRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private SockitRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    private SockitRuntime start(String processes) throws IOException {
        Files.createDirectories(home.resolve("plugins"));
        Testkit.plugin().build(home.resolve("plugins"));
        String yaml = "runtime:\n  shutdownTimeout: 2s\nprocesses:\n" + processes;
        runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "test.yaml"), new SockitHome(home));
        return runtime;
    }

    private JsonObject request(String address, JsonObject body) throws Exception {
        return (JsonObject) runtime.vertx().eventBus().request(address, body).await(WAIT).body();
    }

    @Test
    void a_process_that_throws_in_start_is_failed_with_its_cause_and_the_echo_keeps_serving() throws Exception {
        start("  echo:\n    kind: test-echo\n    config: { port: 0 }\n"
                + "  bad:\n    kind: boom\n    config: { port: 0 }\n");

        Result list = Result.fromJson(request(Addresses.RUNTIME_PROCESSES, new JsonObject().put("action", "list")));
        assertEquals(Status.ERROR, list.status());
        JsonArray processes = list.data().getJsonArray("processes");
        JsonObject echo = processes.getJsonObject(0);
        JsonObject bad = processes.getJsonObject(1);
        assertEquals("RUNNING", echo.getString("state"));
        assertEquals("FAILED", bad.getString("state"));
        assertTrue(bad.getString("cause").contains("boom in start"), bad.encode());

        int port = Integer.parseInt(echo.getString("address").replaceAll(".*:", ""));
        byte[] sent = "still serving\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(sent);
            assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
        }
    }

    @Test
    void the_status_verb_answers_with_state_and_the_process_statistics() throws Exception {
        start("  echo:\n    kind: test-echo\n    instances: 2\n    config: { port: 0 }\n");

        Result status = Result.fromJson(request(Addresses.request("echo", Addresses.VERB_STATUS), new JsonObject()));
        assertEquals(Status.SUCCESS, status.status());
        assertEquals("RUNNING", status.data().getString("state"));
        assertEquals(2, status.data().getInteger("instances"));
        assertTrue(status.data().getJsonObject("status").getInteger("port") > 0);
    }

    @Test
    void the_processes_service_names_an_unknown_process_and_action() throws Exception {
        start("  echo:\n    kind: test-echo\n    config: { port: 0 }\n");

        ReplyException noSuch = assertThrows(ReplyException.class, () -> request(Addresses.RUNTIME_PROCESSES,
                new JsonObject().put("action", "status").put("id", "nope")));
        assertEquals(Addresses.FAILURE_NOT_FOUND, noSuch.failureCode());
        assertTrue(noSuch.getMessage().contains("no process 'nope' (processes: echo)"), noSuch.getMessage());
        ReplyException badAction = assertThrows(ReplyException.class, () -> request(Addresses.RUNTIME_PROCESSES,
                new JsonObject().put("action", "explode")));
        assertEquals(Addresses.FAILURE_BAD_REQUEST, badAction.failureCode());
    }

    @Test
    void the_plugins_service_lists_the_plugin_and_its_kinds() throws Exception {
        start("  echo:\n    kind: test-echo\n    config: { port: 0 }\n");

        Result plugins = Result.fromJson(request(Addresses.RUNTIME_PLUGINS, new JsonObject()));
        JsonObject testkit = plugins.data().getJsonArray("plugins").getJsonObject(0);
        assertEquals("testkit", testkit.getString("id"));
        assertEquals("STARTED", testkit.getString("state"));
        assertEquals(new JsonArray(Arrays.asList("boom", "raw-probe", "test-echo")),
                new JsonArray(testkit.getJsonArray("kinds").stream().sorted().toList()));
    }

    @Test
    void a_kind_that_uses_raw_sockets_is_refused_unless_the_policy_allows_them() throws Exception {
        start("  raw:\n    kind: raw-probe\n    config: { port: 0 }\n"
                + "  echo:\n    kind: test-echo\n    config: { port: 0 }\n");

        JsonObject raw = request(Addresses.RUNTIME_PROCESSES, new JsonObject().put("action", "status")
                .put("id", "raw"));
        Result r = Result.fromJson(raw);
        assertEquals("FAILED", r.data().getString("state"));
        assertTrue(r.data().getString("cause").contains("policy forbids"), r.data().encode());
        assertTrue(r.recommendations().get(0).contains("allowRawSockets: true"), r.recommendations().toString());
        runtime.stop();

        runtime = SockitRuntime.start(ConfigLoader.parse("runtime:\n  policy: { allowRawSockets: true }\n"
                + "processes:\n  raw:\n    kind: raw-probe\n    config: { port: 0 }\n", "allowed.yaml"),
                new SockitHome(home));
        assertEquals("RUNNING", runtime.supervisor().processes().iterator().next().state().name());
    }

    @Test
    void an_unknown_kind_is_a_config_error_naming_the_available_kinds() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start("  x:\n    kind: udp-server\n    config: { port: 0 }\n"));
        assertEquals("processes.x.kind", e.path());
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("unknown kind 'udp-server' (available: boom, raw-probe, test-echo)"),
                e.getMessage());
    }

    /**
     * Every choice runs here: {@code nio} everywhere, {@code epoll} and {@code io_uring} where the kernel lets them
     * load (a skip names the cause, and CI fails on a skip that is not allowlisted), and {@code auto} is checked
     * against the choice the documentation promises, worked out here from what loads.
     */
    @ParameterizedTest
    @EnumSource(TransportChoice.class)
    void runs_on_the_transport_the_config_names_and_tells_processes_which(TransportChoice t) throws Exception {
        if (t == TransportChoice.EPOLL || t == TransportChoice.IO_URING) {
            Transport named = t == TransportChoice.EPOLL ? Transport.EPOLL : Transport.IO_URING;
            assumeTrue(loads(named), () -> t.json() + " cannot load here: "
                    + (named == null ? "not on the class path" : named.unavailabilityCause()));
        }
        String expected = t == TransportChoice.AUTO ? autoChoiceHere() : t.json();
        Files.createDirectories(home.resolve("plugins"));
        Testkit.plugin().build(home.resolve("plugins"));
        runtime = SockitRuntime.start(ConfigLoader.parse("runtime:\n  transport: " + t.json()
                + "\nprocesses:\n  echo:\n    kind: test-echo\n    config: { port: 0 }\n", "t.yaml"),
                new SockitHome(home));
        assertEquals(expected, runtime.startResult().data().getString("transport"));
        assertEquals(!expected.equals("nio"), runtime.vertx().isNativeTransportEnabled());
        Result status = Result.fromJson(request(Addresses.request("echo", Addresses.VERB_STATUS),
                new JsonObject()));
        assertEquals(expected, status.data().getJsonObject("status").getString("transport"));
    }

    /** {@code auto}: on Linux epoll when it loads, else io_uring when it loads; NIO otherwise. */
    private static String autoChoiceHere() {
        if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return loads(Transport.KQUEUE) ? "kqueue" : "nio";
        }
        return loads(Transport.EPOLL) ? "epoll" : loads(Transport.IO_URING) ? "io_uring" : "nio";
    }

    /** Vert.x leaves a transport null when its classes are not on the class path. */
    private static boolean loads(Transport t) {
        return t != null && t.available();
    }
}
