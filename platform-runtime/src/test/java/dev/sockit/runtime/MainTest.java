package dev.sockit.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's exit codes and messages. */
class MainTest {

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

    @Test
    void no_command_is_a_usage_error() {
        Run r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a command is required"), r.err());
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        assertEquals(2, run("run", "--nope").code());
    }

    @Test
    void help_is_available_on_every_command() {
        for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"plugins", "--help"},
            {"plugins", "list", "--help"}, {"version", "--help"}}) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().contains("Usage: sockit"), r.out());
        }
    }

    @Test
    void version_prints_sockit_the_api_java_and_vertx() {
        Run r = run("version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("sockit " + Versions.SOCKIT + " (plugin API "), r.out());
        assertTrue(r.out().contains("Vert.x "), r.out());
    }

    @Test
    void a_missing_config_file_exits_2_naming_the_file() {
        Path missing = dir.resolve("missing.yaml");
        Run r = run("run", "-c", missing.toString());
        assertEquals(2, r.code());
        assertEquals("sockit: config file not found: " + missing.toAbsolutePath(), r.err().strip());
    }

    @Test
    void a_bad_config_exits_2_with_one_line_naming_path_and_line() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "processes:\n  echo:\n    kind: tcp-server\n    instances: 0\n");
        Run r = run("run", "-c", bad.toString());
        assertEquals(2, r.code());
        assertEquals("sockit: processes.echo.instances: 0 (expected: 1-1024)  [bad.yaml line 4]", r.err().strip());
    }

    @Test
    void plugins_list_reports_each_plugin_as_json_when_piped() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Testkit.plugin().build(plugins);
        Run r = run("plugins", "list", "--plugins", plugins.toString(), "--output", "json");
        assertEquals(0, r.code(), r.err());
        io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(r.out().strip());
        assertEquals("plugins", json.getString("operation"));
        assertEquals("testkit", json.getJsonObject("data").getJsonArray("plugins").getJsonObject(0).getString("id"));
    }

    @Test
    void plugins_list_of_a_missing_directory_exits_2() {
        Run r = run("plugins", "list", "--plugins", dir.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("plugins directory not found"), r.err());
    }
}
