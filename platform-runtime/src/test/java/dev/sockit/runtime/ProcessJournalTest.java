package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.Journal;
import dev.sockit.api.Policy;
import dev.sockit.api.Protocol;
import dev.sockit.api.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's journal, from the process context the supervisor makes, on a real event bus and a real audit
 * file: each call writes the audit line and publishes the event the table in {@link Journal} names, and where it
 * does both they agree field for field, instant included.
 */
class ProcessJournalTest {

    private static final String ID = "echo";
    private static final String LOCAL = "127.0.0.1:7007";
    private static final String REMOTE = "127.0.0.1:40000";

    @TempDir
    Path dir;

    private Vertx vertx;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private MessageConsumer<JsonObject> consumer;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        consumer = vertx.eventBus().<JsonObject>consumer(Addresses.events(ID)).handler(m -> events.add(m.body()));
        consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void bound_writes_a_bind_line_and_no_event() throws Exception {
        Journalled j = journal(t -> t.bound(LOCAL, "instances=2"), 1, 0);
        assertLine(j.lines.get(0), "bind", 0, LOCAL, "", "instances=2");
    }

    @Test
    void listening_writes_a_listen_line_and_a_listening_event_that_agree() throws Exception {
        Journalled j = journal(t -> t.listening(LOCAL, "instances=2 listeners=1"), 1, 1);
        assertAgree(j.lines.get(0), j.events.get(0), "listen", "listening");
        assertEquals("instances=2 listeners=1", j.lines.get(0).getString("detail"));
        assertFalse(j.events.get(0).containsKey("detail"));
    }

    @Test
    void ready_publishes_a_listening_event_and_writes_no_line() throws Exception {
        Journalled j = journal(t -> t.ready(LOCAL), 0, 1);
        assertEquals("listening", j.events.get(0).getString("type"));
        assertEquals(LOCAL, j.events.get(0).getString("local"));
    }

    @Test
    void accepted_writes_an_accept_line_and_an_opened_event_that_agree() throws Exception {
        Journalled j = journal(t -> t.accepted(3, LOCAL, REMOTE), 1, 1);
        assertAgree(j.lines.get(0), j.events.get(0), "accept", "opened");
        assertDetailsAgree(j.lines.get(0), j.events.get(0));
    }

    @Test
    void rejected_writes_a_reject_line_and_a_rejected_event_that_agree() throws Exception {
        Journalled j = journal(t -> t.rejected(LOCAL, REMOTE, "maxConnections=1 reached"), 1, 1);
        assertAgree(j.lines.get(0), j.events.get(0), "reject", "rejected");
        assertDetailsAgree(j.lines.get(0), j.events.get(0));
        assertEquals("maxConnections=1 reached", j.events.get(0).getString("detail"));
    }

    @Test
    void option_set_writes_requested_and_effective_values_and_no_event() throws Exception {
        Journalled j = journal(t -> {
            t.optionSet(LOCAL, "", "receiveBufferSize", 65536, 131072);
            t.optionSet(LOCAL, "", "trafficClass", 16, null);
            t.optionSet(LOCAL, "", "join 239.1.2.3 on lo");
        }, 3, 0);
        assertLine(j.lines.get(0), "option_set", 0, LOCAL, "", "receiveBufferSize requested=65536 effective=131072");
        assertLine(j.lines.get(1), "option_set", 0, LOCAL, "", "trafficClass requested=16");
        assertLine(j.lines.get(2), "option_set", 0, LOCAL, "", "join 239.1.2.3 on lo");
    }

    @Test
    void error_writes_an_error_line_and_an_error_event_that_agree() throws Exception {
        Journalled j = journal(t -> t.error(3, LOCAL, REMOTE, 10, 5, "connection reset by peer"), 1, 1);
        assertAgree(j.lines.get(0), j.events.get(0), "error", "error");
        assertDetailsAgree(j.lines.get(0), j.events.get(0));
        assertEquals(10, j.events.get(0).getLong("bytesIn"));
        assertEquals(5, j.events.get(0).getLong("bytesOut"));
    }

    @Test
    void failed_writes_an_error_line_and_no_event() throws Exception {
        Journalled j = journal(t -> t.failed(LOCAL, "listen: Address already in use"), 1, 0);
        assertLine(j.lines.get(0), "error", 0, LOCAL, "", "listen: Address already in use");
    }

    @Test
    void closed_writes_the_byte_counts_in_the_line_and_the_reason_in_the_event() throws Exception {
        Journalled j = journal(t -> {
            t.closed(3, LOCAL, REMOTE, 10, 7, "readTimeout");
            t.closed(4, LOCAL, REMOTE, 1, 1, "");
        }, 2, 2);
        assertAgree(j.lines.get(0), j.events.get(0), "close", "closed");
        assertEquals("readTimeout bytesIn=10 bytesOut=7", j.lines.get(0).getString("detail"));
        assertEquals("readTimeout", j.events.get(0).getString("detail"));
        assertEquals(10, j.events.get(0).getLong("bytesIn"));
        assertEquals(7, j.events.get(0).getLong("bytesOut"));
        assertAgree(j.lines.get(1), j.events.get(1), "close", "closed");
        assertEquals("bytesIn=1 bytesOut=1", j.lines.get(1).getString("detail"));
        assertFalse(j.events.get(1).containsKey("detail"));
    }

    @Test
    void listener_closed_writes_a_close_line_and_stopped_publishes_the_totals() throws Exception {
        Journalled j = journal(t -> {
            t.listenerClosed(LOCAL, "accepted=1 rejected=1");
            t.stopped(LOCAL, 10, 7);
        }, 1, 1);
        assertLine(j.lines.get(0), "close", 0, LOCAL, "", "accepted=1 rejected=1");
        JsonObject stopped = j.events.get(0);
        assertEquals("stopped", stopped.getString("type"));
        assertEquals(ID, stopped.getString("process"));
        assertEquals(LOCAL, stopped.getString("local"));
        assertEquals(10, stopped.getLong("bytesIn"));
        assertEquals(7, stopped.getLong("bytesOut"));
    }

    @Test
    void each_protocol_has_one_journal_which_writes_it_and_the_root_writes_none() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesAuditLog audit = new JsonLinesAuditLog(file)) {
            Journal root = context(audit).journal();
            assertSame(root.on(Protocol.UDP), root.on(Protocol.UDP));
            assertSame(root, root.on(Protocol.TCP).on(null));
            assertEquals(Protocol.UDP, root.on(Protocol.UDP).protocol());
            assertEquals(ID, root.on(Protocol.UDP).process());
            root.on(Protocol.UDP).bound(LOCAL, "");
            root.bound(LOCAL, "");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        assertEquals("udp", new JsonObject(lines.get(0)).getString("protocol"));
        assertFalse(new JsonObject(lines.get(1)).containsKey("protocol"));
    }

    /** What one or more calls on the tcp journal wrote to a real audit file and published on the bus. */
    private record Journalled(List<JsonObject> lines, List<JsonObject> events) {
    }

    private Journalled journal(Consumer<Journal> calls, int lines, int expectedEvents) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesAuditLog audit = new JsonLinesAuditLog(file)) {
            calls.accept(context(audit).journal().on(Protocol.TCP));
        }
        // A marker published after the calls: events from one sender arrive in order, so once it is seen every
        // event the calls published has been too.
        CompletableFuture<Void> marker = new CompletableFuture<>();
        MessageConsumer<JsonObject> end = vertx.eventBus().<JsonObject>consumer(Addresses.events(ID))
                .handler(m -> {
                    if ("marker".equals(m.body().getString("type"))) {
                        marker.complete(null);
                    }
                });
        end.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.eventBus().publish(Addresses.events(ID), new JsonObject().put("type", "marker"));
        marker.get(10, TimeUnit.SECONDS);
        List<JsonObject> published = events.stream().filter(e -> !"marker".equals(e.getString("type"))).toList();
        List<JsonObject> written = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(JsonObject::new)
                .toList();
        assertEquals(lines, written.size(), () -> "audit lines: " + written);
        assertEquals(expectedEvents, published.size(), () -> "events: " + published);
        return new Journalled(written, published);
    }

    /** The runtime's context of process {@code echo}, as the supervisor makes it, writing to {@code audit}. */
    private DefaultProcessContext<Object> context(JsonLinesAuditLog audit) {
        return new DefaultProcessContext<>(vertx, ID, "tcp-server", new Object(), 1, audit, Policy.DEFAULT,
                Duration.ofSeconds(1), null, Transport.NIO, "node-1");
    }

    private static void assertLine(JsonObject line, String op, long connection, String local, String remote,
                                   String detail) {
        assertEquals(op, line.getString("op"));
        assertEquals(ID, line.getString("process"));
        assertEquals("tcp", line.getString("protocol"));
        assertEquals(connection, line.getLong("connection", 0L));
        assertEquals(local, line.getString("local", ""));
        assertEquals(remote, line.getString("remote", ""));
        assertEquals(detail, line.getString("detail", ""));
        assertTrue(line.containsKey("ts"));
    }

    /** The audit line and the event tell the same process, connection, addresses and instant. */
    private static void assertAgree(JsonObject line, JsonObject event, String op, String type) {
        assertEquals(op, line.getString("op"));
        assertEquals(type, event.getString("type"));
        assertEquals("tcp", line.getString("protocol"));
        assertEquals(event.getString("process"), line.getString("process"));
        assertEquals(event.getLong("connectionId"), line.getLong("connection", 0L));
        assertEquals(event.getString("local"), line.getString("local", ""));
        assertEquals(event.getString("remote"), line.getString("remote", ""));
        assertEquals(event.getString("at"), line.getString("ts"));
    }

    private static void assertDetailsAgree(JsonObject line, JsonObject event) {
        assertEquals(event.getString("detail", ""), line.getString("detail", ""));
    }
}
