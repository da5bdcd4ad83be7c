package dev.sockit.it;

import dev.sockit.runtime.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile user does to the real distribution (issue 9): bad plugin files, closed standard input, a second
 * signal while draining, two processes on one port, huge durations, long values. In every case nothing prints a
 * stack trace on the console, stdout carries only Results, and the exit code is 0, 1 or 2 as documented.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HostileIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    static Path file(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }

    /** No Java stack trace on the console, and the exit code is one of the documented ones. */
    static void assertCalm(Dist.Launched l, int exitCode) throws IOException {
        String err = l.stderr();
        String out = l.stdout();
        assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), "stack trace on stderr: " + err);
        assertFalse(out.contains("\tat "), "stack trace on stdout: " + out);
        assertTrue(exitCode == 0 || exitCode == 1 || exitCode == 2, "undocumented exit code " + exitCode);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plugins: garbage jars, throwing plugins, a plugin that takes a built-in kind, duplicate plugin ids.
    // ---------------------------------------------------------------------------------------------------------

    /** A second unpacked copy whose plugins/ holds the shipped jars and every hostile plugin file (built once). */
    private static Dist pluginsHostileCopy;

    /** The hostile files in {@link #pluginsHostileCopy}'s plugins/, and the one-line reason each is refused with. */
    private static final Map<String, String> PLUGINS_REFUSED = new LinkedHashMap<>();

    private static synchronized Dist pluginsHostileCopy() throws IOException {
        if (pluginsHostileCopy != null) {
            return pluginsHostileCopy;
        }
        Dist copy = Dist.unpack(Files.createDirectories(work.resolve("plugins-hostile")));
        Path plugins = copy.plugins();
        Path build = Files.createDirectories(work.resolve("plugins-hostile-build"));
        Files.write(plugins.resolve("garbage.jar"), "PK\u0003\u0004 not a zip at all".getBytes(StandardCharsets.UTF_8));
        Files.write(plugins.resolve("empty.jar"), new byte[0]);
        Files.createDirectories(plugins.resolve("folder.jar"));
        PLUGINS_REFUSED.put("garbage.jar", "not a readable jar (zip END header not found)");
        PLUGINS_REFUSED.put("empty.jar", "not a readable jar (zip file is empty)");
        PLUGINS_REFUSED.put("folder.jar", "a directory, not a plugin jar");

        pluginsInstall(copy, pluginsPlugin(copy, "ctor-throws", "tcp-server-too",
                "  public Kind() { throw new IllegalStateException(\"constructor says no\"); }\n", "return null;", null)
                .build(build), "ctor-throws.jar");
        PLUGINS_REFUSED.put("ctor-throws.jar", "its extension dev.sockit.hostile.ctor_throws.Kind cannot be "
                + "created: IllegalStateException: constructor says no");
        pluginsInstall(copy, pluginsPlugin(copy, "class-throws", "class-throws", "", "return null;",
                "  public Boom() { throw new UnsupportedOperationException(\"plugin class says no\"); }\n")
                .build(build), "class-throws.jar");
        PLUGINS_REFUSED.put("class-throws.jar", "its plugin class failed: UnsupportedOperationException: plugin "
                + "class says no");
        // Sorts before every shipped jar by id and by file name, and claims the built-in kind.
        pluginsInstall(copy, pluginsPlugin(copy, "a", "tcp-server", "", "return null;", null).build(build),
                "a-takeover.jar");
        PLUGINS_REFUSED.put("a-takeover.jar", "kind 'tcp-server' is already provided by plugin 'tcp-server', "
                + "which is shipped with sockit");
        // Claims the shipped plugin's id, and its file sorts first.
        pluginsInstall(copy, pluginsPlugin(copy, "tcp-server", "not-tcp", "", "return null;", null).build(build),
                "0-tcp-server.jar");
        PLUGINS_REFUSED.put("0-tcp-server.jar", "plugin id 'tcp-server' is already used by tcp-server-"
                + System.getProperty("sockit.version") + ".jar, which is shipped with sockit");
        // Loads fine; its kinds fail only when a process of theirs is created.
        pluginsInstall(copy, pluginsPlugin(copy, "hostile-create", "sneaky-create", "",
                "Kind.<RuntimeException>sneaky(new java.io.IOException(\"checked, undeclared\")); return null;",
                null).build(build), "hostile-create.jar");
        pluginsInstall(copy, pluginsPlugin(copy, "hostile-overflow", "overflow-create", "",
                "return deep(0) > 0 ? null : null;", null).build(build), "hostile-overflow.jar");
        pluginsHostileCopy = copy;
        return copy;
    }

    private static void pluginsInstall(Dist copy, Path jar, String name) throws IOException {
        Files.move(jar, copy.plugins().resolve(name));
    }

    /**
     * A plugin compiled against the distribution's API jars with one kind {@code kind}: {@code ctor} goes into its
     * extension class, {@code create} is the body of its create, {@code pluginClassBody} (if not null) is the body
     * of a Plugin-Class {@code Boom}.
     */
    private static TestPlugins pluginsPlugin(Dist copy, String id, String kind, String ctor, String create,
                                             String pluginClassBody) throws IOException {
        String pkg = "dev.sockit.hostile." + id.replace('-', '_');
        List<Path> apiOnly;
        try (Stream<Path> jars = Files.list(copy.lib())) {
            apiOnly = jars.filter(j -> j.toString().endsWith(".jar"))
                    .filter(j -> !j.getFileName().toString().startsWith("platform-runtime")).toList();
        }
        TestPlugins p = TestPlugins.plugin(id).requires(">=0.1.0 & <0.2.0").classpath(apiOnly)
                .source(pkg + ".Cfg", "package " + pkg + ";\npublic record Cfg(int port) {}\n")
                .source(pkg + ".Kind", "package " + pkg + ";\n"
                        + "import dev.sockit.api.spi.*;\n"
                        + "@org.pf4j.Extension public final class Kind implements ProcessKind<Cfg> {\n" + ctor
                        + "  public String name() { return \"" + kind + "\"; }\n"
                        + "  public Class<Cfg> configType() { return Cfg.class; }\n"
                        + "  public SockitProcess create(ProcessContext<Cfg> ctx) { " + create + " }\n"
                        + "  static int deep(int n) { return deep(n + 1) + 1; }\n"
                        + "  @SuppressWarnings(\"unchecked\")\n"
                        + "  static <E extends Throwable> void sneaky(Throwable t) throws E { throw (E) t; }\n"
                        + "}\n");
        if (pluginClassBody != null) {
            p.source(pkg + ".Boom", "package " + pkg + ";\n"
                    + "public final class Boom extends org.pf4j.Plugin {\n" + pluginClassBody + "}\n")
                    .pluginClass(pkg + ".Boom");
        }
        return p;
    }

    @Test
    void plugins_list_gives_one_line_per_hostile_plugin_file_and_the_shipped_ones_keep_their_kinds_and_ids()
            throws Exception {
        Dist copy = pluginsHostileCopy();
        Dist.Launched list = copy.run("plugins", "list", "--output", "json");
        assertCalm(list, list.process().exitValue());
        assertEquals(0, list.process().exitValue(), list.stderr());
        JsonObject result = new JsonObject(list.stdout().strip());
        JsonArray plugins = result.getJsonObject("data").getJsonArray("plugins");
        Map<String, JsonObject> byFile = new LinkedHashMap<>();
        plugins.forEach(o -> byFile.put(((JsonObject) o).getString("path"), (JsonObject) o));
        String version = System.getProperty("sockit.version");
        for (String shipped : List.of("analyzer", "tcp-server", "udp-server")) {
            JsonObject p = byFile.get(shipped + "-" + version + ".jar");
            assertEquals("STARTED", p.getString("state"), p.encode());
            assertTrue(p.getBoolean("bundled"), p.encode());
            assertEquals(new JsonArray().add(shipped), p.getJsonArray("kinds"), p.encode());
        }
        PLUGINS_REFUSED.forEach((file, reason) -> {
            JsonObject p = byFile.get(file);
            assertEquals("REFUSED", p.getString("state"), file + ": " + p.encode());
            assertEquals(reason, p.getString("reason"), file);
        });
        String err = list.stderr();
        for (String file : PLUGINS_REFUSED.keySet()) {
            assertEquals(1, err.lines().filter(l -> l.contains("'" + file + "'")).count(), file + " in: " + err);
        }
        assertEquals(PLUGINS_REFUSED.size(), err.lines().count(), "one line per refused plugin, no more: " + err);
    }

    @Test
    void a_run_beside_hostile_plugins_serves_the_echo_and_fails_only_the_processes_whose_create_throws()
            throws Exception {
        Dist copy = pluginsHostileCopy();
        Path cfg = file("plugins-hostile-run.yaml", "runtime:\n  shutdownTimeout: 2s\nprocesses:\n"
                + "  echo:\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: 0, handler: echo }\n"
                + "  sneaky:\n    kind: sneaky-create\n    config: { port: 0 }\n"
                + "  overflow:\n    kind: overflow-create\n    config: { port: 0 }\n");
        Dist.Launched run = copy.launch("run", "-c", cfg.toString(), "--output", "json");
        JsonObject started = run.firstResult(60);
        JsonArray processes = started.getJsonObject("data").getJsonArray("processes");
        assertEquals("RUNNING", processes.getJsonObject(0).getString("state"), processes.encode());
        assertEquals("FAILED", processes.getJsonObject(1).getString("state"));
        assertEquals("could not be created: IOException: checked, undeclared",
                processes.getJsonObject(1).getString("cause"));
        assertEquals("could not be created: StackOverflowError", processes.getJsonObject(2).getString("cause"));
        String address = processes.getJsonObject(0).getString("address");
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        byte[] sent = "still serving\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(sent);
            assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
        }
        int code = run.terminate(30);
        assertCalm(run, code);
        assertEquals(1, code, "a FAILED process makes the exit code 1: " + run.stderr());
        for (String line : run.stdout().strip().split("\n")) {
            new JsonObject(line);
        }
        String log = Files.readString(copy.log());
        assertTrue(log.contains("StackOverflowError") && log.contains("\tat "), "the trace is in sockit.log");
    }

    @Test
    void every_command_beside_hostile_plugins_prints_a_result_and_no_trace() throws Exception {
        Dist copy = pluginsHostileCopy();
        Dist.Launched explain = copy.run("explain", "ECONNREFUSED", "--output", "json");
        assertCalm(explain, explain.process().exitValue());
        assertEquals(0, explain.process().exitValue(), explain.stderr());
        assertEquals("explain", new JsonObject(explain.stdout().strip()).getString("operation"));
        Dist.Launched version = copy.run("version");
        assertCalm(version, version.process().exitValue());
        assertEquals(0, version.process().exitValue(), version.stderr());
    }

    @Test
    void plugins_install_refuses_a_jar_that_takes_a_built_in_kind_and_a_missing_directory() throws Exception {
        Path build = Files.createDirectories(work.resolve("plugins-install-build"));
        Path takeover = pluginsPlugin(dist, "a", "tcp-server", "", "return null;", null).build(build);
        Dist.Launched install = dist.run("plugins", "install", takeover.toString());
        assertCalm(install, install.process().exitValue());
        assertEquals(2, install.process().exitValue(), install.stderr());
        assertEquals("sockit: cannot install " + takeover + ": it would be refused: kind 'tcp-server' is already "
                + "provided by plugin 'tcp-server', which is shipped with sockit",
                install.stderr().lines().reduce((a, b) -> b).orElse(""));
        assertFalse(Files.exists(dist.plugins().resolve(takeover.getFileName())));

        Path missing = work.resolve("plugins-nowhere");
        Dist.Launched nowhere = dist.run("plugins", "install", takeover.toString(), "--plugins", missing.toString());
        assertCalm(nowhere, nowhere.process().exitValue());
        assertEquals(2, nowhere.process().exitValue(), nowhere.stderr());
        assertTrue(nowhere.stderr().contains("plugins directory not found: " + missing), nowhere.stderr());
        assertFalse(Files.exists(missing));
    }



    // ---------------------------------------------------------------------------------------------------------
    // Ports: two processes on one host:port.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Standard input and the command line: closed stdin, terminals, FIFOs, bad numbers, unknown commands.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Signals, logging and the audit log: a second signal while draining, the console log, stdout purity.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // Config: huge durations and sizes, long values, huge files.
    // ---------------------------------------------------------------------------------------------------------


    // ---------------------------------------------------------------------------------------------------------
    // End of the hostile cases.
    // ---------------------------------------------------------------------------------------------------------
}
