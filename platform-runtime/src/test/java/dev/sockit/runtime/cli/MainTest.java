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
        Run r = run("version", "--output", "text");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("version sockit: success"), r.out());
        assertTrue(r.out().contains("  * sockit " + Versions.SOCKIT + " (plugin API "), r.out());
        assertTrue(r.out().contains("Vert.x "), r.out());
    }

    @Test
    void version_answers_a_result_with_each_version_in_data() {
        Run r = run("version", "--output", "json");
        assertEquals(0, r.code(), r.err());
        io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(r.out().strip());
        assertEquals("version", json.getString("operation"));
        assertEquals(Versions.SOCKIT, json.getJsonObject("data").getString("sockit"));
        assertEquals(Runtime.version().toString(), json.getJsonObject("data").getString("java"));
    }

    @Test
    void dash_V_on_a_subcommand_prints_the_versions_as_on_the_top_level() {
        String top = run("-V").out();
        assertTrue(top.startsWith("sockit " + Versions.SOCKIT), top);
        for (String[] args : new String[][] {{"analyze", "-V"}, {"run", "--version"}, {"plugins", "list", "-V"}}) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertEquals(top, r.out(), String.join(" ", args));
        }
    }

    @Test
    void an_unknown_command_is_one_line_with_the_closest_command() {
        Run r = run("anlyze", "x.txt");
        assertEquals(2, r.code());
        assertEquals("sockit: unknown command 'anlyze'; did you mean 'sockit analyze'? (see 'sockit --help')",
                r.err().strip());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void an_unknown_command_like_no_other_lists_the_commands() {
        Run r = run("probe");
        assertEquals(2, r.code());
        assertEquals("sockit: unknown command 'probe' (commands: run, analyze, capture, lab, generate, explain, options,"
                + " plugins, status, version, cds, help) (see 'sockit --help')", r.err().strip());
    }

    @Test
    void a_bad_option_value_is_one_line_naming_the_help_of_its_command() {
        Run r = run("analyze", "--port", "abc", "x.txt");
        assertEquals(2, r.code());
        assertEquals("sockit: Invalid value for option '--port': 'abc' is not an int (see 'sockit analyze --help')",
                r.err().strip());
    }

    @Test
    void a_control_character_in_an_argument_is_escaped_in_the_error() {
        Run r = run("\u001b]0;owned\u0007");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("sockit: unknown command '\\e]0;owned\\x07'"), r.err());
    }

    @Test
    void analyze_refuses_a_negative_pid() {
        Run r = run("analyze", "--pid", "-5", "ss.txt");
        assertEquals(2, r.code());
        assertEquals("sockit: --pid must be a process id (1 or more), not -5", r.err().strip());
    }

    @Test
    void analyze_refuses_an_interval_without_watch() {
        Run r = run("analyze", "--live", "--interval", "2s");
        assertEquals(2, r.code());
        assertEquals("sockit: --interval is the time between --watch samples: add --live --watch N (N of 2 or more), "
                + "or leave --interval out", r.err().strip());
    }

    @Test
    void analyze_checks_the_ranges_of_port_watch_and_interval() {
        String[][] cases = {
            {"--port", "65536", "x"}, {"--port", "-1", "x"}, {"--live", "--watch", "0"}, {"--live", "--watch", "3601"},
            {"--live", "--watch", "2", "--interval", "50ms"}, {"--live", "--watch", "2", "--interval", "2h"},
            {"--live", "--watch", "2", "--interval", "soon"}};
        String[] expected = {
            "--port must be 0-65535, not 65536", "--port must be 0-65535, not -1",
            "--watch must be 1-3600 samples, not 0", "--watch must be 1-3600 samples, not 3601",
            "--interval must be 100ms-1h, not '50ms'", "--interval must be 100ms-1h, not '2h'",
            "--interval: 'soon' is not a duration (expected: a number and a unit, 100ms-1h: 500ms, 2s, 1m)"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "analyze";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals("sockit: " + expected[i], r.err().strip(), String.join(" ", args));
        }
    }

    @Test
    void analyze_of_a_missing_file_or_a_directory_says_which() {
        Run missing = run("analyze", dir.resolve("nope.txt").toString());
        assertEquals(2, missing.code());
        assertEquals("sockit: " + dir.resolve("nope.txt") + ": no such file", missing.err().strip());
        Run directory = run("analyze", dir.toString());
        assertEquals(2, directory.code());
        assertEquals("sockit: " + dir + ": no file to analyse in it", directory.err().strip());
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
    void a_bad_codec_setting_exits_2_with_one_line_naming_the_setting_and_its_line() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Testkit.plugin("framed", "dev.sockit.framed", "FramedKind", "StarCodec").build(plugins);
        Path bad = dir.resolve("sockit.yaml");
        Files.writeString(bad, "runtime:\n  plugins: plugins\nprocesses:\n  frames:\n    kind: test-framed\n"
                + "    config:\n      codec:\n        type: length-field\n        length: 5\n");
        Run r = run("run", "-c", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("sockit: processes.frames.config.codec.length: 5 (expected: 1, 2, 3, 4 or 8)"
                + "  [sockit.yaml line 9]", r.err().strip());
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
