package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import dev.sockit.contracts.AnalyzerContract.CaptureRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real capture of this machine (ss and nstat run, /proc read), then analysed from the folder and the tarball. */
class CaptureTest {

    private final Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");

    @TempDir
    Path dir;

    private static JsonObject role(Result r, String file) {
        JsonArray inputs = r.data().getJsonArray("inputs");
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.getJsonObject(i).getString("file").endsWith(file)) {
                return inputs.getJsonObject(i);
            }
        }
        throw new AssertionError("no input " + file + " in " + inputs.encode());
    }

    @Test
    void a_capture_holds_the_listing_two_nstat_samples_proc_and_sysctls_and_analyses_as_this_host() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 7);
            int port = listener.getLocalPort();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(new Socket(InetAddress.getLoopbackAddress(), port));
                }
                Path bundle = dir.resolve("bundle");
                Result c = services.capture(new CaptureRequest(bundle.toString(), 200));
                JsonObject manifest = new JsonObject(Files.readString(bundle.resolve("sockit-capture.json")));
                assertEquals(200L, manifest.getLong("intervalMillis"));
                assertEquals(new JsonArray().add("ss-tanpmieo.txt").add("ss-uanpm.txt"), manifest.getJsonArray("sockets"),
                        manifest.encodePrettily());
                for (String f : List.of("ss-tanpmieo.txt", "ss-s.txt", "ss-ltn.txt", "nstat-1.txt", "nstat-2.txt",
                        "proc/net/tcp", "proc/net/snmp", "sysctl.txt", "uname.txt", "versions.txt")) {
                    assertTrue(Files.size(bundle.resolve(f)) > 0, f + " in " + manifest.encodePrettily());
                }
                // whole values, as /proc/sys has them (a size-guided read of procfs gets one byte)
                String somaxconn;
                try (java.io.BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/core/somaxconn"))) {
                    somaxconn = in.readLine().strip();
                }
                assertTrue(Files.readString(bundle.resolve("sysctl.txt")).contains("net.core.somaxconn = " + somaxconn
                        + "\n"), Files.readString(bundle.resolve("sysctl.txt")));
                assertEquals(bundle.toAbsolutePath().toString(), c.address());
                assertEquals(List.of(bundle.toAbsolutePath().toString()), c.artifacts());

                Result r = services.analyze(new AnalyzeRequest(bundle.toString(), null, "auto", false, port, null, 1,
                        1000));
                assertEquals("sockets", role(r, "ss-tanpmieo.txt").getString("role"));
                assertEquals("skipped", role(r, "ss-ltn.txt").getString("role"), "ss -ltn repeats the listeners");
                assertEquals("skipped", role(r, "proc/net/tcp").getString("role"));
                assertEquals("counters", role(r, "nstat-2.txt").getString("role"));
                assertEquals("sysctls", role(r, "sysctl.txt").getString("role"));
                JsonObject tcp = r.data().getJsonObject("states").getJsonObject("tcp");
                // the listener and the three connections seen from both ends
                assertEquals(1L, tcp.getLong("LISTEN"), tcp.encode());
                assertEquals(6L, tcp.getLong("ESTABLISHED"), tcp.encode());
                assertTrue(r.data().getJsonObject("sysctls").containsKey("net.core.somaxconn"), r.data().encode());
                assertTrue(r.data().getJsonObject("counters").fieldNames().stream()
                        .anyMatch(k -> k.startsWith("rate.")), "rates from the two samples");

                // the same as a tarball, packed by tar and read back through it
                Path tarball = dir.resolve("web1.tar.gz");
                services.capture(new CaptureRequest(tarball.toString(), 100));
                assertTrue(Files.isRegularFile(tarball));
                assertFalse(Files.exists(dir.resolve("web1")), "the folder is packed, then removed");
                Result t = services.analyze(new AnalyzeRequest(tarball.toString(), null, "auto", false, port, null,
                        1, 1000));
                assertEquals(tarball.toString(), t.target());
                assertEquals(1L, t.data().getJsonObject("states").getJsonObject("tcp").getLong("LISTEN"));
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void a_capture_never_writes_over_what_exists_and_checks_its_interval() throws Exception {
        Files.createDirectories(dir.resolve("taken"));
        BadRequestException taken = assertThrows(BadRequestException.class,
                () -> services.capture(new CaptureRequest(dir.resolve("taken").toString(), 200)));
        assertTrue(taken.getMessage().endsWith("taken: already exists (a capture never writes over a file or folder:"
                + " name a new one with -o)"), taken.getMessage());
        BadRequestException fast = assertThrows(BadRequestException.class,
                () -> new CaptureRequest(dir.resolve("x").toString(), 50));
        assertEquals("capture: the interval must be 100ms-10m, not 50 ms", fast.getMessage());
    }

    @Test
    void a_tarball_with_a_name_outside_its_folder_is_refused() throws Exception {
        // GNU tar strips "../" when it packs, so the hostile archive is written by hand: one 512-byte header
        // (ustar, name "../evil.txt", 2 bytes) and the content, gzipped
        Path tarball = dir.resolve("evil.tar.gz");
        byte[] header = new byte[512];
        put(header, 0, "../evil.txt");
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, "00000000002");
        put(header, 136, "00000000000");
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tarball))) {
            out.write(header);
            byte[] body = new byte[512];
            body[0] = 'x';
            body[1] = '\n';
            out.write(body);
            out.write(new byte[1024]);
        }
        BadRequestException e = assertThrows(BadRequestException.class, () -> services.analyze(new AnalyzeRequest(
                tarball.toString(), null, "auto", false, null, null, 1, 1000)));
        assertTrue(e.getMessage().contains("a name outside its own folder"), e.getMessage());
    }

    private static void put(byte[] header, int at, String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
