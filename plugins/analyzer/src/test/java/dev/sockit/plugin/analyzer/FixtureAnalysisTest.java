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
        "netstat-linux/netstat-an.txt|info close_wait_leak :47001; info listen_backlog_overflow :47001;"
            + " info listen_all_interfaces;"
            + " info half_closed_connections",
        "netstat-linux/netstat-tulpn.txt|info listen_backlog_overflow :47001 pid 12733; info listen_all_interfaces",
        "netstat-bsd/freebsd12-netstat-an.txt|info listen_all_interfaces",
        "netstat-windows/win10-netstat-aon.txt|info listen_all_interfaces",
        "netstat-windows/win10-netstat-aonb.txt|info listen_all_interfaces;"
            + " info close_wait_leak 82.102.152.152:443 pid 27568; info close_wait_leak 82.102.152.179:443 pid 27568;"
            + " info close_wait_leak 192.229.221.95:80 pid 27568; info close_wait_leak 82.102.152.161:443 pid 27568",
        "lsof/lsof-i-n-P.txt|",
        "lsof/ubuntu1804-lsof-inet.txt|info listen_all_interfaces",
        // Pasted in public threads about a pathology (SOURCES.md: the thread and what it concluded)
        "netstat-linux/jdk8u-dev-267-netstat-pant.txt|warning close_wait_leak :8445 pid 31014;"
            + " warning close_wait_leak :8080 pid 31014; warning close_wait_leak :8443 pid 31014",
        "netstat-linux/jetty-2169-netstat-anp.txt|warning close_wait_leak :8888 pid 22664; info listen_all_interfaces",
        "netstat-linux/dapnet-148-netstat-de.txt|warning close_wait_leak :43434",
        "netstat-linux/haproxy-136-netstat-anolp.txt|warning listen_backlog_overflow :2040 pid 11621;"
            + " warning close_wait_leak :2040",
        "netstat-linux/ptfeeder-334-netstat-neopa.txt|info close_wait_leak 13.112.130.71:9443 pid 9337;"
            + " info close_wait_leak 13.112.252.243:9443 pid 9337; info close_wait_leak 54.92.0.105:9443 pid 9337;"
            + " info close_wait_leak 54.92.75.43:9443 pid 9337; info close_wait_leak 54.92.86.171:9443 pid 9337",
        "netstat-linux/netdata-6527-netstat-unlp-de.txt|info listen_all_interfaces",
        "netstat-linux/tinyproxy-274-netstat.txt|info close_wait_leak :9482",
        "ss/garmadon-17-ss-np.txt|info close_wait_leak 127.0.0.1:33000 pid 46695",
        "ss/miniupnp-655-ss-alnp.txt|warning udp_receive_buffer_drops; info listen_all_interfaces",
        "ss-summary/i2pd-825-ss-s.txt|",
        "lsof/crystal-8626-lsof-macos.txt|info close_wait_leak :1234 pid 96412",
        "lsof/sslh-456-lsof.txt|info close_wait_leak :443 pid 844718",
        "lsof/raspberry-remote-34-lsof.txt|warning close_wait_leak :11337 pid 31540",
        "netstat-bsd/ums-739-macos-netstat-udp.txt|info listen_all_interfaces",
        "netstat-windows/grpc-5582-netstat-an.txt|",
        "netstat-windows/tailscale-20039-netstat-ano.txt|",
        "netstat-windows/zh-cn-netstat-ano.txt|",
        "netstat-s/shh-41-netstat-s.txt|warning retransmissions; info listen_backlog_overflow;"
            + " info socket_memory_pressure",
        "netstat-s/nodes7-129-netstat-st.txt|",
        "nstat/mptcp-196-nstat-5.12.txt|",
        "nstat/mptcp-501-nstat-el8.txt|",
        "nstat/node-exporter-2328-nstat-a-5.13.txt|",
        "nstat/openmptcprouter-4076-nstat-asz-mptcp.txt|"})
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

    /**
     * Every row of the outputs pasted in public threads is read: nothing unparsed, and the sockets or counters
     * counted from the files (awk over the columns).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "netstat-linux/jdk8u-dev-267-netstat-pant.txt|netstat-linux|14",
        "netstat-linux/jetty-2169-netstat-anp.txt|netstat-linux|8",
        "netstat-linux/dapnet-148-netstat-de.txt|netstat-linux|16",
        "netstat-linux/haproxy-136-netstat-anolp.txt|netstat-linux|6",
        "netstat-linux/ptfeeder-334-netstat-neopa.txt|netstat-linux|6",
        "netstat-linux/netdata-6527-netstat-unlp-de.txt|netstat-linux|6",
        "netstat-linux/tinyproxy-274-netstat.txt|netstat-linux|6",
        "ss/garmadon-17-ss-np.txt|ss|2",
        "ss/miniupnp-655-ss-alnp.txt|ss|2",
        "lsof/crystal-8626-lsof-macos.txt|lsof|10",
        "lsof/sslh-456-lsof.txt|lsof|8",
        "lsof/raspberry-remote-34-lsof.txt|lsof|11",
        "netstat-bsd/ums-739-macos-netstat-udp.txt|netstat-bsd|11",
        "netstat-windows/grpc-5582-netstat-an.txt|netstat-windows|6",
        "netstat-windows/tailscale-20039-netstat-ano.txt|netstat-windows|7",
        "netstat-windows/zh-cn-netstat-ano.txt|netstat-windows|2",
        "ss-summary/i2pd-825-ss-s.txt|ss-summary|0",
        "netstat-s/shh-41-netstat-s.txt|netstat-s|0",
        "netstat-s/nodes7-129-netstat-st.txt|netstat-s|0",
        "nstat/mptcp-196-nstat-5.12.txt|nstat|0",
        "nstat/mptcp-501-nstat-el8.txt|nstat|0",
        "nstat/node-exporter-2328-nstat-a-5.13.txt|nstat|0",
        "nstat/openmptcprouter-4076-nstat-asz-mptcp.txt|nstat|0"})
    void every_row_pasted_in_a_public_thread_is_read(String fixture, String format, long sockets) throws Exception {
        Result r = analyze(fixture);
        assertInput(r, format);
        assertEquals(sockets, r.data().getJsonObject("input").getLong("sockets"), fixture);
    }

    @Test
    void german_netstat_reads_verbunden_as_established_and_its_title_as_no_socket() throws Exception {
        Result r = analyze("netstat-linux/dapnet-148-netstat-de.txt");
        JsonObject tcp = r.data().getJsonObject("states").getJsonObject("tcp");
        assertEquals(1, tcp.getInteger("ESTABLISHED"), tcp.encode());
        assertEquals(15, tcp.getInteger("CLOSE_WAIT"), tcp.encode());
        JsonObject leak = ScenarioAnalysisTest.finding(r, "close_wait_leak", 43434);
        assertTrue(leak.getString("message").contains("15 hold unread data"), leak.encode());
        Result title = analyze("netstat-linux/netdata-6527-netstat-unlp-de.txt");
        assertEquals("success", title.status().json(), "a translated title is no unread input: " + title.sentences());
    }

    @Test
    void a_listener_whose_accept_queue_netstat_shows_without_a_backlog_is_judged() throws Exception {
        // haproxy stopped accepting (thread: connections left in CLOSE_WAIT used up its file descriptors)
        Result r = analyze("netstat-linux/haproxy-136-netstat-anolp.txt");
        JsonObject overflow = ScenarioAnalysisTest.finding(r, "listen_backlog_overflow", 2040);
        assertEquals("warning", overflow.getString("severity"), overflow.encode());
        assertEquals(7001L, overflow.getLong("acceptQueue"), overflow.encode());
        assertEquals(128L, overflow.getLong("acceptQueueWarning"), overflow.encode());
    }

    @Test
    void a_udp_socket_with_a_full_receive_queue_is_a_reader_that_stopped() throws Exception {
        Result r = analyze("ss/miniupnp-655-ss-alnp.txt");
        JsonObject udp = ScenarioAnalysisTest.finding(r, "udp_receive_buffer_drops", -1);
        assertEquals("warning", udp.getString("severity"), udp.encode());
        assertEquals(1855488L, udp.getLong("recvQ"), udp.encode());
        assertTrue(udp.getString("message").contains("pid 1165 (dms)"), udp.encode());
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
