package dev.sockit.runtime.cli;

import dev.sockit.runtime.Testkit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sockit plugins install|remove}: a jar that {@code plugins list} would refuse is never copied. */
class PluginsCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void installs_a_plugin_that_loads() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Testkit.plugin().build(Files.createDirectories(dir.resolve("build")));
        Run r = run("plugins", "install", jar.toString(), "--plugins", plugins.toString(), "--output", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("testkit-1.0.0.jar"), files(plugins));
    }

    @Test
    void refuses_to_install_a_jar_whose_plugin_requires_is_not_met_and_copies_nothing() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Testkit.plugin().requires(">=9.0.0").build(Files.createDirectories(dir.resolve("build")));
        Run r = run("plugins", "install", jar.toString(), "--plugins", plugins.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("sockit: cannot install " + jar + ": it would be refused: requires API >=9.0.0 "
                + "(Plugin-Requires), this runtime provides API 0.1.0", r.err().lines().reduce((a, b) -> b).orElse(""));
        assertEquals(List.of(), files(plugins));
    }

    @Test
    void refuses_to_install_a_jar_whose_kind_is_taken_and_copies_nothing() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Testkit.plugin().build(plugins);
        Path copycat = Testkit.plugin("a-copycat", "dev.sockit.copycat", "PortConfig", "EchoKind")
                .build(Files.createDirectories(dir.resolve("build")));
        Run r = run("plugins", "install", copycat.toString(), "--plugins", plugins.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("sockit: cannot install " + copycat + ": testkit-1.0.0.jar would then be refused: kind "
                + "'test-echo' is already provided by plugin 'a-copycat', which was loaded first (by file name)",
                r.err().lines().reduce((x, y) -> y).orElse(""));
        assertEquals(List.of("testkit-1.0.0.jar"), files(plugins));

        Path late = Testkit.plugin("z-copycat", "dev.sockit.late", "PortConfig", "EchoKind").build(dir.resolve("build"));
        Run z = run("plugins", "install", late.toString(), "--plugins", plugins.toString());
        assertEquals(2, z.code(), z.err());
        assertEquals("sockit: cannot install " + late + ": it would be refused: kind 'test-echo' is already provided "
                + "by plugin 'testkit', which was loaded first (by file name)",
                z.err().lines().reduce((x, y) -> y).orElse(""));
        assertEquals(List.of("testkit-1.0.0.jar"), files(plugins));
    }

    @Test
    void install_and_remove_never_create_a_missing_plugins_directory() throws IOException {
        Path missing = dir.resolve("no-such-dir");
        Path jar = Testkit.plugin().build(Files.createDirectories(dir.resolve("build")));
        Run install = run("plugins", "install", jar.toString(), "--plugins", missing.toString());
        assertEquals(2, install.code(), install.err());
        assertEquals("sockit: plugins directory not found: " + missing
                + " (create it, or name another with --plugins DIR or -c FILE)", install.err().strip());
        assertFalse(Files.exists(missing));
        Run remove = run("plugins", "remove", "testkit", "--plugins", missing.toString());
        assertEquals(2, remove.code(), remove.err());
        assertTrue(remove.err().contains("plugins directory not found: " + missing), remove.err());
    }
}
