package dev.sockit.runtime;

import dev.sockit.api.SockitApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin loading from real plugin jars in a real directory. */
class PluginHostTest {

    @TempDir
    Path dir;

    @Test
    void loads_a_plugin_jar_and_finds_its_process_kinds() {
        Testkit.plugin().requires(">=0.1.0 & <0.2.0").build(dir);
        try (PluginHost host = PluginHost.load(dir)) {
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
        try (PluginHost host = PluginHost.load(dir)) {
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
        try (PluginHost host = PluginHost.load(dir)) {
            assertEquals(3, host.kinds().size());
            PluginHost.PluginInfo refused = host.plugins().stream().filter(p -> p.path().equals("not-a-plugin.jar"))
                    .findFirst().orElseThrow();
            assertEquals("REFUSED", refused.state());
            assertTrue(refused.reason().startsWith("not a loadable plugin"), refused.reason());
        }
    }

    @Test
    void refuses_a_second_plugin_that_provides_a_kind_already_taken() {
        Testkit.plugin().build(dir);
        Testkit.plugin("copycat", "dev.sockit.copycat", "PortConfig", "EchoKind").build(dir);
        try (PluginHost host = PluginHost.load(dir)) {
            PluginHost.KindEntry echo = host.kinds().get("test-echo");
            PluginHost.PluginInfo loser = host.plugins().stream()
                    .filter(p -> !p.id().equals(echo.pluginId())).findFirst().orElseThrow();
            assertEquals("REFUSED", loser.state());
            assertTrue(loser.reason().contains("kind 'test-echo' is already provided by plugin '"
                    + echo.pluginId() + "'"), loser.reason());
        }
    }
}
