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
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution's udp-server as a user runs it (docs/udp-server.md): echo on IPv4 and IPv6 loopback, a datagram
 * above {@code maxDatagramSize} dropped, multicast joined on {@code lo} (any-source and source-specific, audited on
 * join and leave), and the kernel's receive-buffer drops of a stalled server as {@code /proc/net/udp} counts them
 * and {@code sockit analyze --live} reports them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UdpServerDistIT {

    private static final int WAIT_MS = 3000;

    @TempDir
    static Path work;

    static Dist dist;

    private final List<Dist.Launched> started = new ArrayList<>();
    private final Random random = new Random();

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
    void echoes_on_IPv4_and_IPv6_loopback_and_drops_and_counts_a_datagram_above_maxDatagramSize() throws Exception {
        Path statusFile = work.resolve("echo-status.json");
        Dist.Launched run = start("echo.yaml", "  v4:\n    kind: udp-server\n    config:\n      host: 127.0.0.1\n"
                + "      port: 0\n      maxDatagramSize: 1KiB\n"
                + "  v6:\n    kind: udp-server\n    config:\n      host: '::1'\n      port: 0\n",
                "--status-file", statusFile.toString());
        JsonObject result = run.firstResult(60);
        assertEquals("success", result.getString("status"), result.encode());
        int v4 = port(result, "v4");
        int v6 = port(result, "v6");
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket client6 = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            client.setSoTimeout(WAIT_MS);
            client6.setSoTimeout(WAIT_MS);
            byte[] payload = bytes(1024);
            assertArrayEquals(payload, exchange(client, "127.0.0.1", v4, payload), "the largest datagram served");
            assertNull(exchange(client, "127.0.0.1", v4, bytes(1025)), "1025 bytes is above maxDatagramSize 1KiB");
            byte[] after = "still echoing".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(after, exchange(client, "127.0.0.1", v4, after));
            byte[] large = bytes(65_000);
            assertArrayEquals(large, exchange(client6, "::1", v6, large), "a 65,000-byte datagram over ::1");
        }
        // The running process's counters, as a user reads them: sockit status, from the file run keeps.
        JsonObject counters = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Dist.Launched status = dist.run("status", "v4", "--status-file", statusFile.toString(), "--output", "json");
            if (status.process().exitValue() == 0) {
                counters = new JsonObject(status.stdout().strip()).getJsonObject("data").getJsonObject("status");
                if (counters.getLong("oversize", 0L) == 1L) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        assertNotNull(counters, "sockit status never answered");
        assertEquals(1L, counters.getLong("oversize"), counters.encode());
        assertEquals(0, run.terminate(30), run.stderr());
        String audit = audit();
        assertTrue(audit.contains("\"op\":\"bind\",\"process\":\"v6\""), audit);
    }

    @Test
    void joins_a_group_on_lo_echoes_what_is_sent_to_it_and_leaves_it_on_stop() throws Exception {
        String group = "239.255." + (1 + random.nextInt(254)) + "." + (1 + random.nextInt(254));
        Dist.Launched run = start("group.yaml", "  group:\n    kind: udp-server\n    config:\n      host: " + group
                + "\n      port: 0\n      multicast:\n        - { group: " + group + ", interface: lo }\n"
                + "      multicastTtl: 1\n");
        JsonObject result = run.firstResult(60);
        assertEquals("success", result.getString("status"), result.encode());
        int port = port(result, "group");
        try (MulticastSocket client = sender("127.0.0.1")) {
            byte[] payload = bytes(1200);
            assertArrayEquals(payload, exchange(client, group, port, payload), "echo of a datagram sent to " + group);
        }
        assertEquals(0, run.terminate(30), run.stderr());
        List<String> joins = auditDetails("group", "option_set");
        assertTrue(joins.contains("join " + group + " on lo"), joins.toString());
        assertTrue(joins.contains("leave " + group + " on lo"), joins.toString());
    }

    @Test
    void a_source_specific_join_echoes_the_chosen_source_only() throws Exception {
        String group = "232.1." + (1 + random.nextInt(254)) + "." + (1 + random.nextInt(254));
        Dist.Launched run = start("ssm.yaml", "  ssm:\n    kind: udp-server\n    config:\n      host: " + group
                + "\n      port: 0\n      multicast:\n        - { group: " + group
                + ", interface: lo, source: 127.0.0.1 }\n");
        JsonObject result = run.firstResult(60);
        assertEquals("success", result.getString("status"), result.encode());
        int port = port(result, "ssm");
        try (MulticastSocket chosen = sender("127.0.0.1"); MulticastSocket other = sender("127.0.0.2")) {
            byte[] payload = bytes(300);
            assertNull(exchange(other, group, port, payload), "a datagram from 127.0.0.2 passed the source filter");
            assertArrayEquals(payload, exchange(chosen, group, port, payload), "echo of the chosen source");
        }
        assertEquals(0, run.terminate(30), run.stderr());
        List<String> joins = auditDetails("ssm", "option_set");
        assertTrue(joins.stream().anyMatch(d -> d.startsWith("join " + group) && d.contains("127.0.0.1")),
                joins.toString());
    }

    /**
     * The server is stopped (SIGSTOP to its PID) while 300 datagrams arrive for a receive buffer of a few KiB: the
     * kernel drops most. The drops column of {@code /proc/net/udp} for its port, read here, is what
     * {@code sockit analyze --live --port} reports for the socket, with the server's pid; resumed, it echoes again.
     */
    @Test
    void drops_of_a_stalled_server_show_in_proc_net_udp_and_in_analyze_live_alike() throws Exception {
        Dist.Launched run = start("drops.yaml", "  drops:\n    kind: udp-server\n    config:\n"
                + "      host: 127.0.0.1\n      port: 0\n      options: { receiveBufferSize: 4KiB }\n");
        JsonObject result = run.firstResult(60);
        int port = port(result, "drops");
        long pid = run.process().pid();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(WAIT_MS);
            assertEquals(0, signal("STOP", pid).exit());
            long drops;
            try {
                for (int i = 0; i < 300; i++) {
                    client.send(new DatagramPacket(new byte[1000], 1000, InetAddress.getByName("127.0.0.1"), port));
                }
                drops = procNetUdpDrops(port);
            } finally {
                assertEquals(0, signal("CONT", pid).exit());
            }
            assertTrue(drops > 0 && drops < 300, "drops in /proc/net/udp: " + drops);

            Dist.Launched analyze = dist.run("analyze", "--live", "--port", String.valueOf(port), "--output", "json");
            JsonObject report = new JsonObject(analyze.stdout());
            JsonObject finding = finding(report, "udp_receive_buffer_drops");
            assertNotNull(finding, report.encode());
            JsonObject socket = finding.getJsonArray("samples").getJsonObject(0);
            assertEquals("127.0.0.1:" + port, socket.getString("local"), finding.encode());
            assertEquals(drops, socket.getLong("drops"), finding.encode());
            assertEquals(pid, socket.getLong("pid"), finding.encode());
            assertEquals(procNetUdpDrops(port), drops, "the drops counter moved after the server resumed");

            // Drain what the kernel kept, then check the server answers again.
            client.setSoTimeout(500);
            for (int i = 0; i < 300 && receive(client) != null; i++) {
                // echoes of the datagrams that were queued
            }
            client.setSoTimeout(WAIT_MS);
            byte[] payload = "awake".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(payload, exchange(client, "127.0.0.1", port, payload));
        }
        assertEquals(0, run.terminate(30), run.stderr());
    }

    // ---- helpers

    private Dist.Launched start(String name, String processes, String... extra) throws IOException {
        String yaml = "runtime:\n  shutdownTimeout: 3s\nprocesses:\n" + processes;
        List<String> args = new ArrayList<>(List.of("run", "-c",
                Files.writeString(work.resolve(name), yaml).toString(), "--output", "json"));
        args.addAll(List.of(extra));
        Dist.Launched run = dist.launch(args.toArray(String[]::new));
        started.add(run);
        return run;
    }

    private static int port(JsonObject result, String id) {
        for (Object o : result.getJsonObject("data").getJsonArray("processes")) {
            JsonObject p = (JsonObject) o;
            if (p.getString("id").equals(id)) {
                assertEquals("RUNNING", p.getString("state"), p.encode());
                String a = p.getString("address");
                return HostPort.parse(a).port();
            }
        }
        throw new AssertionError("no process '" + id + "' in " + result.encode());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Sends {@code payload} and returns the first datagram back, or null when none comes in time. */
    private static byte[] exchange(DatagramSocket socket, String host, int port, byte[] payload) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, InetAddress.getByName(host), port));
        return receive(socket);
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket in = new DatagramPacket(new byte[65_536], 65_536);
        try {
            socket.receive(in);
            return Arrays.copyOf(in.getData(), in.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** A socket bound to {@code source} that sends to groups through {@code lo}. */
    private static MulticastSocket sender(String source) throws IOException {
        MulticastSocket s = new MulticastSocket(new InetSocketAddress(source, 0));
        s.setNetworkInterface(NetworkInterface.getByName("lo"));
        s.setTimeToLive(1);
        s.setSoTimeout(WAIT_MS);
        return s;
    }

    private static ExternalCommand signal(String name, long pid) {
        return ExternalCommand.run(List.of("kill", "-" + name, String.valueOf(pid)), new byte[0], 10);
    }

    /** The drops column of the {@code /proc/net/udp} line bound to 127.0.0.1:{@code port}. */
    private static long procNetUdpDrops(int port) throws IOException {
        String local = "0100007F:" + String.format(Locale.ROOT, "%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 12 && f[1].equals(local)) {
                return Long.parseLong(f[f.length - 1]);
            }
        }
        throw new AssertionError("no socket on 127.0.0.1:" + port + " in /proc/net/udp");
    }

    private static JsonObject finding(JsonObject report, String code) {
        JsonArray findings = report.getJsonObject("data").getJsonArray("findings");
        for (Object o : findings) {
            if (((JsonObject) o).getString("code").equals(code)) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    private static String audit() throws IOException {
        return Files.readString(dist.home().resolve("logs").resolve("socket-audit.jsonl"));
    }

    /** The {@code detail} of every audit line of {@code process} with {@code op}. */
    private static List<String> auditDetails(String process, String op) throws IOException {
        List<String> details = new ArrayList<>();
        for (String line : audit().split("\n")) {
            if (!line.isBlank()) {
                JsonObject event = new JsonObject(line);
                if (process.equals(event.getString("process")) && op.equals(event.getString("op"))) {
                    details.add(event.getString("detail", ""));
                }
            }
        }
        return details;
    }
}
