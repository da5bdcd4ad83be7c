package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.ConfigException;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sockit generate}'s request from the command line and from a config ({@code --from}), and the bad usage it
 * refuses with exit code 2 before any runtime starts. Generating for real runs in the distribution ({@code GenerateIT}).
 */
class GenerateCommandTest {

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

    private static GenerateRequest request(String... args) {
        GenerateCommand command = new GenerateCommand();
        new CommandLine(command).parseArgs(args);
        return command.request();
    }

    private Path config(String processes) throws Exception {
        return Files.writeString(dir.resolve("sockit.yaml"), "processes:\n" + processes);
    }

    @Test
    void an_impossible_combination_exits_2_listing_the_valid_models() {
        Run r = run("generate", "tcp-server", "--lang", "c", "--io", "iocp", "--platform", "posix", "-o",
                dir.resolve("x").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("sockit: io 'iocp' is not an I/O model of c on posix; expected one of "
                + GeneratorContract.models("c", "posix"), r.err().strip());
        assertEquals("", r.out());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void help_says_which_options_a_program_sets_unless_told_otherwise() {
        Run help = run("generate", "--help");
        assertEquals(0, help.code(), help.err());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("TCP programs set tcpNoDelay=true and POSIX tcp-servers reuseAddress=true unless"
                + " given false."), help.out());
    }

    @Test
    void a_missing_kind_or_model_exits_2_saying_what_is_needed() {
        Run none = run("generate", "--lang", "c", "--io", "epoll");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("sockit: KIND is missing; expected one of [tcp-server,"), none.err());
        Run noIo = run("generate", "tcp-server", "--lang", "c");
        assertEquals(2, noIo.code());
        assertTrue(noIo.err().contains("--lang and --io are required"), noIo.err());
        Run half = run("generate", "--from", "x.yaml");
        assertEquals(2, half.code());
        assertTrue(half.err().contains("--from and --process go together"), half.err());
    }

    @Test
    void the_command_line_becomes_a_typed_request_with_an_absolute_output_folder() {
        GenerateRequest r = request("tcp-server", "--lang", "c", "--io", "poll", "--host", "::1", "--port", "9000",
                "--backlog", "32", "--option", "tcpNoDelay=true", "--option", "receiveBufferSize=64KiB",
                "--max-connections", "100", "--idle-timeout", "30s", "--force", "-o", "rel/out");
        assertEquals("poll", r.io());
        assertEquals("posix", r.platform());
        assertEquals("::1", r.host());
        assertEquals(9000, r.port());
        assertEquals(32, r.backlog());
        assertEquals(true, r.options().get(SocketOptionTable.TCP_NO_DELAY));
        assertEquals(65536, r.options().get(SocketOptionTable.RECEIVE_BUFFER_SIZE));
        assertEquals(100, r.maxConnections());
        assertEquals(30_000L, r.idleTimeoutMillis());
        assertTrue(r.overwrite());
        assertEquals(Path.of("rel/out").toAbsolutePath().toString(), r.outputDir());
        assertEquals(Path.of("tcp-server-java-nio").toAbsolutePath().toString(),
                request("tcp-server", "--lang", "java", "--io", "nio").outputDir());
    }

    @Test
    void a_bad_option_or_duration_is_named_as_the_command_line_has_it() {
        BadRequestException unknown = assertThrows(BadRequestException.class,
                () -> request("tcp-server", "--lang", "c", "--io", "poll", "--option", "tcpNoDealy=true"));
        assertTrue(unknown.getMessage().startsWith("--option: unknown key 'tcpNoDealy'"), unknown.getMessage());
        BadRequestException idle = assertThrows(BadRequestException.class,
                () -> request("tcp-server", "--lang", "c", "--io", "poll", "--idle-timeout", "soon"));
        assertTrue(idle.getMessage().startsWith("--idle-timeout: 'soon' is not a duration"), idle.getMessage());
    }

    @Test
    void from_takes_a_tcp_servers_address_backlog_options_handler_and_limits() throws Exception {
        Path file = config("  web:\n    kind: tcp-server\n    config:\n      host: 0.0.0.0\n      port: 8081\n"
                + "      handler: discard\n      idleTimeout: 5m\n      maxConnections: 2000\n"
                + "      readTimeout: 10s\n      options:\n        tcpNoDelay: true\n        backlog: 1024\n");
        GenerateRequest r = request("--from", file.toString(), "--process", "web", "--lang", "c", "--io", "epoll",
                "--port", "9090");
        assertEquals("tcp-server", r.role());
        assertEquals("0.0.0.0", r.host());
        assertEquals(9090, r.port(), "the command line overrides the config");
        assertEquals(1024, r.backlog());
        assertEquals("discard", r.payload());
        assertEquals(true, r.options().get(SocketOptionTable.TCP_NO_DELAY));
        assertNull(r.options().get(SocketOptionTable.BACKLOG), "the backlog is the request's, not an option");
        assertEquals(2000, r.maxConnections());
        assertEquals(300_000L, r.idleTimeoutMillis());
        ConfigExport.Export export = ConfigExport.read(file, "web");
        assertEquals(List.of(file + ": process 'web': readTimeout is not carried over; only idleTimeout is "
                + "carried over"), export.notes());
    }

    @Test
    void from_a_tcp_server_carries_the_plugins_tcp_nodelay_default_unless_the_config_turns_it_off() throws Exception {
        Path file = config("  api:\n    kind: tcp-server\n    config:\n      port: 8081\n"
                + "  slow:\n    kind: tcp-server\n    config:\n      port: 8082\n      options:\n"
                + "        tcpNoDelay: false\n        receiveBufferSize: 65536\n"
                + "  dns:\n    kind: udp-server\n    config:\n      port: 5353\n");
        GenerateRequest plain = request("--from", file.toString(), "--process", "api", "--lang", "c", "--io", "epoll");
        assertEquals(true, plain.options().get(SocketOptionTable.TCP_NO_DELAY), "on, as the plugin runs it");
        GenerateRequest off = request("--from", file.toString(), "--process", "slow", "--lang", "java", "--io", "nio");
        assertEquals(false, off.options().get(SocketOptionTable.TCP_NO_DELAY), "the config's choice stays");
        assertEquals(65536, off.options().get(SocketOptionTable.RECEIVE_BUFFER_SIZE));
        GenerateRequest udp = request("--from", file.toString(), "--process", "dns", "--lang", "c", "--io", "poll");
        assertNull(udp.options().get(SocketOptionTable.TCP_NO_DELAY), "no TCP option on a UDP server");
        assertEquals(List.of(), ConfigExport.read(file, "api").notes());
    }

    @Test
    void from_a_udp_server_makes_a_udp_server() throws Exception {
        Path file = config("  dns:\n    kind: udp-server\n    config:\n      port: 5353\n      handler: echo\n");
        GenerateRequest r = request("--from", file.toString(), "--process", "dns", "--lang", "c", "--io", "poll");
        assertEquals("udp-server", r.role());
        assertEquals(5353, r.port());
        assertEquals("echo", r.payload());
    }

    @Test
    void from_errors_name_the_file_and_the_process() throws Exception {
        Path file = config("  web:\n    kind: tcp-server\n    config:\n      port: 8081\n      handler: chargen\n"
                + "  probe:\n    kind: analyzer\n  echo:\n    kind: tcp-server\n    config:\n      port: 7007\n");
        BadRequestException missing = assertThrows(BadRequestException.class,
                () -> request("--from", file.toString(), "--process", "api", "--lang", "c", "--io", "epoll"));
        assertEquals(file + ": no process 'api' (processes: web, probe, echo)", missing.getMessage());
        BadRequestException kind = assertThrows(BadRequestException.class,
                () -> request("--from", file.toString(), "--process", "probe", "--lang", "c", "--io", "epoll"));
        assertEquals(file + ": process 'probe' is a analyzer; expected a tcp-server or udp-server",
                kind.getMessage());
        ConfigException handler = assertThrows(ConfigException.class,
                () -> request("--from", file.toString(), "--process", "web", "--lang", "c", "--io", "epoll"));
        assertTrue(handler.getMessage().contains("processes.web.config.handler"), handler.getMessage());
        assertTrue(handler.getMessage().contains("'chargen' has no generated payload"), handler.getMessage());
        assertTrue(handler.getMessage().endsWith("[sockit.yaml line 6]"), handler.getMessage());
        BadRequestException mismatch = assertThrows(BadRequestException.class,
                () -> request("udp-server", "--from", file.toString(), "--process", "echo", "--lang", "c", "--io",
                        "epoll"));
        assertTrue(mismatch.getMessage().startsWith("KIND 'udp-server' does not match process 'echo'"),
                mismatch.getMessage());
        Run exit = run("generate", "--from", file.toString(), "--process", "api", "--lang", "c", "--io", "epoll");
        assertEquals(2, exit.code());
    }

    @Test
    void literals_are_typed_as_a_config_would_have_them() {
        assertEquals(true, GenerateCommand.literal("true"));
        assertEquals(4096L, GenerateCommand.literal("4096"));
        assertEquals("64KiB", GenerateCommand.literal("64KiB"));
        assertEquals("30s", GenerateCommand.literal("30s"));
    }

    @Test
    void the_matrix_table_marks_built_models_per_language_platform_and_role() {
        JsonArray rows = new JsonArray()
                .add(new JsonObject().put("lang", "c").put("platform", "posix").put("role", "tcp-server")
                        .put("io", "poll").put("built", true))
                .add(new JsonObject().put("lang", "c").put("platform", "posix").put("role", "tcp-server")
                        .put("io", "kqueue").put("built", false));
        List<String> lines = GenerateCommand.matrixTable(rows);
        assertTrue(lines.contains("  c/posix    tcp-server  poll* kqueue"), lines.toString());
    }
}
