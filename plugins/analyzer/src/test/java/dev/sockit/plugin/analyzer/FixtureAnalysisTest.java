package dev.sockit.plugin.analyzer;

import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole analyses of the real outputs from other systems in {@code fixtures/} (their sources are in each folder's
 * SOURCES.md): what a correct analysis must report, counted from the files independently (awk over the columns).
 */
class FixtureAnalysisTest {

    private final Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");

    @Test
    void windows_10_netstat_ano() throws Exception {
        Result r = analyze("netstat-windows/win10-netstat-aon.txt");
        assertInput(r, "netstat-windows");
        JsonObject tcp = r.data().getJsonObject("states").getJsonObject("tcp");
        assertEquals(32, tcp.getInteger("ESTABLISHED"), tcp.encode());
        assertEquals(39, tcp.getInteger("LISTEN"), tcp.encode());
        assertEquals(137, count(r.data().getJsonObject("states").getJsonObject("udp")), r.data().encode());
        // 21 TCP listeners on 0.0.0.0 or [::], and the UDP sockets bound to every interface.
        JsonObject all = ScenarioAnalysisTest.finding(r, "listen_all_interfaces", -1);
        assertTrue(all.getLong("count") >= 21, all.encode());
        assertEquals("success", r.status().json(), "nothing worse than info on this desktop: " + r.sentences());
    }

    @Test
    void freebsd_12_netstat_an() throws Exception {
        Result r = analyze("netstat-bsd/freebsd12-netstat-an.txt");
        assertInput(r, "netstat-bsd");
        JsonObject tcp = r.data().getJsonObject("states").getJsonObject("tcp");
        assertEquals(1, tcp.getInteger("ESTABLISHED"), tcp.encode());
        assertEquals(3, tcp.getInteger("LISTEN"), tcp.encode());
        assertEquals(2, count(r.data().getJsonObject("states").getJsonObject("udp")), r.data().encode());
        // sshd on *.22 (IPv4 and IPv6) and syslogd on *.514 (udp4, udp6); sendmail's 127.0.0.1.25 is not on
        // every interface.
        JsonObject all = ScenarioAnalysisTest.finding(r, "listen_all_interfaces", -1);
        assertEquals(4, all.getLong("count"), all.encode());
        JsonArray listeners = all.getJsonArray("listeners");
        for (int i = 0; i < listeners.size(); i++) {
            int port = listeners.getJsonObject(i).getInteger("port");
            assertTrue(port == 22 || port == 514, all.encode());
        }
    }

    @Test
    void macos_netstat_with_names_finds_the_close_wait_sockets() throws Exception {
        Result r = analyze("netstat-bsd/macos-netstat.txt");
        assertInput(r, "netstat-bsd");
        JsonObject tcp = r.data().getJsonObject("states").getJsonObject("tcp");
        assertEquals(47, tcp.getInteger("ESTABLISHED"), tcp.encode());
        assertEquals(5, tcp.getInteger("CLOSE_WAIT"), tcp.encode());
        assertEquals(1, tcp.getInteger("TIME_WAIT"), tcp.encode());
        assertEquals(104, count(r.data().getJsonObject("states").getJsonObject("udp")), r.data().encode());
        JsonObject leak = ScenarioAnalysisTest.finding(r, "close_wait_leak", -1);
        assertEquals("info", leak.getString("severity"), "one CLOSE_WAIT per port is no leak yet: " + leak.encode());
    }

    @Test
    void ubuntu_lsof_names_the_programs_behind_the_listeners() throws Exception {
        Result r = analyze("lsof/ubuntu1804-lsof-inet.txt");
        assertInput(r, "lsof");
        JsonObject tcp = r.data().getJsonObject("states").getJsonObject("tcp");
        assertEquals(12, tcp.getInteger("LISTEN"), "one row per process and thread, as lsof prints: " + tcp.encode());
        assertEquals(2, tcp.getInteger("ESTABLISHED"), tcp.encode());
        JsonObject all = ScenarioAnalysisTest.finding(r, "listen_all_interfaces", -1);
        assertTrue(all.encode().contains("sshd"), "sshd listens on *:ssh: " + all.encode());
    }

    @Test
    void nstat_totals_are_detected_and_the_findings_do_not_call_them_totals_since_boot() throws Exception {
        Result r = analyze("nstat/nstat-as.txt");
        assertInput(r, "nstat");
        // TcpExtListenOverflows 240 and UdpRcvbufErrors 70886 in this capture
        JsonObject overflow = ScenarioAnalysisTest.finding(r, "listen_backlog_overflow", -1);
        assertTrue(overflow.getString("message").contains("increases since its previous run, or totals since boot"),
                overflow.encode());
        JsonObject udp = ScenarioAnalysisTest.finding(r, "udp_receive_buffer_drops", -1);
        assertTrue(udp.getString("message").contains("70886"), udp.encode());
        assertTrue(udp.getString("message").contains("as nstat printed them"), udp.encode());
    }

    @Test
    void lsof_with_service_names_finds_the_listener_on_its_port() throws Exception {
        Result r = analyze("lsof/lsof-i-names.txt");
        assertInput(r, "lsof");
        JsonObject tcp = r.data().getJsonObject("states").getJsonObject("tcp");
        assertEquals(3, tcp.getInteger("LISTEN"), tcp.encode());
        assertEquals(4, tcp.getInteger("ESTABLISHED"), tcp.encode());
        assertTrue(r.toJson().encode().contains("localhost:443"), r.toJson().encode());
        assertTrue(!r.toJson().encode().contains("localhost:0\""), r.toJson().encode());
    }

    @Test
    void time_wait_toward_one_destination_is_found_in_macos_and_windows_netstat_too(@TempDir Path dir)
            throws Exception {
        StringBuilder mac = new StringBuilder("Active Internet connections (including servers)\n"
                + "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n");
        StringBuilder win = new StringBuilder("\nActive Connections\n\n  Proto  Local Address          Foreign Address"
                + "        State           PID\n");
        for (int port = 50000; port < 51500; port++) {
            mac.append("tcp4       0      0  192.168.1.20.").append(port).append("     10.0.0.5.443          TIME_WAIT\n");
            win.append("  TCP    192.168.1.20:").append(port).append("    10.0.0.5:443         TIME_WAIT       0\n");
        }
        for (String[] input : new String[][] {{"macos.txt", mac.toString(), "netstat-bsd"},
                {"windows.txt", win.toString().replace("\n", "\r\n"), "netstat-windows"}}) {
            Path file = dir.resolve(input[0]);
            Files.writeString(file, input[1]);
            Result r = services.analyze(new AnalyzeRequest(file.toString(), input[0], "auto", false, null, null, 1,
                    1000));
            assertInput(r, input[2]);
            JsonObject storm = ScenarioAnalysisTest.finding(r, "time_wait_storm", -1);
            // 1500 of IANA's 16384 dynamic ports toward one destination: 9 %
            assertEquals("warning", storm.getString("severity"), input[0] + ": " + storm.encode());
            assertEquals("10.0.0.5:443", storm.getString("destination"), storm.encode());
            assertEquals(16384L, storm.getLong("portRangeSize"), storm.encode());
            JsonObject shortOnes = ScenarioAnalysisTest.finding(r, "many_short_connections", -1);
            assertEquals("warning", shortOnes.getString("severity"), shortOnes.encode());
            assertEquals(1500L, shortOnes.getLong("count"), shortOnes.encode());
        }
    }

    /**
     * The whole diagnosis of every saved fixture, pinned: each finding's severity, code and culprit (its port, or its
     * remote and pid for a client's leak), in the Result's order. A rule change that alters what a real capture says
     * shows up here as a reviewable diff.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ss/centos7-ss-a.txt|info listen_all_interfaces",
        "ss/ss-tanpmie.txt|info close_wait_leak :47001; info listen_backlog_overflow :47001 pid 12733;"
            + " info listen_all_interfaces; info half_closed_connections",
        "ss/ss-tanpmieH.txt|info close_wait_leak :47001; info listen_backlog_overflow :47001 pid 12733;"
            + " info listen_all_interfaces; info half_closed_connections",
        "ss/ss-tio-estab.txt|",
        "ss/ss-tuln.txt|info listen_backlog_overflow :47001; info listen_all_interfaces",
        "ss/ss-xap.txt|",
        "ss/ubuntu1804-ss-tulpen.txt|info listen_all_interfaces",
        "netstat-linux/centos7-netstat-aeep.txt|info listen_all_interfaces",
        "netstat-linux/netstat-an.txt|info close_wait_leak :47001; info listen_all_interfaces;"
            + " info half_closed_connections",
        "netstat-linux/netstat-tulpn.txt|info listen_all_interfaces",
        "netstat-bsd/freebsd12-netstat-an.txt|info listen_all_interfaces",
        "netstat-windows/win10-netstat-aon.txt|info listen_all_interfaces",
        "netstat-windows/win10-netstat-aonb.txt|info listen_all_interfaces;"
            + " info close_wait_leak 82.102.152.152:443 pid 27568; info close_wait_leak 82.102.152.179:443 pid 27568;"
            + " info close_wait_leak 192.229.221.95:80 pid 27568; info close_wait_leak 82.102.152.161:443 pid 27568",
        "lsof/lsof-i-n-P.txt|",
        "lsof/ubuntu1804-lsof-inet.txt|info listen_all_interfaces"})
    void every_fixture_gives_the_diagnosis_pinned_for_it(String fixture, String expected) throws Exception {
        Result r = analyze(fixture);
        JsonArray findings = r.toJson().getJsonObject("data").getJsonArray("findings");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            JsonObject f = findings.getJsonObject(i);
            StringBuilder d = new StringBuilder(f.getString("severity")).append(' ').append(f.getString("code"));
            if ("client".equals(f.getString("side"))) {
                d.append(' ').append(f.getString("remote")).append(':').append(f.getInteger("remotePort"));
            } else if (f.getInteger("localPort") != null) {
                d.append(" :").append(f.getInteger("localPort"));
            }
            if (f.getLong("pid") != null) {
                d.append(" pid ").append(f.getLong("pid"));
            }
            got.add(d.toString());
        }
        assertEquals(expected == null ? "" : expected, String.join("; ", got), fixture);
    }

    private Result analyze(String fixture) throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/fixtures/" + fixture).toURI());
        return services.analyze(new AnalyzeRequest(file.toString(), fixture, "auto", false, null, null, 1, 1000));
    }

    private static void assertInput(Result r, String format) {
        JsonObject input = r.data().getJsonObject("input");
        assertEquals(format, input.getString("format"), input.encode());
        assertEquals(0, input.getLong("unparsed"), input.encode());
    }

    private static long count(JsonObject perState) {
        long n = 0;
        for (String state : perState.fieldNames()) {
            n += perState.getLong(state);
        }
        return n;
    }
}
