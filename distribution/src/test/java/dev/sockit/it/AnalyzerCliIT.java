package dev.sockit.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code sockit analyze}, {@code explain} and {@code options} as a user runs them from the distribution: each
 * starts an embedded runtime, reaches the analyzer plugin in {@code plugins/} over the event bus and prints its
 * Result. The sockets analysed are real: a CLOSE_WAIT leak this test holds open on the loopback.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnalyzerCliIT {

    private static final int LEAKED = 12;

    @TempDir
    static Path work;

    static Dist dist;
    static ServerSocketChannel listener;
    static final List<AutoCloseable> held = new ArrayList<>();
    static int port;

    @BeforeAll
    static void unpackAndLeak() throws IOException, InterruptedException {
        dist = Dist.unpack(work);
        // A server that never closes what its peers closed: LEAKED sockets in CLOSE_WAIT, held by this JVM.
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        for (int i = 0; i < LEAKED; i++) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            held.add(listener.accept());
            client.close();
        }
        Thread.sleep(200);
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : held) {
            c.close();
        }
        listener.close();
    }

    @Test
    void analyze_of_a_saved_ss_output_finds_the_close_wait_leak_with_its_pid() throws Exception {
        Path saved = capture("ss.txt", "ss", "-tanp");
        Dist.Launched run = dist.run("analyze", saved.toString(), "--output", "json");
        assertEquals(0, run.process().exitValue(), "a warning is not critical: " + run.stderr());
        assertCloseWaitLeak(new JsonObject(run.stdout().trim()));
    }

    @Test
    void capture_writes_a_bundle_that_analyze_reads_back_and_finds_the_leak() throws Exception {
        Path bundle = work.resolve("host.tar.gz");
        Dist.Launched cap = dist.run("capture", "-o", bundle.toString(), "--interval", "200ms", "--output", "json");
        assertEquals(0, cap.process().exitValue(), cap.stderr());
        JsonObject captured = new JsonObject(cap.stdout().trim());
        assertEquals("capture", captured.getString("operation"));
        assertEquals(bundle.toString(), captured.getJsonArray("artifacts").getString(0));
        assertTrue(java.nio.file.Files.isRegularFile(bundle));
        Dist.Launched run = dist.run("analyze", bundle.toString(), "--port", Integer.toString(port), "--output",
                "json");
        // the host's counters come whole (other programs on this machine may make a finding critical: exit 1)
        assertTrue(run.process().exitValue() <= 1, run.stderr());
        JsonObject r = new JsonObject(run.stdout().trim());
        assertCloseWaitLeak(r);
        assertTrue(r.getJsonObject("data").getJsonArray("inputs").size() >= 10, r.encode());
        Dist.Launched again = dist.run("capture", "-o", bundle.toString());
        assertEquals(2, again.process().exitValue(), "a capture never writes over a file: " + again.stderr());
        assertTrue(again.stderr().contains("already exists"), again.stderr());
    }

    @Test
    void lab_says_what_it_built_holds_it_and_cleans_up_and_an_unknown_scenario_lists_the_known_ones()
            throws Exception {
        Dist.Launched lab = dist.run("lab", "close-wait-leak", "--duration", "2s", "--output", "ndjson");
        assertEquals(0, lab.process().exitValue(), lab.stderr());
        List<String> lines = lab.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), lab.stdout());
        JsonObject built = new JsonObject(lines.get(0)).getJsonObject("data");
        assertEquals("built", built.getString("phase"), lines.get(0));
        assertEquals("close_wait_leak", built.getString("expect"));
        assertTrue(built.getInteger("port") > 0, lines.get(0));
        assertEquals("cleaned up", new JsonObject(lines.get(1)).getJsonObject("data").getString("phase"));
        Dist.Launched unknown = dist.run("lab", "slow-loris");
        assertEquals(2, unknown.process().exitValue(), unknown.stderr());
        assertTrue(unknown.stderr().contains("scenarios: close-wait-leak, time-wait-storm"), unknown.stderr());
    }

    @Test
    void analyze_reads_standard_input_and_the_text_report_puts_the_worst_first() throws Exception {
        Path saved = capture("netstat.txt", "netstat", "-tanp");
        Dist.Launched run = dist.runWithInput(saved, "analyze", "-", "--port", Integer.toString(port),
                "--output", "text");
        assertEquals(0, run.process().exitValue(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("analyze - :" + port + ": warning"), run.stdout());
        assertTrue(lines.get(2).startsWith("  [warning] " + LEAKED + " sockets in CLOSE_WAIT on :" + port
                + " held by pid " + ProcessHandle.current().pid()), run.stdout());
        assertTrue(lines.get(3).startsWith("      > Call close() when a read returns EOF"), run.stdout());
        assertTrue(run.stdout().contains("input: netstat-linux"), run.stdout());
    }

    @Test
    void analyze_live_finds_the_leak_with_the_pid_that_holds_it() throws Exception {
        Dist.Launched run = dist.run("analyze", "--live", "--port", Integer.toString(port), "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        assertCloseWaitLeak(new JsonObject(run.stdout().trim()));
    }

    @Test
    void analyze_live_watch_with_ndjson_streams_a_result_per_interval_then_the_analysis() throws Exception {
        Dist.Launched run = dist.run("analyze", "--live", "--watch", "3", "--interval", "200ms", "--port",
                Integer.toString(port), "--output", "ndjson");
        assertEquals(0, run.process().exitValue(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(3, lines.size(), run.stdout());
        for (int i = 0; i < 2; i++) {
            JsonObject interval = new JsonObject(lines.get(i));
            assertEquals(i + 1, interval.getJsonObject("data").getJsonObject("interval").getInteger("index"));
            assertTrue(interval.getJsonArray("findings").getString(0).startsWith("interval " + (i + 1) + " ("),
                    interval.encode());
        }
        JsonObject last = new JsonObject(lines.get(2));
        assertEquals(2, last.getJsonObject("data").getJsonObject("watch").getJsonArray("intervals").size());
        assertCloseWaitLeak(last);
    }

    @Test
    void a_file_of_no_known_format_is_exit_2_naming_the_file() throws Exception {
        Path junk = Files.writeString(work.resolve("junk.txt"), "this is not socket output\n");
        Dist.Launched run = dist.run("analyze", junk.toString());
        assertEquals(2, run.process().exitValue(), run.stderr());
        assertTrue(run.stderr().contains(junk + ": not a format the analyzer knows"), run.stderr());
        assertTrue(run.stdout().isEmpty(), run.stdout());
    }

    @Test
    void explain_names_the_errno_with_its_numbers_per_platform() throws Exception {
        Dist.Launched run = dist.run("explain", "ECONNRESET", "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        JsonObject r = new JsonObject(run.stdout().trim());
        assertEquals("explain", r.getString("operation"));
        String findings = r.getJsonArray("findings").encode();
        assertTrue(findings.contains("104") && findings.contains("54") && findings.contains("10054"), findings);
    }

    @Test
    void explain_of_a_java_exception_finds_the_errno_behind_it() throws Exception {
        Dist.Launched run = dist.run("explain", "java.net.ConnectException: Connection refused", "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        assertTrue(run.stdout().contains("ECONNREFUSED"), run.stdout());
    }

    @Test
    void options_reports_the_kernel_doubling_the_receive_buffer() throws Exception {
        Dist.Launched run = dist.run("options", "--tcp", "--set", "receiveBufferSize=64KiB", "--set",
                "tcpNoDelay=true", "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        JsonObject options = new JsonObject(run.stdout().trim()).getJsonObject("data").getJsonObject("options");
        assertEquals(65536, options.getJsonObject("receiveBufferSize").getInteger("requested"));
        assertEquals(131072, options.getJsonObject("receiveBufferSize").getInteger("effective"));
        assertEquals(true, options.getJsonObject("tcpNoDelay").getBoolean("effective"));
    }

    @Test
    void options_with_an_unknown_name_is_exit_2_naming_it() throws Exception {
        Dist.Launched run = dist.run("options", "--set", "receiveBuferSize=1MiB");
        assertEquals(2, run.process().exitValue(), run.stderr());
        assertTrue(run.stderr().contains("unknown option 'receiveBuferSize'"), run.stderr());
    }

    @Test
    void analyze_with_format_and_pid_keeps_only_that_process_sockets() throws Exception {
        Path saved = capture("ss-pid.txt", "ss", "-tanp");
        Dist.Launched mine = dist.run("analyze", saved.toString(), "--format", "ss", "--pid",
                Long.toString(ProcessHandle.current().pid()), "--output", "json");
        assertEquals(0, mine.process().exitValue(), mine.stderr());
        assertCloseWaitLeak(new JsonObject(mine.stdout().trim()));
        // pid 1 (init) holds none of the leak: the filter drops them all.
        Dist.Launched init = dist.run("analyze", saved.toString(), "--format", "ss", "--pid", "1", "--output",
                "json");
        assertEquals(0, init.process().exitValue(), init.stderr());
        assertTrue(!init.stdout().contains("\"localPort\":" + port + ","), init.stdout());
    }

    @Test
    void explain_reads_a_stack_trace_from_standard_input() throws Exception {
        Path trace = Files.writeString(work.resolve("trace.txt"), "io.vertx.core.VertxException: failed\n"
                + "\tat io.vertx.core.Foo.bar(Foo.java:1)\n"
                + "Caused by: java.net.ConnectException: Connection refused\n"
                + "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n");
        Dist.Launched run = dist.runWithInput(trace, "explain", "-", "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        JsonObject r = new JsonObject(run.stdout().trim());
        assertTrue(r.getJsonArray("findings").encode().contains("ECONNREFUSED"), run.stdout());
        // The trace is the target, on one line (its line ends escaped), cut after 80 characters.
        String target = r.getString("target");
        assertTrue(target.startsWith("io.vertx.core.VertxException: failed\\n\\tat ") && target.endsWith(" more)")
                && !target.contains("\n"), target);
    }

    private static void assertCloseWaitLeak(JsonObject r) {
        JsonArray findings = r.getJsonObject("data").getJsonArray("findings");
        for (int i = 0; i < findings.size(); i++) {
            JsonObject f = findings.getJsonObject(i);
            if (f.getString("code").equals("close_wait_leak") && Integer.valueOf(port).equals(f.getInteger("localPort"))) {
                assertEquals(LEAKED, f.getInteger("count"), f.encode());
                assertEquals(ProcessHandle.current().pid(), f.getLong("pid"), f.encode());
                return;
            }
        }
        throw new AssertionError("no close_wait_leak on :" + port + " in " + r.encodePrettily());
    }

    private static Path capture(String name, String... command) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", command[0])) || Files.isExecutable(Path.of("/bin",
                command[0])), command[0] + " is not installed");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return Files.writeString(work.resolve(name), new String(out, StandardCharsets.UTF_8));
    }
}
