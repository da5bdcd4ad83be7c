package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several inputs joined as one host: one listing of the sockets, everyone's counters, rates from two samples. */
class InputSetTest {

    private static final String SS = String.join("\n",
            "State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process",
            "LISTEN 129    128    0.0.0.0:8080        0.0.0.0:*         users:((\"java\",pid=4711,fd=12))",
            "ESTAB  0      0      10.0.0.1:8080       10.0.0.2:40001    users:((\"java\",pid=4711,fd=40))", "");

    private final Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");

    @TempDir
    Path dir;

    private static String nstat(long overflows, long passive) {
        return "#kernel\n"
                + String.format("TcpPassiveOpens                 %-16d   0.0%n", passive)
                + String.format("TcpExtListenOverflows           %-16d   0.0%n", overflows)
                + String.format("TcpExtListenDrops               %-16d   0.0%n", overflows);
    }

    private Path write(String name, String text, long mtimeMillis) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.fromMillis(mtimeMillis));
        return p;
    }

    private Result analyze(List<String> paths) {
        return services.analyze(new AnalyzeRequest(null, null, "auto", false, null, null, 1, 1000, null, paths));
    }

    private static JsonObject finding(Result r, String code) {
        JsonArray findings = r.toJson().getJsonObject("data").getJsonArray("findings");
        for (int i = 0; i < findings.size(); i++) {
            if (findings.getJsonObject(i).getString("code").equals(code)) {
                return findings.getJsonObject(i);
            }
        }
        throw new AssertionError("no " + code + " in " + r.toJson().encode());
    }

    @Test
    void a_folder_of_a_listing_two_nstat_samples_and_sysctls_says_the_listener_overflows_now() throws Exception {
        write("ss-tanp.txt", SS, 1_000_000);
        write("nstat-1.txt", nstat(100, 5000), 1_000_000);
        write("nstat-2.txt", nstat(160, 5010), 1_010_000);
        write("sysctl.txt", "net.core.somaxconn = 128\nnet.ipv4.tcp_max_syn_backlog = 256\n", 1_000_000);
        write("uname.txt", "Linux host 6.1.0 #1 SMP x86_64 GNU/Linux\n", 1_000_000);
        Result r = analyze(List.of(dir.toString()));
        JsonObject overflow = finding(r, "listen_backlog_overflow");
        // the listener's own queue: 129 of 128
        assertEquals("critical", overflow.getString("severity"), overflow.encode());
        JsonArray data = r.toJson().getJsonObject("data").getJsonArray("findings");
        JsonObject now = null;
        for (int i = 0; i < data.size(); i++) {
            if (data.getJsonObject(i).getString("message").startsWith("Accept queues are overflowing now")) {
                now = data.getJsonObject(i);
            }
        }
        assertTrue(now != null, "60 more overflows in 10 s between the samples: " + data.encode());
        assertEquals("Accept queues are overflowing now: 6 TcpExt.ListenOverflows and 6 TcpExt.ListenDrops per"
                + " second", now.getString("message"));
        assertEquals("warning", now.getString("severity"));
        assertEquals(128L, overflow.getLong("net.core.somaxconn"), overflow.encode());
        JsonArray inputs = r.data().getJsonArray("inputs");
        assertEquals(5, inputs.size(), inputs.encode());
        assertEquals("counters", inputs.getJsonObject(0).getString("role"));
        assertEquals("nstat", inputs.getJsonObject(0).getString("format"));
        assertEquals("sockets", inputs.getJsonObject(2).getString("role"));
        assertEquals("sysctls", inputs.getJsonObject(3).getString("role"));
        assertEquals("skipped", inputs.getJsonObject(4).getString("role"), "uname.txt is no input format");
        assertEquals("ss", r.data().getJsonObject("input").getString("format"));
    }

    @Test
    void a_second_listing_of_the_sockets_is_left_out_and_a_manifest_names_the_listing_and_the_interval()
            throws Exception {
        Path ss = write("a-ss.txt", SS, 1_000_000);
        Path netstat = write("b-netstat.txt", String.join("\n",
                "Proto Recv-Q Send-Q Local Address           Foreign Address         State",
                "tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN",
                "tcp        0      0 10.0.0.1:8080           10.0.0.3:40002          ESTABLISHED", ""), 1_000_000);
        Result r = analyze(List.of(ss.toString(), netstat.toString()));
        JsonArray inputs = r.data().getJsonArray("inputs");
        assertEquals("sockets", inputs.getJsonObject(0).getString("role"));
        assertEquals("skipped", inputs.getJsonObject(1).getString("role"));
        assertTrue(inputs.getJsonObject(1).getString("reason").contains("they come from " + ss), inputs.encode());
        assertEquals(1L, r.data().getJsonObject("states").getJsonObject("tcp").getLong("ESTABLISHED"));

        // a capture bundle: its manifest picks the listing and gives the interval between the samples
        Path bundle = dir.resolve("bundle");
        Files.createDirectories(bundle);
        Files.writeString(bundle.resolve("sockit-capture.json"),
                "{\"intervalMillis\": 5000, \"sockets\": [\"ss-tanpmieo.txt\"]}");
        Files.writeString(bundle.resolve("ss-ltn.txt"), SS);
        Files.writeString(bundle.resolve("ss-tanpmieo.txt"), SS);
        Files.writeString(bundle.resolve("nstat-1.txt"), nstat(0, 10));
        Files.writeString(bundle.resolve("nstat-2.txt"), nstat(500, 20));
        Result b = analyze(List.of(bundle.toString()));
        assertEquals(2L, b.data().getJsonObject("states").getJsonObject("tcp").getLong("LISTEN")
                + b.data().getJsonObject("states").getJsonObject("tcp").getLong("ESTABLISHED"),
                "one listing: ss-ltn.txt is left out");
        assertTrue(b.toJson().encode().contains("100 TcpExt.ListenOverflows and 100 TcpExt.ListenDrops per second"),
                "500 in 5 s: " + b.toJson().encode());
    }

    @Test
    void nothing_known_in_a_folder_and_an_unknown_file_named_on_its_own_are_clear_errors() throws Exception {
        write("notes.txt", "nothing to see here\n", 1_000_000);
        BadRequestException none = assertThrows(BadRequestException.class, () -> analyze(List.of(dir.toString())));
        assertTrue(none.getMessage().startsWith("nothing to analyse: none of the 1 files"), none.getMessage());
        Path ss = write("ss.txt", SS, 1_000_000);
        BadRequestException named = assertThrows(BadRequestException.class,
                () -> analyze(List.of(ss.toString(), dir.resolve("notes.txt").toString())));
        assertTrue(named.getMessage().contains("notes.txt: not a format the analyzer knows"), named.getMessage());
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        BadRequestException nothing = assertThrows(BadRequestException.class,
                () -> analyze(List.of(empty.toString())));
        assertEquals(empty + ": no file to analyse in it", nothing.getMessage());
    }
}
