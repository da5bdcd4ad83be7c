package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.api.Result;
import dev.sockit.api.Severity;
import dev.sockit.api.Status;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Result shape: findings, recommendations and data.findings in one order; status from the worst severity. */
class AnalysisReportTest {

    private final SocketStats stats = new SocketStats();
    private final SsLines ss = new SsLines(stats);
    private final HostFacts facts = new HostFacts();
    private final ParseReport report = new ParseReport();

    private Result analyze() {
        return AnalysisReport.toResult("socket", "0.0.0.0:8080", stats, facts, report,
                Rules.evaluate(stats, facts, report));
    }

    @Test
    void findings_recommendations_and_data_findings_share_one_order_and_critical_means_error() {
        report.format("ss");
        report.line();
        ss.tcp("LISTEN 0 128 0.0.0.0:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp(150, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"java\",pid=4711,fd=5))");
        ss.tcp(15, "CLOSE-WAIT 1 0 10.0.0.1:9090 10.0.0.2:%d users:((\"python3\",pid=812,fd=5))");
        facts.counter("TcpExt.ListenOverflows", 7);
        facts.counter("Tcp.InSegs", 1);
        facts.counter("Ip.Forwarding", 1);
        facts.sysctl("net.core.somaxconn", "4096");
        Result r = analyze();
        assertEquals("analyze", r.operation());
        assertEquals("socket", r.target());
        assertEquals("0.0.0.0:8080", r.address());
        assertEquals(Status.ERROR, r.status());
        JsonObject json = new JsonObject(r.toJson().encode());
        JsonArray data = json.getJsonObject("data").getJsonArray("findings");
        assertEquals(4, r.findings().size());
        assertEquals(r.findings().size(), data.size());
        for (int i = 0; i < data.size(); i++) {
            JsonObject f = data.getJsonObject(i);
            assertEquals(r.sentences().get(i), f.getString("message"));
            assertTrue(r.recommendations().contains(f.getString("recommendation")));
        }
        assertEquals(List.of("critical", "warning", "info", "info"),
                data.stream().map(o -> ((JsonObject) o).getString("severity")).toList());
        assertEquals("close_wait_leak", data.getJsonObject(0).getString("code"));
        assertEquals(4711L, data.getJsonObject(0).getLong("pid"));
        assertEquals(3, r.recommendations().size(), "the two close_wait_leak findings share one recommendation");
        assertEquals(data.getJsonObject(0).getString("recommendation"), r.recommendations().get(0));
        JsonObject d = json.getJsonObject("data");
        assertEquals(150L, d.getJsonObject("states").getJsonObject("tcp").getLong("CLOSE_WAIT") - 15);
        assertEquals("10.0.0.2", d.getJsonArray("topTalkers").getJsonObject(0).getString("address"));
        assertEquals(165L, d.getJsonArray("topTalkers").getJsonObject(0).getLong("count"));
        assertEquals(8080, d.getJsonArray("listeners").getJsonObject(0).getInteger("port"));
        assertEquals("ss", d.getJsonObject("input").getString("format"));
        assertEquals(166L, d.getJsonObject("input").getLong("sockets"));
        assertEquals(7L, d.getJsonObject("counters").getLong("TcpExt.ListenOverflows"));
        assertTrue(d.getJsonObject("counters").containsKey("Tcp.InSegs"));
        assertTrue(!d.getJsonObject("counters").containsKey("Ip.Forwarding"), "only the relevant counters");
        assertEquals("4096", d.getJsonObject("sysctls").getString("net.core.somaxconn"));
    }

    @Test
    void the_analysis_reads_back_from_its_json_byte_for_byte_with_its_records() {
        ss.tcp("LISTEN 0 128 0.0.0.0:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp(150, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"java\",pid=4711,fd=5))");
        facts.counter("TcpExt.ListenOverflows", 7);
        Result r = analyze();
        String json = r.toJson().encode();
        Result back = Result.fromJson(new JsonObject(json));
        assertTrue(back.structured());
        assertEquals(json, back.toJson().encode());
        assertEquals(r.findings().stream().map(Finding::code).toList(),
                back.findings().stream().map(Finding::code).toList());
        assertEquals(List.of("findings", "states"), new JsonObject(json).getJsonObject("data").fieldNames().stream()
                .limit(2).toList(), "data.findings comes first, as before findings were records");
    }

    @Test
    void a_warning_at_worst_is_status_warning_and_info_or_nothing_is_success() {
        ss.tcp(10, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d");
        assertEquals(Status.WARNING, analyze().status());
        SocketStats quiet = new SocketStats();
        new SsLines(quiet).tcp("ESTAB 0 0 127.0.0.1:8080 127.0.0.1:40000")
                .tcp("LISTEN 0 128 0.0.0.0:22 0.0.0.0:*");
        Result r = AnalysisReport.toResult("socket", null, quiet, null, null, Rules.evaluate(quiet, null, null));
        assertEquals(Status.SUCCESS, r.status());
        assertEquals(1, r.findings().size(), "listen_all_interfaces is info");
        SocketStats empty = new SocketStats();
        r = AnalysisReport.toResult("socket", null, empty, null, null, Rules.evaluate(empty, null, null));
        assertEquals(Status.SUCCESS, r.status());
        assertTrue(r.findings().isEmpty());
        assertEquals(new JsonArray(), r.toJson().getJsonObject("data").getJsonArray("findings"));
    }

    @Test
    void severities_are_lower_case_in_json_and_every_code_is_documented() throws Exception {
        assertEquals("\"critical\"", new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(Severity.CRITICAL));
        java.nio.file.Path doc = java.nio.file.Path.of("../../docs/analyzer-findings.md");
        String text = java.nio.file.Files.readString(doc);
        for (String code : FindingCode.ALL) {
            assertTrue(text.contains("### `" + code + "`"), code + " is not documented in " + doc);
        }
    }
}
