package dev.sockit.it;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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


    // ---------------------------------------------------------------------------------------------------------
    // Ports: two processes on one host:port.
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void ports_two_tcp_servers_on_one_port_are_refused_at_config_time_naming_both_paths_every_time()
            throws IOException, InterruptedException {
        int port = portsFreePort();
        Path config = file("ports-two-tcp.yaml", "processes:\n"
                + "  echo:\n    kind: tcp-server\n    config: { port: " + port + ", handler: echo }\n"
                + "  daytime:\n    kind: tcp-server\n    config: { port: " + port + ", handler: daytime }\n");
        // The issue saw both start in 6 of 7 runs and the second fail in the 7th: the refusal does not depend on
        // who binds first.
        for (int run = 0; run < 3; run++) {
            Dist.Launched l = dist.run("run", "-c", config.toString());
            int exit = l.process().exitValue();
            assertCalm(l, exit);
            assertEquals(2, exit, "exit code; stderr: " + l.stderr());
            String said = l.stdout() + l.stderr();
            assertTrue(said.contains("processes.daytime.config.port: tcp port " + port + " on 127.0.0.1 is already"
                    + " taken by processes.echo.config.port (line 4, "), said);
            assertTrue(said.contains("[ports-two-tcp.yaml line 7]"), said);
        }
    }

    @Test
    void ports_a_wildcard_and_a_loopback_udp_server_on_one_port_are_refused_but_tcp_beside_udp_is_not()
            throws IOException, InterruptedException {
        int port = portsFreePort();
        Path config = file("ports-wildcard.yaml", "processes:\n"
                + "  tcp:\n    kind: tcp-server\n    config: { host: 0.0.0.0, port: " + port + " }\n"
                + "  any:\n    kind: udp-server\n    config: { host: 0.0.0.0, port: " + port + " }\n"
                + "  loop:\n    kind: udp-server\n    config: { host: 127.0.0.1, port: " + port + " }\n");
        Dist.Launched l = dist.run("run", "-c", config.toString());
        int exit = l.process().exitValue();
        assertCalm(l, exit);
        assertEquals(2, exit, "exit code; stderr: " + l.stderr());
        String said = l.stdout() + l.stderr();
        assertTrue(said.contains("processes.loop.config.port: udp port " + port + " on 127.0.0.1 is already taken"
                + " by processes.any.config.port (line 7, udp port " + port + " on 0.0.0.0)"), said);
        assertFalse(said.contains("processes.any.config.port: "), "tcp and udp on one port do not clash: " + said);
    }

    /** A port that was free a moment ago: bound to port 0 on loopback and closed. */
    private static int portsFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }


    // ---------------------------------------------------------------------------------------------------------
    // Standard input and the command line: closed stdin, terminals, FIFOs, bad numbers, unknown commands.
    // ---------------------------------------------------------------------------------------------------------

    /** How a shell line that ran {@code bin/sockit} ended. */
    record StdinRun(int code, String out, String err) {
    }

    /**
     * Runs {@code bash -c script bin/sockit args...} ({@code $0} is {@code bin/sockit}, so the script can close or
     * redirect standard input around it) with {@code java.io.tmpdir} set to {@code tmp}; at most 60 s.
     */
    static StdinRun stdinShell(Path tmp, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", script,
                dist.home().resolve("bin").resolve("sockit").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "stdin-", ".out");
        Path err = Files.createTempFile(work, "stdin-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("SOCKIT_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " did not end within 60 s");
        }
        return new StdinRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** {@code bin/sockit args...} with standard input as the shell gives it after {@code redirect}. */
    static StdinRun stdinSockit(Path tmp, String redirect, String... args) throws IOException, InterruptedException {
        return stdinShell(tmp, "exec \"$0\" \"$@\" " + redirect, args);
    }

    /** Exit 2, one line on stderr starting with {@code start}, nothing on stdout, no stack trace. */
    static void stdinAssertOneLine(StdinRun r, String start) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(start), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    static List<String> stdinListing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::toString).toList();
        }
    }

    static final String STDIN_SS = "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
            + "ESTAB 0 0 127.0.0.1:7000 127.0.0.1:40001\n".repeat(3);

    @Test
    void stdin_analyze_of_a_closed_stdin_exits_2_with_one_line_and_leaves_no_temp_file(@TempDir Path tmp)
            throws Exception {
        StdinRun r = stdinSockit(tmp, "<&-", "analyze", "-");
        stdinAssertOneLine(r, "sockit: standard input is closed: pipe the output of ss, netstat or lsof into "
                + "'sockit analyze -'");
        assertEquals(List.of(), stdinListing(tmp));
    }

    @Test
    void stdin_explain_of_a_closed_stdin_exits_2_and_explains_nothing(@TempDir Path tmp) throws Exception {
        StdinRun r = stdinSockit(tmp, "<&-", "explain", "-");
        stdinAssertOneLine(r, "sockit: standard input is closed: pipe the error into 'sockit explain -'");
        assertEquals(List.of(), stdinListing(tmp));
    }

    @Test
    void stdin_from_dev_null_is_named_and_refused(@TempDir Path tmp) throws Exception {
        stdinAssertOneLine(stdinSockit(tmp, "</dev/null", "analyze", "-"),
                "sockit: standard input is /dev/null, not a pipe or a file");
    }

    @Test
    void stdin_from_a_terminal_is_refused(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script(1) makes the terminal; "
                + "the detection of one is tested at unit level (StandardInputTest)");
        // script(1) runs the command on a new pseudo-terminal, stdout and stderr both on it.
        StdinRun r = stdinShell(tmp, "exec script -qec \"'$0' analyze -\" /dev/null");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("sockit: standard input is a terminal, not a pipe or a file"), r.out());
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void stdin_a_pipe_a_file_a_fifo_and_a_dev_fd_path_are_analysed(@TempDir Path tmp) throws Exception {
        Path ss = file("stdin-ss.txt", STDIN_SS);
        Path fifo = work.resolve("stdin.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        String[] scripts = {
            "cat \"$1\" | \"$0\" analyze - --output json",
            "exec \"$0\" analyze - --output json < \"$1\"",
            "timeout 30 cat \"$1\" > \"$2\" & exec \"$0\" analyze \"$2\" --output json",
            "exec \"$0\" analyze <(cat \"$1\") --output json"};
        for (String script : scripts) {
            StdinRun r = stdinShell(tmp, script, ss.toString(), fifo.toString());
            assertEquals(0, r.code(), script + ": " + r.err());
            assertEquals(3, new JsonObject(r.out().strip()).getJsonObject("data").getJsonObject("input")
                    .getInteger("sockets"), script + ": " + r.out());
        }
        assertEquals(List.of(), stdinListing(tmp));
    }

    @Test
    void stdin_escape_bytes_in_the_input_come_out_escaped(@TempDir Path tmp) throws Exception {
        Path evil = file("stdin-evil.txt", "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                + "CLOSE-WAIT 1 0 127.0.0.1:7000 127.0.0.1:40001 users:((\"ev\u001b[31mil\u0000\",pid=12,fd=3))\n"
                        .repeat(12)
                + "\u001b]0;owned\u0007 junk\n");
        StdinRun text = stdinShell(tmp, "exec \"$0\" analyze - --output text < \"$1\"", evil.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("held by pid 12 (ev\\e[31mil\\0)"), text.out());
        assertTrue(text.out().chars().noneMatch(c -> c == 0x1b || c == 0 || c == 0x07), text.out());
        StdinRun explain = stdinSockit(tmp, "", "explain", "\u001b[2J" + "x".repeat(5000), "--output", "text");
        assertEquals(0, explain.code(), explain.err());
        assertTrue(explain.out().startsWith("explain \\e[2J" + "x".repeat(76) + "…(4924 more): warning"),
                explain.out());
        assertTrue(explain.out().chars().noneMatch(c -> c == 0x1b), explain.out());
    }

    @Test
    void stdin_an_unknown_command_is_one_line_with_the_closest_one(@TempDir Path tmp) throws Exception {
        stdinAssertOneLine(stdinSockit(tmp, "", "optons"),
                "sockit: unknown command 'optons'; did you mean 'sockit options'? (see 'sockit --help')");
    }

    @Test
    void stdin_bad_numbers_and_lone_options_are_one_line_each(@TempDir Path tmp) throws Exception {
        stdinAssertOneLine(stdinSockit(tmp, "", "analyze", "--pid", "-5", "x.txt"),
                "sockit: --pid must be a process id (1 or more), not -5");
        stdinAssertOneLine(stdinSockit(tmp, "", "analyze", "--live", "--interval", "1s"),
                "sockit: --interval is the time between --watch samples");
    }

    @Test
    void stdin_version_answers_json_and_dash_V_works_on_a_subcommand(@TempDir Path tmp) throws Exception {
        StdinRun json = stdinSockit(tmp, "", "version", "--output", "json");
        assertEquals(0, json.code(), json.err());
        assertEquals("version", new JsonObject(json.out().strip()).getString("operation"));
        StdinRun v = stdinSockit(tmp, "", "analyze", "-V");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().startsWith("sockit "), v.out());
    }

    @Test
    void stdin_status_shows_a_running_runtime_from_its_status_file_and_says_when_it_is_gone(@TempDir Path tmp)
            throws Exception {
        Path cfg = file("stdin-status.yaml", "runtime:\n  shutdownTimeout: 1s\nprocesses:\n  echo:\n"
                + "    kind: tcp-server\n    config: { host: 127.0.0.1, port: 0, maxConnections: 4 }\n");
        Path statusFile = tmp.resolve("status.json");
        Dist.Launched run = dist.launch("run", "-c", cfg.toString(), "--status-file", statusFile.toString(),
                "--output", "json");
        try {
            run.firstResult(60);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(statusFile) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            StdinRun all = stdinSockit(tmp, "", "status", "--status-file", statusFile.toString(), "--output", "json");
            assertEquals(0, all.code(), all.err());
            JsonObject status = new JsonObject(all.out().strip());
            assertEquals(run.process().pid(), status.getJsonObject("data").getLong("pid"));
            assertEquals("RUNNING", status.getJsonObject("data").getJsonArray("processes").getJsonObject(0)
                    .getString("state"));
            StdinRun echo = stdinSockit(tmp, "", "status", "echo", "--status-file", statusFile.toString(),
                    "--output", "json");
            assertEquals(0, echo.code(), echo.err());
            assertEquals(4, new JsonObject(echo.out().strip()).getJsonObject("data").getJsonObject("status")
                    .getInteger("maxConnections"), echo.out());
            stdinAssertOneLine(stdinSockit(tmp, "", "status", "nope", "--status-file", statusFile.toString()),
                    "sockit: no process 'nope' in the runtime of " + statusFile + " (processes: echo)");
        } finally {
            assertEquals(0, run.terminate(60), run.stderr());
        }
        assertFalse(Files.exists(statusFile), "the runtime deletes its status file when it stops");
        StdinRun gone = stdinSockit(tmp, "", "status", "--status-file", statusFile.toString());
        assertEquals(1, gone.code(), gone.err());
        assertEquals("sockit: no runtime writes " + statusFile + ": start one with 'sockit run --status-file "
                + statusFile + "'", gone.err().strip());
    }

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
