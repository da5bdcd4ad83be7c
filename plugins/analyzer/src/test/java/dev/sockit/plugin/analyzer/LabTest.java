package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import dev.sockit.contracts.AnalyzerContract.CaptureRequest;
import dev.sockit.contracts.AnalyzerContract.LabRequest;
import dev.sockit.plugin.analyzer.lab.Lab;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every lab scenario, built for real on the loopback, is diagnosed by {@code analyze --live} and from a
 * {@code capture} bundle with the expected code, severity, port and pid; the healthy one gives nothing worse than
 * info about its port.
 */
class LabTest {

    /** The severity each scenario's finding should have. */
    private static final Map<Lab.Scenario, String> SEVERITY = Map.of(
            Lab.Scenario.CLOSE_WAIT_LEAK, "warning",
            Lab.Scenario.TIME_WAIT_STORM, "warning",
            Lab.Scenario.BACKLOG_OVERFLOW, "critical",
            Lab.Scenario.RECEIVER_NOT_READING, "warning",
            Lab.Scenario.PEER_NOT_READING, "warning",
            Lab.Scenario.UDP_RCVBUF_DROPS, "warning",
            Lab.Scenario.MANY_SHORT_CONNECTIONS, "warning");

    private final Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Lab.Scenario.class)
    void each_scenario_is_found_live_and_from_a_capture_with_its_code_severity_port_and_pid(Lab.Scenario scenario)
            throws Exception {
        try (Lab lab = Lab.build(scenario)) {
            Result live = services.analyze(new AnalyzeRequest(null, null, "auto", true, lab.port(), null, 1, 1000));
            Path bundle = dir.resolve("capture-" + scenario.cliName());
            services.capture(new CaptureRequest(bundle.toString(), 100));
            Result captured = services.analyze(new AnalyzeRequest(bundle.toString(), null, "auto", false, lab.port(),
                    null, 1, 1000));
            for (Result r : List.of(live, captured)) {
                String where = scenario.cliName() + " " + r.target();
                if (scenario.code() == null) {
                    for (JsonObject f : findings(r)) {
                        assertTrue(!"warning".equals(f.getString("severity"))
                                && !"critical".equals(f.getString("severity")) || !mentions(f, lab.port()),
                                where + ": " + f.encode());
                    }
                    continue;
                }
                JsonObject f = finding(r, scenario.code(), lab.port(), where);
                assertEquals(SEVERITY.get(scenario), f.getString("severity"), where + ": " + f.encode());
                assertTrue(mentions(f, lab.port()), where + ": the port " + lab.port() + " in " + f.encode());
                if (scenario != Lab.Scenario.TIME_WAIT_STORM && scenario != Lab.Scenario.MANY_SHORT_CONNECTIONS) {
                    // TIME_WAIT sockets belong to no process any more
                    assertTrue(f.encode().contains(Long.toString(lab.pid())), where + ": pid " + lab.pid() + " in "
                            + f.encode());
                }
            }
        }
    }

    @Test
    void an_unknown_scenario_lists_the_known_ones_and_the_run_says_what_it_built() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> LabRun.run(new LabRequest("slow-loris", 1000, null), (a, r) -> { }));
        assertEquals("lab: unknown scenario 'slow-loris' (scenarios: close-wait-leak, time-wait-storm, "
                + "backlog-overflow, receiver-not-reading, peer-not-reading, udp-rcvbuf-drops, "
                + "many-short-connections, healthy)", e.getMessage());
        List<Result> progress = new ArrayList<>();
        Result done = LabRun.run(new LabRequest("close-wait-leak", 1000, "here"), (a, r) -> progress.add(r));
        assertEquals(1, progress.size());
        JsonObject built = progress.get(0).data();
        assertEquals("built", built.getString("phase"));
        assertEquals("close_wait_leak", built.getString("expect"));
        assertEquals(ProcessHandle.current().pid(), built.getLong("pid"));
        assertTrue(progress.get(0).findings().get(0).message().contains("held by pid " + ProcessHandle.current().pid()),
                progress.get(0).findings().toString());
        assertEquals("cleaned up", done.data().getString("phase"));
    }

    private static boolean mentions(JsonObject f, int port) {
        String p = Integer.toString(port);
        return p.equals(String.valueOf(f.getValue("localPort"))) || p.equals(String.valueOf(f.getValue("remotePort")))
                || f.getString("message").contains(":" + p);
    }

    private static List<JsonObject> findings(Result r) {
        JsonArray all = r.toJson().getJsonObject("data").getJsonArray("findings");
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            out.add(all.getJsonObject(i));
        }
        return out;
    }

    /** The finding of {@code code} about {@code port} if there is one, else the first of {@code code}. */
    private static JsonObject finding(Result r, String code, int port, String where) {
        return findings(r).stream().filter(f -> f.getString("code").equals(code))
                .sorted(java.util.Comparator.comparing(f -> mentions(f, port) ? 0 : 1)).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": no " + code + " in " + r.toJson().encode()));
    }
}
