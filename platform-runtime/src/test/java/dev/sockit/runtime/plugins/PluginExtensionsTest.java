package dev.sockit.runtime.plugins;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.runtime.TestPlugins;
import dev.sockit.runtime.Testkit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named extensions other than process kinds, codecs first, from real plugin jars. */
class PluginExtensionsTest {

    @TempDir
    Path dir;

    /** A plugin with codec {@code test-star} and a second codec class whose name() returns {@code name}. */
    private static TestPlugins codecPlugin(String id, String name) {
        String pkg = "dev.sockit." + id.replace('-', '_');
        return Testkit.plugin(id, pkg, "StarCodec").source(pkg + ".Renamed", "package " + pkg + ";\n"
                + "@org.pf4j.Extension public final class Renamed implements dev.sockit.api.frame.CodecKind<"
                + "StarCodec.Settings> {\n"
                + "  private final StarCodec star = new StarCodec();\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public Class<StarCodec.Settings> configType() { return StarCodec.Settings.class; }\n"
                + "  public dev.sockit.api.frame.FrameCodec create(StarCodec.Settings s) { return star.create(s); }\n"
                + "}\n");
    }

    @Test
    void finds_a_plugin_codec_by_name_beside_the_built_in_ones_and_creates_it_from_a_spec() {
        Testkit.plugin().build(dir);
        Testkit.plugin("codecs", "dev.sockit.codecs", "StarCodec").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals(List.of("delimiter", "fixed-length", "length-field", "line", "raw", "test-star"),
                    List.copyOf(host.codecs().names()));
            assertEquals(Set.of("test-star"), host.extensions(CodecKind.class).keySet());
            PluginHost.PluginInfo codecs = host.pluginAt(Path.of("codecs-1.0.0.jar"));
            assertEquals("STARTED", codecs.state());
            assertEquals(java.util.Map.of("codec", List.of("test-star")), codecs.extensions());
            assertEquals("{\"codec\":[\"test-star\"]}", codecs.toJson().getJsonObject("extensions").encode());
            List<String> findings = dev.sockit.runtime.ProcessReports.pluginsResult(host).findings().stream()
                    .map(dev.sockit.api.Finding::message).toList();
            assertTrue(findings.contains("plugin codecs 1.0.0 is STARTED, codecs: test-star"), findings.toString());
            assertSame(host.kinds().get("test-echo").kind(), host.extensions(ProcessKind.class).get("test-echo"));

            FrameCodec star = host.codecs().create(new CodecSpec("test-star",
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("maxLength", 4)));
            EmbeddedChannel channel = new EmbeddedChannel(star.newDecoder());
            channel.writeInbound(Unpooled.copiedBuffer("ab*cd*", StandardCharsets.US_ASCII));
            List<String> frames = new java.util.ArrayList<>();
            for (ByteBuf frame; (frame = channel.readInbound()) != null; frame.release()) {
                frames.add(frame.toString(StandardCharsets.US_ASCII));
            }
            assertEquals(List.of("ab", "cd"), frames);
            channel.finishAndReleaseAll();
            EmbeddedChannel out = new EmbeddedChannel(star.newEncoder());
            out.writeOutbound(Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII));
            ByteBuf written = out.readOutbound();
            assertEquals("ab*", written.toString(StandardCharsets.US_ASCII));
            written.release();
            out.finishAndReleaseAll();

            ConfigException bad = assertThrows(ConfigException.class, () -> host.codecs().create(new CodecSpec(
                    "test-star", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("maxLength", 0))));
            assertEquals("maxLength: 0 (expected: 1-1024)", bad.getMessage());
        }
    }

    @Test
    void refuses_a_second_plugin_that_provides_a_codec_already_taken_with_all_its_extensions() {
        Testkit.plugin("a-codecs", "dev.sockit.a", "StarCodec").build(dir);
        Testkit.plugin("b-codecs", "dev.sockit.b", "PortConfig", "EchoKind", "StarCodec").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            PluginHost.PluginInfo loser = host.pluginAt(Path.of("b-codecs-1.0.0.jar"));
            assertEquals("REFUSED", loser.state());
            assertEquals("codec 'test-star' is already provided by plugin 'a-codecs', which was loaded first (by"
                    + " file name)", loser.reason());
            assertTrue(host.kinds().isEmpty(), "the refused plugin's kinds go with it: " + host.kinds());
            assertEquals("STARTED", host.pluginAt(Path.of("a-codecs-1.0.0.jar")).state());
        }
    }

    @Test
    void refuses_a_plugin_codec_that_takes_a_built_in_name() {
        codecPlugin("liner", "line").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals("codec 'line' is built into sockit (expected: another name)",
                    host.pluginAt(Path.of("liner-1.0.0.jar")).reason());
            assertEquals(Set.of(), host.extensions(CodecKind.class).keySet());
        }
    }

    @Test
    void refuses_a_plugin_that_provides_the_same_codec_twice_or_a_codec_name_with_spaces() {
        codecPlugin("twice", "test-star").build(dir);
        codecPlugin("spaced", "my codec").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals("it provides codec 'test-star' twice", host.pluginAt(Path.of("twice-1.0.0.jar")).reason());
            assertEquals("its extension dev.sockit.spaced.Renamed names its codec 'my codec' (expected: a name"
                    + " without spaces or control characters)", host.pluginAt(Path.of("spaced-1.0.0.jar")).reason());
        }
    }

    @Test
    void refuses_a_plugin_codec_without_a_config_type_or_whose_config_type_throws() {
        String pkg = "dev.sockit.typeless";
        TestPlugins.plugin("typeless").source(pkg + ".Typeless", "package " + pkg + ";\n"
                + "@org.pf4j.Extension\n"
                + "public final class Typeless implements dev.sockit.api.frame.CodecKind<Object> {\n"
                + "  public String name() { return \"typeless\"; }\n"
                + "  public Class<Object> configType() { return null; }\n"
                + "  public dev.sockit.api.frame.FrameCodec create(Object s) { return null; }\n"
                + "}\n").build(dir);
        String pkg2 = "dev.sockit.throwing";
        TestPlugins.plugin("throwing").source(pkg2 + ".Throwing", "package " + pkg2 + ";\n"
                + "@org.pf4j.Extension\n"
                + "public final class Throwing implements dev.sockit.api.frame.CodecKind<Object> {\n"
                + "  public String name() { return \"throwing\"; }\n"
                + "  public Class<Object> configType() { throw new IllegalStateException(\"no type today\"); }\n"
                + "  public dev.sockit.api.frame.FrameCodec create(Object s) { return null; }\n"
                + "}\n").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals("its codec 'typeless' has no config type (configType() returned null)",
                    host.pluginAt(Path.of("typeless-1.0.0.jar")).reason());
            assertEquals("its extension dev.sockit.throwing.Throwing cannot be created: IllegalStateException: no"
                    + " type today", host.pluginAt(Path.of("throwing-1.0.0.jar")).reason());
        }
    }

    @Test
    void a_codec_and_a_process_kind_may_share_a_name() {
        Testkit.plugin().build(dir);
        codecPlugin("echo-codec", "test-echo").build(dir);
        try (PluginHost host = PluginHost.load(dir, Set.of(), List.of())) {
            assertEquals("STARTED", host.pluginAt(Path.of("echo-codec-1.0.0.jar")).state());
            assertTrue(host.codecs().names().containsAll(Set.of("test-echo", "test-star")));
            assertTrue(host.kinds().containsKey("test-echo"));
        }
    }

    @Test
    void the_plugin_guide_shows_the_codec_these_tests_build() throws java.io.IOException {
        String source = new String(java.util.Objects.requireNonNull(
                Testkit.class.getResourceAsStream("/testkit/StarCodec.java")).readAllBytes(), StandardCharsets.UTF_8);
        String guide = java.nio.file.Files.readString(Path.of("..", "docs", "plugin-guide.md"));
        String code = source.substring(source.indexOf("@Extension"));
        assertTrue(guide.contains("```java\n" + code + "```"),
                "docs/plugin-guide.md section 4 should show testkit/StarCodec.java from @Extension on");
    }

    @Test
    void names_extension_interfaces_in_messages_and_finds_them_above_a_class() {
        assertEquals("codec", ExtensionCatalog.noun(CodecKind.class));
        assertEquals("process", ExtensionCatalog.noun(ProcessKind.class));
        assertEquals(List.of(CodecKind.class), ExtensionCatalog.extensionPoints(SubCodec.class));
    }

    /** A codec kind through a sub-interface and an abstract class. */
    private interface SpecialCodecKind extends CodecKind<Object> {
    }

    private abstract static class SubCodec implements SpecialCodecKind {
    }
}
