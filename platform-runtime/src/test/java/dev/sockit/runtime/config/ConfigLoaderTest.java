package dev.sockit.runtime.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigPathDeserializer;
import dev.sockit.api.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            processes:
              echo:
                kind: tcp-server
            """;

    @Test
    void loads_a_yaml_file_with_every_runtime_key() throws URISyntaxException {
        SockitConfig config = ConfigLoader.load(resource("sockit.yaml"));

        assertEquals("sockit.yaml", config.file());
        assertEquals(new RuntimeSettings("/opt/sockit/plugins", Duration.ofMillis(250), new Policy(true),
                "/var/log/sockit/audit.jsonl", TransportChoice.NIO), config.runtime());
        assertEquals(List.of("echo", "probe"), List.copyOf(config.processes().keySet()));
        ProcessSpec echo = config.processes().get("echo");
        assertEquals("tcp-server", echo.kind());
        assertEquals(2, echo.instances());
        assertEquals("processes.echo.config", echo.config().path());
        assertEquals(7007, echo.config().node().get("port").intValue());
        assertEquals(14, echo.config().lineOf("port"));
        assertEquals("sockit.yaml", echo.config().file());
        assertEquals(3, config.lineOf("runtime.plugins"));
    }

    @Test
    void fills_in_defaults_for_what_a_config_leaves_out() {
        SockitConfig config = ConfigLoader.parse(MINIMAL, "f.yaml");

        assertEquals(RuntimeSettings.DEFAULTS, config.runtime());
        assertEquals(new RuntimeSettings("plugins", Duration.ofSeconds(10), Policy.DEFAULT,
                "logs/socket-audit.jsonl", TransportChoice.AUTO), RuntimeSettings.DEFAULTS);
        ProcessSpec echo = config.processes().get("echo");
        assertEquals(1, echo.instances());
        assertTrue(echo.config().node().isObject());
        assertEquals(0, echo.config().node().size());
        assertEquals(-1, config.lineOf("runtime.plugins"));
        assertEquals(2, config.lineOf("processes.echo.instances"), "the line of the nearest parent");
    }

    @Test
    void loads_a_json_file_like_yaml() throws URISyntaxException {
        SockitConfig config = ConfigLoader.load(resource("sockit.json"));

        assertEquals(RuntimeSettings.DEFAULTS, config.runtime());
        ProcessSpec echo = config.processes().get("echo");
        assertEquals("tcp-server", echo.kind());
        assertEquals(128, echo.config().node().at("/options/backlog").intValue());
        assertEquals(5, echo.config().lineOf("options.backlog"));
    }

    @Test
    void reads_text_that_starts_with_a_brace_as_json() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("{\"processes\": {\"echo\": {\"kind\": \"tcp-server\",}}}", "f.conf"));

        assertTrue(e.getMessage().startsWith("syntax error: Unexpected character ('}'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("  [f.conf line 1]"), e.getMessage());
    }

    @Test
    void keeps_processes_in_file_order_and_unmodifiable() {
        SockitConfig config = ConfigLoader.parse("""
                processes:
                  zulu: { kind: tcp-server }
                  alpha: { kind: tcp-server }
                  mike: { kind: tcp-server }
                """, "f.yaml");

        assertEquals(List.of("zulu", "alpha", "mike"), List.copyOf(config.processes().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> config.processes().remove("zulu"));
    }

    @Test
    void rejects_an_unknown_key_in_a_process_with_path_and_line() {
        assertError("processes.echo.prot: unknown key (expected one of: kind, instances, config)  [f.yaml line 4]",
                """
                processes:
                  echo:
                    kind: tcp-server
                    prot: 7007
                """);
    }

    @Test
    void rejects_an_unknown_top_level_key() {
        assertError("management: unknown key (expected one of: runtime, processes)  [f.yaml line 1]",
                "management: {port: 9750}\n" + MINIMAL);
    }

    @Test
    void rejects_an_unknown_runtime_key() {
        assertError("runtime.plugin: unknown key (expected one of: plugins, shutdownTimeout, policy, audit, "
                + "transport, nodeId)  [f.yaml line 3]", """
                runtime:
                  audit: a.jsonl
                  plugin: plugins
                """ + MINIMAL);
    }

    @Test
    void rejects_an_unknown_policy_key() {
        assertError("runtime.policy.allowRaw: unknown key (expected one of: allowRawSockets)  [f.yaml line 3]",
                """
                runtime:
                  policy:
                    allowRaw: true
                """ + MINIMAL);
    }

    @Test
    void rejects_instances_that_are_not_an_integer() {
        assertError("processes.echo.instances: 'two' is not an integer  [f.yaml line 4]", """
                processes:
                  echo:
                    kind: tcp-server
                    instances: two
                """);
    }

    @Test
    void rejects_instances_out_of_range() {
        assertError("processes.echo.instances: 0 (expected: 1-1024)  [f.yaml line 4]", """
                processes:
                  echo:
                    kind: tcp-server
                    instances: 0
                """);
        assertError("processes.echo.instances: 1025 (expected: 1-1024)  [f.yaml line 3]", """
                processes:
                  echo:
                    instances: 1025
                    kind: tcp-server
                """);
    }

    @Test
    void rejects_a_duration_with_an_unknown_unit() {
        assertError("runtime.shutdownTimeout: '10x' has an unknown unit 'x'"
                + " (expected: a number with a unit: 250ms, 10s, 5m, 1h)  [f.yaml line 2]", """
                runtime:
                  shutdownTimeout: 10x
                """ + MINIMAL);
    }

    @Test
    void rejects_a_duration_without_a_unit() {
        assertError("runtime.shutdownTimeout: '10' is not a duration"
                + " (expected: a number with a unit: 250ms, 10s, 5m, 1h)  [f.yaml line 2]", """
                runtime:
                  shutdownTimeout: 10
                """ + MINIMAL);
    }

    @Test
    void rejects_a_policy_flag_that_is_not_true_or_false() {
        assertError("runtime.policy.allowRawSockets: 'yes' is not a boolean  [f.yaml line 1]",
                "runtime: { policy: { allowRawSockets: yes } }\n" + MINIMAL);
    }

    @Test
    void rejects_a_string_setting_that_is_not_a_string() {
        assertError("runtime.plugins: a list is not a string  [f.yaml line 2]", """
                runtime:
                  plugins: [a, b]
                """ + MINIMAL);
    }

    @Test
    void rejects_a_duplicate_key_at_its_second_occurrence() {
        assertError("processes.echo.config.port: duplicate key  [f.yaml line 6]", """
                processes:
                  echo:
                    kind: tcp-server
                    config:
                      port: 7007
                      port: 7008
                """);
    }

    @Test
    void rejects_a_duplicate_key_in_json() {
        assertError("processes: duplicate key  [f.json line 3]", """
                {
                  "processes": {},
                  "processes": {"echo": {"kind": "tcp-server"}}
                }
                """, "f.json");
    }

    @Test
    void reports_a_yaml_syntax_error_on_one_line() {
        assertError("syntax error: mapping values are not allowed here  [f.yaml line 3]", """
                processes:
                  echo:
                    kind: tcp-server: udp
                """);
    }

    @Test
    void reports_the_problem_of_a_yaml_syntax_error_not_its_context() {
        assertError("syntax error: expected <block end>, but found '<block mapping start>'  [f.yaml line 4]", """
                processes:
                  echo:
                    kind: tcp-server
                   instances: 2
                """);
    }

    @Test
    void rejects_a_yaml_alias() {
        assertError("processes.copy.kind: aliases (*k) are not supported  [f.yaml line 5]", """
                processes:
                  echo:
                    kind: &k tcp-server
                  copy:
                    kind: *k
                """);
    }

    @Test
    void rejects_a_missing_file(@TempDir Path dir) {
        Path missing = dir.resolve("x.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));

        assertEquals("config file not found: " + missing.toAbsolutePath(), e.getMessage());
    }

    @Test
    void rejects_a_directory_as_config_file(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));

        assertEquals("config file is a directory: " + dir.toAbsolutePath() + " (expected: a YAML or JSON file)",
                e.getMessage());
    }

    @Test
    void rejects_a_file_that_is_not_utf_8(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'k', ':', ' ', (byte) 0xE9, '\n'});

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals("config file is not UTF-8 text: " + file.toAbsolutePath(), e.getMessage());
    }

    @Test
    void names_the_file_of_a_loaded_config_in_messages(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "processes:\n  echo: {}\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals("processes.echo.kind: is missing (expected: a non-empty value)  [bad.yaml line 2]",
                e.getMessage());
    }

    @Test
    void rejects_an_empty_file() {
        assertError("the file is empty (expected: a mapping with 'processes')  [f.yaml]", "# nothing here\n");
        assertError("the file is empty (expected: a mapping with 'processes')  [f.yaml]", "");
    }

    @Test
    void rejects_a_file_that_is_not_a_mapping() {
        assertError("a list is not a mapping (expected: a mapping with 'processes')  [f.yaml line 1]",
                "- echo\n- discard\n");
    }

    @Test
    void rejects_a_second_document() {
        assertError("more than one document (expected: one)  [f.yaml line 5]", MINIMAL + "---\nprocesses: {}\n");
    }

    @Test
    void rejects_missing_or_empty_processes() {
        assertError("processes: is missing (expected: at least one process)  [f.yaml]", "runtime: {}\n");
        assertError("processes: is missing (expected: at least one process)  [f.yaml line 2]",
                "runtime: {}\nprocesses: {}\n");
    }

    @Test
    void rejects_an_invalid_process_id() {
        assertError("processes.Bad.Id: invalid process id (expected: lower-case letters, digits, '-' and '_',"
                + " starting with a letter or digit, at most 64)  [f.yaml line 2]", """
                processes:
                  Bad.Id:
                    kind: tcp-server
                """);
    }

    @Test
    void rejects_a_process_without_a_kind() {
        assertError("processes.echo.kind: is missing (expected: a non-empty value)  [f.yaml line 2]", """
                processes:
                  echo:
                    instances: 2
                """);
    }

    @Test
    void rejects_a_process_config_that_is_not_a_mapping() {
        assertError("processes.echo.config: a list is not a mapping  [f.yaml line 4]", """
                processes:
                  echo:
                    kind: tcp-server
                    config: [7007]
                """);
    }

    @Test
    void reads_the_node_id_of_node_qualified_addresses_and_defaults_it_to_local() {
        assertEquals("local", ConfigLoader.parse(MINIMAL, "f.yaml").runtime().nodeId());
        assertEquals("edge-7", ConfigLoader.parse("runtime:\n  nodeId: edge-7\n" + MINIMAL, "f.yaml").runtime()
                .nodeId());
        assertError("runtime.nodeId: 'Edge.7' (expected: 1-64 of a-z, 0-9, - and _, starting with a letter or digit)"
                + "  [f.yaml line 2]", "runtime:\n  nodeId: Edge.7\n" + MINIMAL);
    }

    private static void assertError(String expected, String text) {
        assertError(expected, text, "f.yaml");
    }

    private static void assertError(String expected, String text, String fileName) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(text, fileName));
        assertEquals(expected, e.getMessage());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
    }

    @Test
    void rejects_an_unknown_transport_with_the_accepted_ones() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "runtime:\n  transport: dpdk\nprocesses:\n  echo:\n    kind: tcp-server\n", "f.yaml"));
        assertEquals("runtime.transport: 'dpdk' is not a transport (expected one of: auto, nio, epoll, io_uring)"
                + "  [f.yaml line 2]", e.getMessage());
    }

    @Test
    void reads_the_audit_log_as_a_path_or_as_a_mapping_with_onFailure() {
        RuntimeSettings path = ConfigLoader.parse("runtime:\n  audit: a.jsonl\n" + MINIMAL, "f.yaml").runtime();
        assertEquals("a.jsonl", path.audit());
        assertEquals(RuntimeSettings.AuditOnFailure.STOP, path.auditOnFailure());

        RuntimeSettings mapping = ConfigLoader.parse(
                "runtime:\n  audit:\n    file: b.jsonl\n    onFailure: continue\n" + MINIMAL, "f.yaml").runtime();
        assertEquals("b.jsonl", mapping.audit());
        assertEquals(RuntimeSettings.AuditOnFailure.CONTINUE, mapping.auditOnFailure());

        RuntimeSettings onlyPolicy = ConfigLoader.parse(
                "runtime:\n  audit: {onFailure: stop}\n" + MINIMAL, "f.yaml").runtime();
        assertEquals(RuntimeSettings.DEFAULT_AUDIT, onlyPolicy.audit());
        assertEquals(RuntimeSettings.AuditOnFailure.STOP, onlyPolicy.auditOnFailure());
    }

    @Test
    void rejects_an_unknown_audit_onFailure_and_an_unknown_audit_key() {
        assertError("runtime.audit.onFailure: 'ignore' (expected one of: stop, continue)  [f.yaml line 4]",
                "runtime:\n  audit:\n    file: a.jsonl\n    onFailure: ignore\n" + MINIMAL);
        assertError("runtime.audit.onFailur: unknown key (expected one of: file, onFailure)  [f.yaml line 3]",
                "runtime:\n  audit:\n    onFailur: stop\n" + MINIMAL);
    }

    // Ranges and limits (issue 9): every duration has a range checked at load, and nothing in a file, however
    // large, makes a message larger than a line.

    @Test
    void rejects_a_shutdown_timeout_too_long_to_compute_with_path_and_line() {
        assertError("runtime.shutdownTimeout: 239999999999976h (expected: 0s-1h)  [f.yaml line 2]", """
                runtime:
                  shutdownTimeout: 9999999999999d
                """ + MINIMAL);
    }

    @Test
    void rejects_a_shutdown_timeout_above_one_hour() {
        assertError("runtime.shutdownTimeout: 61m (expected: 0s-1h)  [f.yaml line 2]", """
                runtime:
                  shutdownTimeout: 61m
                """ + MINIMAL);
    }

    @Test
    void accepts_shutdown_timeouts_at_both_ends_of_the_range() {
        for (String t : List.of("0s", "1h", "3600000ms")) {
            SockitConfig c = ConfigLoader.parse("runtime:\n  shutdownTimeout: " + t + "\n" + MINIMAL, "f.yaml");
            assertEquals(t.equals("0s") ? Duration.ZERO : Duration.ofHours(1), c.runtime().shutdownTimeout(), t);
        }
    }

    @Test
    void rejects_a_duration_with_more_digits_than_a_number_holds() {
        assertError("runtime.shutdownTimeout: '99999999999999999999999s' has too many digits"
                + " (expected: a number with a unit: 250ms, 10s, 5m, 1h)  [f.yaml line 2]", """
                runtime:
                  shutdownTimeout: 99999999999999999999999s
                """ + MINIMAL);
    }

    @Test
    void refuses_a_file_larger_than_1_MiB_before_parsing_it(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.yaml");
        Files.write(file, ("# " + "x".repeat(100) + "\n").repeat(20 * 1024 * 1024 / 103).getBytes());

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals("config file is larger than 1 MiB: " + file.toAbsolutePath()
                + " (expected: a config, at most 1048576 bytes)", e.getMessage());
    }

    @Test
    void refuses_a_line_longer_than_64_KiB_naming_its_line_in_a_short_message() {
        String text = MINIMAL + "    config:\n      host: \"" + "a".repeat(2 * 1024 * 1024) + "\"\n";
        long t0 = System.nanoTime();

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(text, "f.yaml"));

        assertEquals("line 5 is 2097166 characters long (expected: at most 65536)  [f.yaml line 5]",
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void refuses_a_value_longer_than_4096_characters_on_many_lines() {
        String block = ("      " + "b".repeat(1000) + "\n").repeat(5);
        assertError("processes.echo.config.host: the value is 5005 characters long (expected: at most 4096)"
                + "  [f.yaml line 5]", MINIMAL + "    config:\n      host: |\n" + block.replace("      ", "        "));
    }

    @Test
    void refuses_a_key_longer_than_128_characters_quoting_only_its_start() {
        ConfigException yaml = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(MINIMAL + "    " + "k".repeat(500) + ": 1\n", "f.yaml"));
        ConfigException json = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("{\"processes\": {\"" + "k".repeat(5000) + "\": 1}}", "f.json"));

        assertEquals("processes.echo: the key '" + "k".repeat(80) + "...' (500 characters) is too long"
                + " (expected: at most 128 characters)  [f.yaml line 4]", yaml.getMessage());
        assertEquals("processes: the key '" + "k".repeat(80) + "...' (5000 characters) is too long"
                + " (expected: at most 128 characters)  [f.json line 1]", json.getMessage());
    }

    @Test
    void refuses_nesting_deeper_than_32_levels_in_yaml_and_json_in_plain_words() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        for (String text : List.of("processes: " + deep + "\n", "{\"processes\": " + deep + "}")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(text, "f.yaml"));

            assertEquals("processes" + "[0]".repeat(31)
                    + ": is nested more than 32 levels deep (expected: at most 32)  [f.yaml line 1]", e.getMessage());
        }
    }

    @Test
    void reports_a_number_too_long_for_the_parser_without_naming_jackson_settings() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "{\"processes\": {\"echo\": {\"kind\": \"tcp-server\", \"instances\": " + "9".repeat(3000) + "}}}",
                "f.json"));

        assertTrue(e.getMessage().startsWith("syntax error: Number value length (3000) exceeds the maximum allowed"
                + " (1000)"), e.getMessage());
        assertTrue(!e.getMessage().contains("StreamReadConstraints"), e.getMessage());
    }

    @Test
    void quotes_at_most_80_characters_of_a_bad_string() {
        assertError("runtime.policy.allowRawSockets: '" + "y".repeat(80) + "...' (3000 characters) is not a boolean"
                + "  [f.yaml line 3]", "runtime:\n  policy:\n    allowRawSockets: " + "y".repeat(3000) + "\n"
                + MINIMAL);
    }

    @Test
    void resolves_paths_a_file_writes_against_its_folder_and_leaves_defaults_to_the_home(@TempDir Path dir)
            throws IOException {
        Path sub = Files.createDirectories(dir.resolve("conf"));
        Path written = Files.writeString(sub.resolve("a.yaml"),
                "runtime:\n  plugins: ../my-plugins\n  audit: audit/x.jsonl\n" + MINIMAL);
        Path absent = Files.writeString(sub.resolve("b.yaml"), MINIMAL);

        RuntimeSettings w = ConfigLoader.load(written).runtime();
        RuntimeSettings a = ConfigLoader.load(absent).runtime();

        assertEquals(dir.resolve("my-plugins").toAbsolutePath().toString(), w.plugins());
        assertEquals(sub.resolve("audit/x.jsonl").toAbsolutePath().toString(), w.audit());
        assertEquals("plugins", a.plugins());
        assertEquals("logs/socket-audit.jsonl", a.audit());
        assertEquals("/abs/x.jsonl", ConfigLoader.load(Files.writeString(sub.resolve("c.yaml"),
                "runtime:\n  audit: /abs/x.jsonl\n" + MINIMAL)).runtime().audit());
    }

    /** A plugin's config with a path component marked as one, and a plain string beside it. */
    public record PathsConfig(@JsonProperty("cert") @JsonDeserialize(using = ConfigPathDeserializer.class) String cert,
                              @JsonProperty("name") String name) {
    }

    @Test
    void paths_a_plugin_marks_resolve_against_the_config_files_folder_and_other_strings_stay(@TempDir Path dir)
            throws IOException {
        Path sub = Files.createDirectories(dir.resolve("site"));
        Path file = Files.writeString(sub.resolve("s.yaml"), """
                processes:
                  p:
                    kind: k
                    config: {cert: tls/server.pem, name: tls/server.pem}
                  q:
                    kind: k
                    config: {cert: /etc/abs.pem, name: x}
                """);

        SockitConfig config = ConfigLoader.load(file);
        PathsConfig p = config.processes().get("p").config().bind(PathsConfig.class);
        PathsConfig q = config.processes().get("q").config().bind(PathsConfig.class);
        PathsConfig embedded = ConfigLoader.parse("processes:\n  p:\n    kind: k\n    config: {cert: a.pem}\n",
                "embedded.yaml").processes().get("p").config().bind(PathsConfig.class);

        assertEquals(sub.resolve("tls/server.pem").toAbsolutePath().toString(), p.cert());
        assertEquals("tls/server.pem", p.name());
        assertEquals("/etc/abs.pem", q.cert());
        assertEquals("a.pem", embedded.cert());
    }
}
