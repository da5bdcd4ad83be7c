package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Result;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitConfig;
import dev.sockit.runtime.config.SockitHome;
import dev.sockit.runtime.plugins.PluginHost;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, item 2: one plugin cannot take the runtime down. A real plugin jar whose kinds throw checked exceptions
 * undeclared, overflow their stacks and throw Errors from every place plugin code runs, beside the testkit's echo:
 * each bad process is FAILED with its real cause on one line, the echo is RUNNING and serves.
 */
class PluginIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PKG = "dev.sockit.hostile";

    @TempDir
    Path home;

    private SockitRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    /** A kind of the hostile plugin: its class name, kind name, and the body of its {@code create}. */
    private static String kind(String className, String name, String create) {
        return "package " + PKG + ";\n"
                + "import dev.sockit.api.spi.*;\n"
                + "import io.vertx.core.*;\n"
                + "import io.vertx.core.json.JsonObject;\n"
                + "@org.pf4j.Extension public final class " + className + " implements ProcessKind<PortConfig> {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public Class<PortConfig> configType() { return PortConfig.class; }\n"
                + "  public SockitProcess create(ProcessContext<PortConfig> ctx) {\n" + create + "\n  }\n"
                + "}\n";
    }

    private static TestPlugins hostilePlugin() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("SneakyCreate", kind("SneakyCreate", "sneaky-create",
                "    Hostile.<RuntimeException>sneaky(new java.io.IOException(\"checked, undeclared\")); return null;"));
        kinds.put("OverflowCreate", kind("OverflowCreate", "overflow-create",
                "    Hostile.deep(0); return null;"));
        kinds.put("InstanceError", kind("InstanceError", "instance-error",
                "    return () -> { throw new AssertionError(\"no instance for you\"); };"));
        kinds.put("StartOverflow", kind("StartOverflow", "start-overflow",
                "    return () -> new VerticleBase() {\n"
                        + "      public Future<?> start() { Hostile.deep(0); return Future.succeededFuture(); }\n"
                        + "    };"));
        kinds.put("StartSneaky", kind("StartSneaky", "start-sneaky",
                "    return () -> new VerticleBase() {\n"
                        + "      public Future<?> start() { Hostile.<RuntimeException>sneaky("
                        + "new java.io.IOException(\"start, undeclared\")); return null; }\n"
                        + "    };"));
        kinds.put("StatusError", kind("StatusError", "status-error",
                "    return new SockitProcess() {\n"
                        + "      public Deployable newInstance() { return new VerticleBase() {\n"
                        + "        public Future<?> start() {\n"
                        + "          vertx.eventBus().consumer(\"hostile.poke\", m -> { throw new "
                        + "AssertionError(\"handler blew up\"); });\n"
                        + "          vertx.setTimer(1, t -> { throw new IllegalStateException(\"timer blew up\"); });\n"
                        + "          return Future.succeededFuture();\n"
                        + "        }\n"
                        + "        public Future<?> stop() { throw new AssertionError(\"stop says no\"); }\n"
                        + "      }; }\n"
                        + "      public String address() { throw new AssertionError(\"no address\"); }\n"
                        + "      public JsonObject status() { Hostile.deep(0); return null; }\n"
                        + "    };"));
        kinds.put("NeverStarts", kind("NeverStarts", "never-starts",
                "    return () -> new VerticleBase() {\n"
                        + "      public Future<?> start() { return Promise.promise().future(); }\n"
                        + "    };"));
        kinds.put("DeepConfig", "package " + PKG + ";\n"
                + "public record DeepConfig(int port) { public DeepConfig { Hostile.deep(0); } }\n");
        kinds.put("ConfigOverflow", kind("ConfigOverflow", "config-overflow", "    return null;")
                .replace("PortConfig", "DeepConfig"));
        TestPlugins p = Testkit.plugin("hostile", PKG, "PortConfig");
        kinds.forEach((cls, src) -> p.source(PKG + "." + cls, src));
        return p.source(PKG + ".Hostile", "package " + PKG + ";\n"
                + "final class Hostile {\n"
                + "  static int deep(int n) { return deep(n + 1) + 1; }\n"
                + "  @SuppressWarnings(\"unchecked\")\n"
                + "  static <E extends Throwable> void sneaky(Throwable t) throws E { throw (E) t; }\n"
                + "}\n");
    }

    private SockitRuntime start(String processes) throws IOException {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Testkit.plugin().build(plugins);
        hostilePlugin().build(plugins);
        String yaml = "runtime:\n  shutdownTimeout: 2s\nprocesses:\n"
                + "  echo:\n    kind: test-echo\n    config: { port: 0 }\n" + processes;
        runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "test.yaml"), new SockitHome(home));
        return runtime;
    }

    private JsonObject process(String id) {
        JsonArray all = runtime.supervisor().processesResult("list").data().getJsonArray("processes");
        for (int i = 0; i < all.size(); i++) {
            if (all.getJsonObject(i).getString("id").equals(id)) {
                return all.getJsonObject(i);
            }
        }
        throw new AssertionError("no process " + id + " in " + all.encode());
    }

    private void assertFailed(String id, String cause) {
        JsonObject p = process(id);
        assertEquals("FAILED", p.getString("state"), p.encode());
        assertEquals(cause, p.getString("cause"));
    }

    private void assertEchoServes() throws IOException {
        JsonObject echo = process("echo");
        assertEquals("RUNNING", echo.getString("state"), echo.encode());
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
    void a_create_that_throws_a_checked_exception_or_overflows_fails_only_its_process() throws Exception {
        start("  sneaky:\n    kind: sneaky-create\n    config: { port: 0 }\n"
                + "  overflow:\n    kind: overflow-create\n    config: { port: 0 }\n");
        assertFailed("sneaky", "could not be created: IOException: checked, undeclared");
        assertFailed("overflow", "could not be created: StackOverflowError");
        assertEchoServes();
    }

    @Test
    void a_new_instance_or_start_that_throws_an_error_or_a_checked_exception_fails_only_its_process()
            throws Exception {
        start("  instance:\n    kind: instance-error\n    config: { port: 0 }\n"
                + "  overflow:\n    kind: start-overflow\n    config: { port: 0 }\n"
                + "  sneaky:\n    kind: start-sneaky\n    config: { port: 0 }\n");
        assertFailed("instance", "failed to start: AssertionError: no instance for you");
        assertFailed("overflow", "failed to start: StackOverflowError");
        assertFailed("sneaky", "failed to start: IOException: start, undeclared");
        assertEchoServes();
    }

    @Test
    void a_config_type_whose_constructor_overflows_is_a_config_error_naming_it() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start("  deep:\n    kind: config-overflow\n    config: { port: 0 }\n"));
        assertEquals("processes.deep.config: StackOverflowError  [test.yaml line 9]", e.getMessage());
    }

    @Test
    void a_start_that_never_completes_is_failed_after_the_start_timeout() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        hostilePlugin().build(plugins);
        SockitConfig config = ConfigLoader.parse("processes:\n  stuck:\n    kind: never-starts\n"
                + "    config: { port: 0 }\n", "test.yaml");
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (PluginHost host = PluginHost.load(plugins, java.util.Set.of(), List.of());
             JsonLinesAuditLog audit = new JsonLinesAuditLog(home.resolve("audit.jsonl"))) {
            Supervisor supervisor = new Supervisor(vertx, host, audit, config.runtime(), ProcPortChecker.live(),
                    dev.sockit.api.Transport.NIO, Duration.ofMillis(300));
            supervisor.prepare(config);
            supervisor.startAll().await(WAIT);
            JsonObject stuck = supervisor.processesResult("list").data().getJsonArray("processes").getJsonObject(0);
            assertEquals("FAILED", stuck.getString("state"), stuck.encode());
            assertEquals("did not start within 300ms", stuck.getString("cause"));
        } finally {
            vertx.close().await(WAIT);
        }
    }

    @Test
    void status_address_a_handler_and_stop_that_throw_leave_the_runtime_and_the_process_running() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger log = (Logger) LogManager.getLogger(Supervisor.class);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " [with a stack trace]"));
            }
        };
        capture.start();
        log.addAppender(capture);
        try {
            start("  odd:\n    kind: status-error\n    config: { port: 0 }\n");
            assertEquals("RUNNING", process("odd").getString("state"));
            assertEquals("", process("odd").getString("address"));

            JsonObject status = (JsonObject) runtime.vertx().eventBus()
                    .request(Addresses.request("odd", Addresses.VERB_STATUS), new JsonObject()).await(WAIT).body();
            assertEquals("StackOverflowError", Result.fromJson(status).data().getJsonObject("status")
                    .getString("error"));

            Exception noReply = assertThrows(Exception.class, () -> runtime.vertx().eventBus()
                    .request("hostile.poke", "hi", new DeliveryOptions().setSendTimeout(1000)).await(WAIT));
            assertTrue(String.valueOf(noReply.getMessage()).contains("Timed out"), String.valueOf(noReply));
            String handler = "Process 'odd' (plugin 'hostile'): uncaught AssertionError: handler blew up; it keeps running";
            String timer = "Process 'odd' (plugin 'hostile'): uncaught IllegalStateException: timer blew up; it keeps "
                    + "running";
            for (int i = 0; i < 100 && !lines.contains(timer); i++) {
                Thread.sleep(50);
            }
            assertTrue(lines.contains(handler) && lines.contains(timer), lines.toString());
            assertEquals("RUNNING", process("odd").getString("state"));
            assertEchoServes();

            Result stopped = runtime.stop();
            runtime = null;
            JsonArray processes = stopped.data().getJsonArray("processes");
            assertEquals("STOPPED", processes.getJsonObject(0).getString("state"), processes.encode());
            assertEquals("FAILED", processes.getJsonObject(1).getString("state"), processes.encode());
            assertEquals("did not stop cleanly: AssertionError: stop says no",
                    processes.getJsonObject(1).getString("cause"));
            assertFalse(lines.stream().anyMatch(l -> l.endsWith("[with a stack trace]")), lines.toString());
        } finally {
            log.removeAppender(capture);
        }
    }
}
