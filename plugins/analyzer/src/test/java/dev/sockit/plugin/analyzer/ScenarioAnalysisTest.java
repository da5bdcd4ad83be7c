package dev.sockit.plugin.analyzer;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Socket problems made for real on the loopback ({@link Scenario}), captured with {@code ss} and {@code netstat}
 * while they exist, and analysed from those files: each capture must give the right finding, on the right port,
 * with the right process and counts.
 */
class ScenarioAnalysisTest {

    @TempDir
    Path dir;

    private final List<AuditEvent> audited = new ArrayList<>();
    private final Services services = new Services(AnalyzerConfig.defaults(), audited::add, "analyzer");

    @Test
    void a_close_wait_leak_is_found_on_its_port_with_its_pid_and_count() throws Exception {
        assumeTrue(Scenario.has("ss"), "ss (iproute2) is not installed");
        try (Scenario s = Scenario.closeWaitLeak()) {
            for (Path capture : captures(s)) {
                JsonObject f = finding(analyze(capture, s.port), "close_wait_leak", s.port);
                assertEquals("warning", f.getString("severity"), capture + ": " + f.encode());
                assertEquals(12, f.getLong("count"), capture + ": " + f.encode());
                if (!capture.getFileName().toString().startsWith("proc")) {
                    // /proc/net/tcp6 has no process column; ss -p, netstat -p and the live analysis name it
                    assertEquals(Scenario.pid(), f.getLong("pid"), capture + ": " + f.encode());
                    assertEquals("java", f.getString("program"), capture + ": " + f.encode());
                }
            }
            JsonObject live = finding(live(s.port), "close_wait_leak", s.port);
            assertEquals(12, live.getLong("count"), live.encode());
            assertEquals(Scenario.pid(), live.getLong("pid"), live.encode());
            assertEquals("java", live.getString("program"), live.encode());
        }
    }

    @Test
    void a_time_wait_storm_of_short_connections_is_found_against_its_server() throws Exception {
        assumeTrue(Scenario.has("ss"), "ss (iproute2) is not installed");
        try (Scenario s = Scenario.timeWaitStorm()) {
            for (Path capture : captures(s)) {
                Result r = analyze(capture, s.port);
                JsonObject storm = finding(r, "time_wait_storm", -1);
                assertTrue(storm.getLong("count") >= 1200, capture + ": " + storm.encode());
                JsonObject shortOnes = finding(r, "many_short_connections", -1);
                assertEquals(s.port, shortOnes.getInteger("remotePort"), capture + ": " + shortOnes.encode());
                // Java's sockets are dual-stack: ss and netstat show the IPv4 peer as ::ffff:127.0.0.1.
                assertTrue(shortOnes.getString("remote").matches("(::ffff:)?127\\.0\\.0\\.1"),
                        capture + ": " + shortOnes.encode());
                assertTrue(shortOnes.getLong("count") >= 1200, capture + ": " + shortOnes.encode());
                assertEquals("warning", shortOnes.getString("severity"), capture + ": " + shortOnes.encode());
            }
        }
    }

    @Test
    void a_listener_that_never_accepts_shows_its_accept_queue_overflowing() throws Exception {
        assumeTrue(Scenario.has("ss"), "ss (iproute2) is not installed");
        try (Scenario s = Scenario.listenerNeverAccepts()) {
            // Only ss shows a listener's backlog (Send-Q); netstat shows 0 there.
            Path capture = Scenario.capture(dir.resolve("ss-tlnp.txt"), "ss", "-tanpmieo");
            JsonObject f = finding(analyze(capture, s.port), "listen_backlog_overflow", s.port);
            assertEquals("critical", f.getString("severity"), f.encode());
            assertEquals(4, f.getLong("backlog"), f.encode());
            assertEquals(5, f.getLong("acceptQueue"), "the kernel queues backlog + 1: " + f.encode());
        }
    }

    @Test
    void a_receiver_that_never_reads_and_the_sender_it_blocks_are_both_found() throws Exception {
        assumeTrue(Scenario.has("ss"), "ss (iproute2) is not installed");
        try (Scenario s = Scenario.receiverNeverReads()) {
            List<Result> results = new ArrayList<>();
            for (Path capture : captures(s)) {
                results.add(analyze(capture, s.port));
            }
            results.add(live(s.port));
            for (Result r : results) {
                String capture = r.target();
                JsonObject full = finding(r, "receive_buffer_full", -1);
                assertEquals(1, full.getLong("count"), capture + ": " + full.encode());
                JsonObject backlog = finding(r, "send_queue_backlog", -1);
                assertEquals(1, backlog.getLong("count"), capture + ": " + backlog.encode());
            }
        }
    }

    @Test
    void a_healthy_mix_gives_no_warning_about_its_port() throws Exception {
        assumeTrue(Scenario.has("ss"), "ss (iproute2) is not installed");
        try (Scenario s = Scenario.healthy()) {
            for (Path capture : captures(s)) {
                Result r = analyze(capture, s.port);
                JsonArray findings = r.toJson().getJsonObject("data").getJsonArray("findings");
                for (int i = 0; i < findings.size(); i++) {
                    JsonObject f = findings.getJsonObject(i);
                    assertEquals("info", f.getString("severity"), capture + ": " + f.encode());
                }
                JsonObject states = r.data().getJsonObject("states");
                assertNotNull(states, r.toJson().encode());
                assertTrue(states.encode().contains("ESTABLISHED"), states.encode());
            }
        }
    }

    @Test
    void a_live_watch_reports_new_time_wait_between_its_samples() throws Exception {
        assumeTrue(java.nio.file.Files.isDirectory(Path.of("/proc/net")), "no /proc/net: not Linux");
        Scenario[] storm = new Scenario[1];
        Thread maker = new Thread(() -> {
            try {
                Thread.sleep(100);
                storm[0] = Scenario.timeWaitStorm();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        maker.start();
        Result r = services.analyze(new AnalyzeRequest(null, null, "auto", true, null, null, 3, 400));
        maker.join(10_000);
        try {
            JsonObject watch = r.data().getJsonObject("watch");
            assertEquals(3, watch.getInteger("samples"), r.data().encode());
            JsonArray intervals = watch.getJsonArray("intervals");
            assertEquals(2, intervals.size(), watch.encode());
            long created = 0;
            for (int i = 0; i < intervals.size(); i++) {
                created += intervals.getJsonObject(i).getLong("newTimeWait");
            }
            assertTrue(created >= 200, "new TIME_WAIT seen by the watch: " + watch.encode());
        } finally {
            if (storm[0] != null) {
                storm[0].close();
            }
        }
    }

    /**
     * {@code ss -tanpmieo}, {@code netstat -tanpe} where net-tools is installed, and {@code /proc/net/tcp6} (Java's
     * sockets are dual-stack, so the kernel lists them there), taken now.
     */
    private List<Path> captures(Scenario s) throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(Scenario.capture(dir.resolve("ss-" + s.port + ".txt"), "ss", "-tanpmieo"));
        if (Scenario.has("netstat")) {
            files.add(Scenario.capture(dir.resolve("netstat-" + s.port + ".txt"), "netstat", "-tanpe"));
        }
        Path tcp6 = Path.of("/proc/net/tcp6");
        if (java.nio.file.Files.isReadable(tcp6)) {
            files.add(java.nio.file.Files.write(dir.resolve("proc-tcp6-" + s.port + ".txt"),
                    java.nio.file.Files.readAllBytes(tcp6)));
        }
        return files;
    }

    /** The live host, sockets with {@code port} only. */
    private Result live(int port) {
        return services.analyze(new AnalyzeRequest(null, null, "auto", true, port, null, 1, 1000));
    }

    private Result analyze(Path file, int port) {
        Result r = services.analyze(new AnalyzeRequest(file.toString(), file.getFileName().toString(), "auto", false,
                port, null, 1, 1000));
        assertEquals(0, r.data().getJsonObject("input").getLong("unparsed"), r.toJson().encode());
        return r;
    }

    /** The first finding of {@code code} (on {@code localPort} unless it is -1); fails when there is none. */
    static JsonObject finding(Result r, String code, int localPort) {
        JsonArray findings = r.toJson().getJsonObject("data").getJsonArray("findings");
        for (int i = 0; i < findings.size(); i++) {
            JsonObject f = findings.getJsonObject(i);
            if (f.getString("code").equals(code)
                    && (localPort < 0 || Integer.valueOf(localPort).equals(f.getInteger("localPort")))) {
                return f;
            }
        }
        assertFalse(true, "no " + code + (localPort < 0 ? "" : " on :" + localPort) + " in " + r.toJson().encode());
        return null;
    }
}
