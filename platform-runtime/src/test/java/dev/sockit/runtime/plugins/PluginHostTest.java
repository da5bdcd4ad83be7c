package dev.sockit.runtime.plugins;

import dev.sockit.api.SockitApi;
import dev.sockit.runtime.TestPlugins;
import dev.sockit.runtime.Testkit;
import dev.sockit.runtime.config.SockitHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin loading from real plugin jars in a real directory. */
class PluginHostTest {

    @TempDir
    Path dir;

    @Test
    void loads_a_plugin_jar_and_finds_its_process_kinds() {
        Testkit.plugin().requires(">=0.1.0 & <0.2.0").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals(List.of("boom", "raw-probe", "test-echo"), List.copyOf(host.kinds().keySet()));
            PluginHost.PluginInfo info = host.plugins().get(0);
            assertEquals("testkit", info.id());
            assertEquals("STARTED", info.state());
            assertEquals("", info.reason());
        }
    }

    @Test
    void refuses_a_plugin_whose_plugin_requires_does_not_match_the_api_version() {
        Testkit.plugin().requires(">=9.0.0").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertTrue(host.kinds().isEmpty(), host.kinds().toString());
            PluginHost.PluginInfo info = host.plugins().get(0);
            assertEquals("REFUSED", info.state());
            assertEquals("requires API >=9.0.0 (Plugin-Requires), this runtime provides API " + SockitApi.VERSION,
                    info.reason());
        }
    }

    @Test
    void refuses_a_jar_that_is_not_a_plugin_and_keeps_loading_the_others() throws IOException {
        Testkit.plugin().build(dir);
        try (OutputStream os = Files.newOutputStream(dir.resolve("not-a-plugin.jar"));
             JarOutputStream jar = new JarOutputStream(os, new Manifest())) {
            jar.finish();
        }
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals(3, host.kinds().size());
            PluginHost.PluginInfo refused = host.plugins().stream().filter(p -> p.path().equals("not-a-plugin.jar"))
                    .findFirst().orElseThrow();
            assertEquals("REFUSED", refused.state());
            assertEquals("not a plugin: its manifest has no Plugin-Id", refused.reason());
        }
    }

    @Test
    void refuses_a_second_plugin_that_provides_a_kind_already_taken() {
        Testkit.plugin().build(dir);
        Testkit.plugin("copycat", "dev.sockit.copycat", "PortConfig", "EchoKind").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            PluginHost.KindEntry echo = host.kinds().get("test-echo");
            PluginHost.PluginInfo loser = host.plugins().stream()
                    .filter(p -> !p.id().equals(echo.pluginId())).findFirst().orElseThrow();
            assertEquals("REFUSED", loser.state());
            assertTrue(loser.reason().contains("kind 'test-echo' is already provided by plugin '"
                    + echo.pluginId() + "'"), loser.reason());
        }
    }

    // --- issue 9: hostile plugin files are refused alone, on one line, with the real cause ---

    /** The plugin whose files these tests build: one kind whose extension constructor or Plugin-Class misbehaves. */
    private static TestPlugins hostile(String id, String kindBody, String pluginClass) {
        String pkg = "dev.sockit." + id.replace('-', '_');
        TestPlugins p = Testkit.plugin(id, pkg, "PortConfig")
                .source(pkg + ".HostileKind", "package " + pkg + ";\n"
                        + "import dev.sockit.api.spi.*;\n"
                        + "@org.pf4j.Extension public final class HostileKind implements ProcessKind<PortConfig> {\n"
                        + kindBody
                        + "  public String name() { return \"" + id + "\"; }\n"
                        + "  public Class<PortConfig> configType() { return PortConfig.class; }\n"
                        + "  public SockitProcess create(ProcessContext<PortConfig> ctx) { return null; }\n"
                        + "}\n");
        if (pluginClass != null) {
            p.source(pkg + ".HostilePlugin", "package " + pkg + ";\n"
                    + "public final class HostilePlugin extends org.pf4j.Plugin {\n" + pluginClass + "}\n")
                    .pluginClass(pkg + ".HostilePlugin");
        }
        return p;
    }

    private static PluginHost.PluginInfo info(PluginHost host, String file) {
        return host.plugins().stream().filter(p -> p.path().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " not listed: " + host.plugins()));
    }

    private static void assertRefused(PluginHost.PluginInfo info, String expectedReason) {
        assertEquals("REFUSED", info.state(), info.toString());
        assertEquals(expectedReason, info.reason());
        assertEquals(1, info.reason().lines().count(), info.reason());
        assertTrue(info.kinds().isEmpty(), info.toString());
    }

    @Test
    void refuses_a_garbage_jar_an_empty_jar_a_jar_without_manifest_and_a_directory_each_on_one_line()
            throws IOException {
        Testkit.plugin().build(dir);
        Files.write(dir.resolve("garbage.jar"), new byte[] {'P', 'K', 3, 4, 'n', 'o', 'p', 'e'});
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("empty.jar")),
                new Manifest())) {
            jar.finish();
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("bare.jar")))) {
            jar.finish();
        }
        Files.createDirectories(dir.resolve("folder.jar"));
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals(List.of("boom", "raw-probe", "test-echo"), List.copyOf(host.kinds().keySet()));
            PluginHost.PluginInfo garbage = info(host, "garbage.jar");
            assertEquals("REFUSED", garbage.state());
            assertTrue(garbage.reason().startsWith("not a readable jar ("), garbage.reason());
            assertEquals(1, garbage.reason().lines().count(), garbage.reason());
            assertRefused(info(host, "empty.jar"), "not a plugin: its manifest has no Plugin-Id");
            assertRefused(info(host, "bare.jar"), "not a plugin: the jar has no META-INF/MANIFEST.MF");
            assertRefused(info(host, "folder.jar"), "a directory, not a plugin jar");
            assertEquals("STARTED", info(host, "testkit-1.0.0.jar").state());
        }
    }

    @Test
    void an_extension_whose_constructor_throws_refuses_its_plugin_with_the_real_cause() {
        Testkit.plugin().build(dir);
        hostile("ctor-throws", "  public HostileKind() { throw new IllegalStateException(\"no kind today\"); }\n",
                null).build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertRefused(info(host, "ctor-throws-1.0.0.jar"), "its extension dev.sockit.ctor_throws.HostileKind "
                    + "cannot be created: IllegalStateException: no kind today");
            assertEquals(3, host.kinds().size(), host.kinds().toString());
        }
    }

    @Test
    void an_extension_whose_constructor_overflows_its_stack_refuses_only_its_plugin() {
        Testkit.plugin().build(dir);
        hostile("ctor-overflow", "  public HostileKind() { deep(0); }\n"
                + "  static int deep(int n) { return deep(n + 1) + 1; }\n", null).build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertRefused(info(host, "ctor-overflow-1.0.0.jar"), "its extension dev.sockit.ctor_overflow.HostileKind "
                    + "cannot be created: StackOverflowError");
            assertEquals("STARTED", info(host, "testkit-1.0.0.jar").state());
        }
    }

    @Test
    void a_plugin_class_that_throws_is_refused_with_its_real_cause_not_a_null_pointer() {
        Testkit.plugin().build(dir);
        hostile("class-throws", "", "  public HostilePlugin() { throw new IllegalArgumentException(\"bad plugin\"); }\n")
                .build(dir);
        hostile("class-sneaky", "", "  public HostilePlugin() { HostilePlugin.<RuntimeException>sneaky("
                + "new java.io.IOException(\"checked, undeclared\")); }\n"
                + "  @SuppressWarnings(\"unchecked\") static <E extends Throwable> void sneaky(Throwable t) throws E "
                + "{ throw (E) t; }\n").build(dir);
        hostile("start-throws", "", "  public void start() { throw new NoClassDefFoundError(\"gone/Missing\"); }\n")
                .build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertRefused(info(host, "class-throws-1.0.0.jar"),
                    "its plugin class failed: IllegalArgumentException: bad plugin");
            assertRefused(info(host, "class-sneaky-1.0.0.jar"),
                    "its plugin class failed: IOException: checked, undeclared");
            assertRefused(info(host, "start-throws-1.0.0.jar"),
                    "its plugin class failed: NoClassDefFoundError: gone/Missing");
            assertEquals(List.of("boom", "raw-probe", "test-echo"), List.copyOf(host.kinds().keySet()));
        }
    }

    @Test
    void a_bundled_kind_wins_over_a_newcomer_whose_id_and_file_sort_first() throws IOException {
        Path testkit = Testkit.plugin().build(dir);
        Testkit.plugin("a", "dev.sockit.a", "PortConfig", "EchoKind").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(PluginHost.sha256(testkit)), List.of())) {
            assertEquals("testkit", host.kinds().get("test-echo").pluginId());
            assertRefused(info(host, "a-1.0.0.jar"),
                    "kind 'test-echo' is already provided by plugin 'testkit', which is shipped with sockit");
            PluginHost.PluginInfo bundled = host.plugins().get(0);
            assertEquals("testkit", bundled.id());
            assertTrue(bundled.bundled());
            assertEquals("STARTED", bundled.state());
        }
    }

    @Test
    void a_jar_that_only_borrows_a_bundled_file_name_is_not_bundled() throws IOException {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Path shipped = Testkit.plugin().build(dist);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(shipped, plugins.resolve("zz-testkit.jar"));
        Path forged = Testkit.plugin("a", "dev.sockit.a", "PortConfig", "EchoKind").build(dist);
        Files.copy(forged, plugins.resolve(shipped.getFileName()));
        try (PluginHost host = PluginHost.load(plugins, Set.of(PluginHost.sha256(shipped)), List.of())) {
            assertEquals("testkit", host.kinds().get("test-echo").pluginId());
            assertTrue(info(host, "zz-testkit.jar").bundled());
            PluginHost.PluginInfo impostor = info(host, shipped.getFileName().toString());
            assertFalse(impostor.bundled());
            assertRefused(impostor,
                    "kind 'test-echo' is already provided by plugin 'testkit', which is shipped with sockit");
        }
    }

    @Test
    void a_duplicate_plugin_id_is_refused_on_one_line_bundled_first_then_by_file_name() throws IOException {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Path shipped = Testkit.plugin().build(dist);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(shipped, plugins.resolve("z-shipped.jar"));
        Path other = Testkit.plugin("testkit", "dev.sockit.other", "PortConfig", "EchoKind").version("2.0.0")
                .build(dist);
        Files.copy(other, plugins.resolve("b-other.jar"));
        Files.copy(other, plugins.resolve("a-other.jar"));
        try (PluginHost host = PluginHost.load(plugins, Set.of(PluginHost.sha256(shipped)), List.of())) {
            assertEquals(List.of("z-shipped.jar", "a-other.jar", "b-other.jar"),
                    host.plugins().stream().map(PluginHost.PluginInfo::path).toList());
            assertEquals("STARTED", info(host, "z-shipped.jar").state());
            assertRefused(info(host, "a-other.jar"),
                    "plugin id 'testkit' is already used by z-shipped.jar, which is shipped with sockit");
            assertEquals("2.0.0", info(host, "a-other.jar").version());
        }
        try (PluginHost host = PluginHost.load(plugins, Set.of(), List.of())) {
            assertEquals("STARTED", info(host, "a-other.jar").state());
            assertRefused(info(host, "b-other.jar"),
                    "plugin id 'testkit' is already used by a-other.jar, which was loaded first (by file name)");
            assertRefused(info(host, "z-shipped.jar"),
                    "plugin id 'testkit' is already used by a-other.jar, which was loaded first (by file name)");
        }
    }

    @Test
    void a_plugin_requires_that_is_no_version_range_is_refused_on_one_line() {
        Testkit.plugin().build(dir);
        Testkit.plugin("odd", "dev.sockit.odd", "PortConfig").requires("soon, maybe").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            PluginHost.PluginInfo odd = info(host, "odd-1.0.0.jar");
            assertEquals("REFUSED", odd.state());
            assertEquals("its Plugin-Requires 'soon, maybe' is not a version range (expected, for example: "
                    + ">=0.1.0 & <0.2.0)", odd.reason());
        }
    }

    @Test
    void reads_the_bundled_list_in_sha256sum_format() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        String digest = "ab".repeat(32);
        Files.writeString(lib.resolve("bundled-plugins.sha256"), digest + "  tcp-server-0.1.0.jar\n"
                + "not a digest  x.jar\n" + "CD".repeat(32) + " *udp-server-0.1.0.jar\n");
        assertEquals(Set.of(digest, "cd".repeat(32)), PluginHost.bundledDigests(new SockitHome(dir)));
        assertEquals(Set.of(), PluginHost.bundledDigests(new SockitHome(dir.resolve("nowhere"))));
    }
}
