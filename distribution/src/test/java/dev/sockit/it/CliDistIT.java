package dev.sockit.it;

import dev.sockit.api.HostPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands of the distribution the other tests do not run, as README.md and the docs describe them: {@code run}
 * with {@code --output text} and {@code ndjson}, {@code options --udp}, {@code plugins install} and
 * {@code remove}, {@code explain -} on a piped file, {@code analyze} in text with {@code --pid}, {@code --format}
 * and {@code --watch}, and tcp-server {@code trafficShaping} shared by the instances of a process.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CliDistIT {

    @TempDir
    static Path work;

    static Dist dist;

    private final List<Dist.Launched> started = new ArrayList<>();

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    @AfterEach
    void stopWhatIsStillRunning() throws InterruptedException {
        for (Dist.Launched l : started) {
            if (l.process().isAlive()) {
                l.terminate(30);
            }
        }
    }

    @Test
    void run_with_output_text_prints_the_process_table_at_start_and_stop() throws Exception {
        Dist.Launched run = launch("text.yaml", echo(1, ""), "--output", "text");
        String first = waitForStdout(run, "RUNNING");
        assertTrue(first.startsWith("run runtime 127.0.0.1:"), first);
        assertTrue(first.lines().anyMatch(l -> l.trim().matches("PROCESS\\s+KIND\\s+STATE\\s+INSTANCES\\s+ADDRESS"
                + "\\s+DETAIL")), first);
        assertTrue(first.lines().anyMatch(l -> l.trim().matches("echo\\s+tcp-server\\s+RUNNING\\s+1\\s+127\\.0\\.0\\.1:"
                + "\\d+")), first);
        assertEquals(0, run.terminate(30), run.stderr());
        String all = run.stdout();
        assertTrue(all.contains("stop runtime 127.0.0.1:"), all);
        assertFalse(all.contains("{\""), "JSON in the text output: " + all);
    }

    @Test
    void run_with_output_ndjson_prints_one_Result_a_line_the_start_then_the_stop() throws Exception {
        Dist.Launched run = launch("ndjson.yaml", echo(1, ""), "--output", "ndjson");
        JsonObject start = run.firstResult(60);
        assertEquals("run", start.getString("operation"));
        assertEquals(0, run.terminate(30), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(2, lines.size(), run.stdout());
        JsonObject stop = new JsonObject(lines.get(1));
        assertEquals("stop", stop.getString("operation"), stop.encode());
        assertEquals("STOPPED", stop.getJsonObject("data").getJsonArray("processes").getJsonObject(0)
                .getString("state"), stop.encode());
    }

    @Test
    void options_udp_says_a_TCP_only_option_is_not_applied_with_a_warning() throws Exception {
        Dist.Launched run = dist.run("options", "--udp", "--set", "tcpNoDelay=true", "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        JsonObject r = new JsonObject(run.stdout().strip());
        assertEquals("warning", r.getString("status"), r.encode());
        assertEquals("tcpNoDelay applies to TCP sockets only; not applied to the UDP socket",
                r.getJsonArray("findings").getString(0));
        JsonObject entry = r.getJsonObject("data").getJsonObject("options").getJsonObject("tcpNoDelay");
        assertFalse(entry.containsKey("effective"), entry.encode());
    }

    @Test
    void plugins_install_adds_a_jar_that_list_shows_and_run_uses_and_remove_deletes_it() throws Exception {
        Path built = ExamplePlugin.build(dist, Files.createDirectories(work.resolve("built")));
        Dist.Launched install = dist.run("plugins", "install", built.toString(), "--output", "json");
        assertEquals(0, install.process().exitValue(), install.stdout() + install.stderr());

        JsonObject greeter = plugin(dist.run("plugins", "list", "--output", "json"), "greeter");
        assertEquals("STARTED", greeter.getString("state"), greeter.encode());
        assertTrue(greeter.getJsonArray("kinds").contains("greeter"), greeter.encode());

        Dist.Launched run = launch("greeter.yaml", "  hello:\n    kind: greeter\n"
                + "    config: { port: 0, greeting: 'installed' }\n", "--output", "json");
        JsonObject result = run.firstResult(60);
        assertEquals("success", result.getString("status"), result.encode());
        assertEquals(0, run.terminate(30), run.stderr());

        Dist.Launched remove = dist.run("plugins", "remove", "greeter", "--output", "json");
        assertEquals(0, remove.process().exitValue(), remove.stdout() + remove.stderr());
        assertEquals(null, plugin(dist.run("plugins", "list", "--output", "json"), "greeter"));
        try (var files = Files.list(dist.plugins())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("greeter")), "the jar is still there");
        }
        Dist.Launched gone = dist.run("run", "-c", work.resolve("greeter.yaml").toString());
        assertEquals(2, gone.process().exitValue(), gone.stderr());
        assertTrue(gone.stderr().contains("unknown kind 'greeter'"), gone.stderr());
    }

    @Test
    void explain_dash_reads_the_error_from_a_piped_file() throws Exception {
        Path input = Files.writeString(work.resolve("error.txt"), "ECONNREFUSED\n");
        Dist.Launched run = dist.runWithInput(input, "explain", "-", "--output", "json");
        assertEquals(0, run.process().exitValue(), run.stderr());
        JsonObject r = new JsonObject(run.stdout().strip());
        assertEquals("explain", r.getString("operation"));
        assertTrue(r.getJsonArray("findings").getString(0).startsWith("ECONNREFUSED [Linux 111"), r.encode());
    }

    /**
     * {@code analyze} in text with {@code --pid}, {@code --format} and {@code --watch}: a saved {@code ss -tanp}
     * read as {@code ss} and cut to the pid of a running sockit shows its listener and the one connection held
     * here; the same file forced to another format is a warning naming the lines it could not read; the live
     * host watched twice prints each interval, then the report.
     */
    @Test
    void analyze_in_text_with_pid_format_and_watch() throws Exception {
        ExternalCommand.requireTool("ss", "iproute2");
        Dist.Launched server = launch("analyzed.yaml", echo(1, ""), "--output", "json");
        JsonObject result = server.firstResult(60);
        String a = result.getString("address");
        int port = HostPort.parse(a).port();
        String pid = String.valueOf(server.process().pid());
        Path saved = work.resolve("ss-tanp.txt");
        try (Socket held = new Socket()) {
            held.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            Files.write(saved, ExternalCommand.ok(List.of("ss", "-tanp")).stdout());
        }

        Dist.Launched ss = dist.run("analyze", saved.toString(), "--format", "ss", "--pid", pid, "--output", "text");
        assertEquals(0, ss.process().exitValue(), ss.stderr());
        assertTrue(ss.stdout().startsWith("analyze " + saved + ": success"), ss.stdout());
        assertTrue(ss.stdout().lines().anyMatch(l -> l.trim().equals("tcp: ESTABLISHED 1 LISTEN 1")), ss.stdout());
        assertTrue(ss.stdout().lines().anyMatch(l -> l.trim()
                .matches("input: ss, \\d+ lines, \\d+ sockets, 0 unparsed")), ss.stdout());

        Dist.Launched forced = dist.run("analyze", saved.toString(), "--format", "netstat-bsd", "--output", "text");
        assertTrue(forced.stdout().startsWith("analyze " + saved + ": warning"), forced.stdout());
        assertTrue(forced.stdout().contains("could not be read as netstat-bsd"), forced.stdout());
        assertTrue(forced.stdout().contains("(unparsed_input)"), forced.stdout());

        Dist.Launched watch = dist.run("analyze", "--live", "--pid", pid, "--watch", "2", "--interval", "200ms",
                "--output", "text");
        assertEquals(0, watch.process().exitValue(), watch.stderr());
        assertTrue(watch.stdout().lines().anyMatch(l -> l.trim().startsWith("* interval 1 (")), watch.stdout());
        assertTrue(watch.stdout().contains("analyze live: "), watch.stdout());
        assertFalse(watch.stdout().contains("{\""), "JSON in the text output: " + watch.stdout());
        assertEquals(0, server.terminate(30), server.stderr());
    }

    /**
     * {@code trafficShaping.outboundBytesPerSecond} is for the process as a whole: two connections, served by the
     * two instances, share it. 384 KiB echoed on each at 128 KiB/s together take at least 4.5 s (6 s less a burst
     * of up to a second's worth), where a limit per instance would let them finish in 3; and no more than 15 s.
     */
    @Test
    void trafficShaping_is_shared_by_the_instances_within_lower_and_upper_bounds() throws Exception {
        int perConnection = 384 * 1024;
        Dist.Launched run = launch("shaped.yaml", echo(2, "      trafficShaping: { outboundBytesPerSecond: 128KiB }\n"),
                "--output", "json");
        JsonObject result = run.firstResult(60);
        assertEquals("success", result.getString("status"), result.encode());
        String a = result.getString("address");
        int port = HostPort.parse(a).port();
        byte[] payload = new byte[perConnection];
        new java.util.Random(5).nextBytes(payload);
        long t0 = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        double seconds;
        try {
            Future<byte[]> first = clients.submit(() -> echoed(clients, port, payload));
            Future<byte[]> second = clients.submit(() -> echoed(clients, port, payload));
            assertArrayEquals(payload, first.get(60, TimeUnit.SECONDS));
            assertArrayEquals(payload, second.get(60, TimeUnit.SECONDS));
            seconds = (System.nanoTime() - t0) / 1e9;
        } finally {
            clients.shutdownNow();
        }
        assertTrue(seconds >= 4.5, "768 KiB at 128 KiB/s shared took only " + seconds + " s");
        assertTrue(seconds <= 15, "768 KiB at 128 KiB/s shared took " + seconds + " s");
        assertEquals(0, run.terminate(30), run.stderr());
    }

    // ---- helpers

    private static String echo(int instances, String extra) {
        return "  echo:\n    kind: tcp-server\n    instances: " + instances + "\n    config:\n      host: 127.0.0.1\n"
                + "      port: 0\n      maxConnections: 100\n" + extra;
    }

    private Dist.Launched launch(String name, String processes, String... output) throws IOException {
        String yaml = "runtime:\n  shutdownTimeout: 3s\nprocesses:\n" + processes;
        List<String> args = new ArrayList<>(List.of("run", "-c",
                Files.writeString(work.resolve(name), yaml).toString()));
        args.addAll(List.of(output));
        Dist.Launched run = dist.launch(args.toArray(String[]::new));
        started.add(run);
        return run;
    }

    /** Waits (at most 60 s) until stdout contains {@code text} and returns it. */
    private static String waitForStdout(Dist.Launched run, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String out = run.stdout();
            if (out.contains(text)) {
                return out;
            }
            if (!run.process().isAlive()) {
                throw new AssertionError("sockit exited with " + run.process().exitValue() + ": " + run.stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' on stdout within 60 s: " + run.stdout());
    }

    private static JsonObject plugin(Dist.Launched list, String id) throws IOException {
        assertEquals(0, list.process().exitValue(), list.stderr());
        JsonArray plugins = new JsonObject(list.stdout().strip()).getJsonObject("data").getJsonArray("plugins");
        for (Object o : plugins) {
            if (id.equals(((JsonObject) o).getString("id"))) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    /** Writes {@code payload} on a new connection while reading the echo; returns what came back. */
    private static byte[] echoed(ExecutorService writers, int port, byte[] payload) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            Future<?> sent = writers.submit(() -> {
                OutputStream out = s.getOutputStream();
                out.write(payload);
                out.flush();
                return null;
            });
            InputStream in = s.getInputStream();
            byte[] back = in.readNBytes(payload.length);
            sent.get(20, TimeUnit.SECONDS);
            return back;
        } catch (Exception e) {
            throw new AssertionError("echo on port " + port + " failed", e);
        }
    }
}
