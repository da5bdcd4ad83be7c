package dev.sockit.runtime;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.Protocol;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log file: one parseable JSON line per event, whatever bytes the events carry. */
class JsonLinesAuditLogTest {

    @TempDir
    Path dir;

    @Test
    void writes_one_json_line_per_event_with_every_field() throws IOException {
        Path file = dir.resolve("logs/audit.jsonl");
        try (JsonLinesAuditLog audit = new JsonLinesAuditLog(file)) {
            audit.record(AuditOp.ACCEPT, "echo", Protocol.TCP, 7, "127.0.0.1:7007", "127.0.0.1:40000", "");
            audit.record(AuditOp.CLOSE, "echo", Protocol.TCP, 7, "127.0.0.1:7007", "127.0.0.1:40000",
                    "bytesIn=3 bytesOut=3");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonObject accept = new JsonObject(lines.get(0));
        assertEquals("accept", accept.getString("op"));
        assertEquals("echo", accept.getString("process"));
        assertEquals("tcp", accept.getString("protocol"));
        assertEquals(7, accept.getInteger("connection"));
        assertEquals("127.0.0.1:7007", accept.getString("local"));
        assertEquals("127.0.0.1:40000", accept.getString("remote"));
        assertTrue(accept.containsKey("ts"));
        assertEquals("bytesIn=3 bytesOut=3", new JsonObject(lines.get(1)).getString("detail"));
    }

    @Test
    void cr_lf_and_escape_bytes_from_a_peer_neither_split_nor_forge_a_line() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        String hostile = "x\r\n{\"ts\":\"forged\",\"op\":\"accept\"}\u001b[2J\u0000end";
        try (JsonLinesAuditLog audit = new JsonLinesAuditLog(file)) {
            audit.record(new AuditEvent(AuditOp.ERROR, "echo", Protocol.TCP, 1, "127.0.0.1:7007", hostile, hostile));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertEquals(1, lines.size(), text);
        assertFalse(text.contains("\u001b"), "ESC must be escaped");
        JsonObject line = new JsonObject(lines.get(0));
        assertEquals(hostile, line.getString("detail"));
        assertEquals(hostile, line.getString("remote"));
    }

    @Test
    void appends_to_an_existing_file() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        for (int run = 0; run < 2; run++) {
            try (JsonLinesAuditLog audit = new JsonLinesAuditLog(file)) {
                audit.record(AuditOp.BIND, "echo", Protocol.TCP, 0, "127.0.0.1:7007", "", "");
            }
        }
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void a_full_disk_is_reported_once_and_later_events_are_not_queued() throws Exception {
        // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
        List<IOException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
        try (JsonLinesAuditLog audit = new JsonLinesAuditLog(Path.of("/dev/full"), e -> {
            failures.add(e);
            failed.countDown();
        })) {
            audit.record(AuditOp.BIND, "echo", Protocol.TCP, 0, "127.0.0.1:7007", "", "");
            assertTrue(failed.await(10, java.util.concurrent.TimeUnit.SECONDS), "no failure reported");
            assertTrue(audit.failed());
            for (int i = 0; i < 1000; i++) {
                audit.record(AuditOp.ACCEPT, "echo", Protocol.TCP, i, "127.0.0.1:7007", "127.0.0.1:4000", "");
            }
        }
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).getMessage().contains("No space left on device"), failures.toString());
    }
}
