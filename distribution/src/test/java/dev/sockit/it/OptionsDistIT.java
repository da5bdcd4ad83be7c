package dev.sockit.it;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sockit options} of the unpacked distribution: what the kernel applied, read back from real sockets, in
 * the JSON Result. The expected values come from this host's /proc/sys, as the kernel computes them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@EnabledOnOs(OS.LINUX)
class OptionsDistIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    /** A /proc/sys/net/core value; procfs reports a size of 0, so it is read line-wise, not with readString. */
    private static long sysctl(String name) throws Exception {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/core", name))) {
            return Long.parseLong(r.readLine().strip());
        }
    }

    /** Linux stores twice what SO_RCVBUF/SO_SNDBUF ask for, after capping the request at rmem_max/wmem_max. */
    private static long doubled(long requested, long max) {
        return 2 * Math.min(requested, max);
    }

    private static JsonObject options(String status, String... args) throws Exception {
        Dist.Launched run = dist.run(args);
        assertEquals(0, run.process().exitValue(), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        JsonObject r = new JsonObject(run.stdout().strip());
        assertEquals("options", r.getString("operation"));
        assertEquals(status, r.getString("status"), r.encodePrettily());
        return r;
    }

    @Test
    void udp_receive_and_send_buffers_come_back_as_the_kernel_applied_them() throws Exception {
        JsonObject r = options("success", "options", "--udp", "--set", "receiveBufferSize=64KiB", "--set",
                "sendBufferSize=48KiB", "--set", "broadcast=true", "--output", "json");
        assertEquals("udp", r.getString("target"));
        JsonObject data = r.getJsonObject("data");
        assertEquals("udp", data.getString("protocol"));
        JsonObject rcv = data.getJsonObject("options").getJsonObject("receiveBufferSize");
        assertEquals(65536, rcv.getLong("requested"));
        assertEquals(doubled(65536, sysctl("rmem_max")), rcv.getLong("effective"), r.encode());
        JsonObject snd = data.getJsonObject("options").getJsonObject("sendBufferSize");
        assertEquals(49152, snd.getLong("requested"));
        assertEquals(doubled(49152, sysctl("wmem_max")), snd.getLong("effective"), r.encode());
        assertEquals(Boolean.TRUE, data.getJsonObject("options").getJsonObject("broadcast").getValue("effective"));
        assertTrue(data.getBoolean("kernelDoublesBuffers"));
        assertEquals(String.valueOf(sysctl("rmem_max")), data.getJsonObject("limits").getString("net.core.rmem_max"));
        assertTrue(r.getString("address").startsWith("127.0.0.1:"), r.getString("address"));
    }

    @Test
    void a_udp_buffer_above_rmem_max_is_capped_and_the_finding_names_the_sysctl() throws Exception {
        long max = sysctl("rmem_max");
        JsonObject r = options("warning", "options", "--udp", "--set", "receiveBufferSize=" + (max + 4096),
                "--output", "json");
        JsonObject rcv = r.getJsonObject("data").getJsonObject("options").getJsonObject("receiveBufferSize");
        assertEquals(max + 4096, rcv.getLong("requested"));
        assertEquals(2 * max, rcv.getLong("effective"), r.encode());
        assertTrue(r.getJsonArray("findings").encode().contains("capped at net.core.rmem_max = " + max),
                r.encodePrettily());
        assertTrue(r.getJsonArray("recommendations").encode().contains("sysctl -w net.core.rmem_max="),
                r.encodePrettily());
    }

    @Test
    void tcp_set_applies_buffers_and_no_delay_and_caps_the_backlog_at_somaxconn() throws Exception {
        long somaxconn = sysctl("somaxconn");
        JsonObject r = options("warning", "options", "--tcp", "--set", "receiveBufferSize=64KiB", "--set",
                "tcpNoDelay=true", "--set", "backlog=" + (somaxconn + 1), "--output", "json");
        assertEquals("tcp", r.getString("target"));
        JsonObject opts = r.getJsonObject("data").getJsonObject("options");
        assertEquals(doubled(65536, sysctl("rmem_max")), opts.getJsonObject("receiveBufferSize").getLong("effective"));
        assertEquals(Boolean.TRUE, opts.getJsonObject("tcpNoDelay").getValue("effective"));
        JsonObject backlog = opts.getJsonObject("backlog");
        assertEquals(somaxconn + 1, backlog.getLong("requested"));
        assertEquals(somaxconn, backlog.getLong("effective"), r.encode());
        assertTrue(r.getJsonArray("findings").encode().contains("capped at net.core.somaxconn = " + somaxconn),
                r.encodePrettily());
    }

    @Test
    void an_unknown_option_or_a_bad_value_is_one_line_and_exit_2() throws Exception {
        String[][] cases = {
            {"--udp", "receiveBufer=1", "unknown option 'receiveBufer'", "receiveBufferSize"},
            {"--tcp", "backlog=lots", "backlog", "lots"},
        };
        for (String[] c : cases) {
            Dist.Launched run = dist.run("options", c[0], "--set", c[1]);
            String err = run.stderr().strip();
            assertEquals(2, run.process().exitValue(), err);
            assertEquals(1, err.lines().count(), "one line: " + err);
            assertTrue(err.startsWith("sockit: ") && err.contains(c[2]) && err.contains(c[3]), err);
        }
    }
}
