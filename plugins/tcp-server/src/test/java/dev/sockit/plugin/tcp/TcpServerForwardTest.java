package dev.sockit.plugin.tcp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.SocketEvent;
import dev.sockit.contracts.ForwardContract;
import dev.sockit.net.EventLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.LOOPBACK;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.events;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.receive;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.receiveUntilClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handler: forward} by version 2 of {@link ForwardContract}, over real loopback sockets, with a consumer
 * on the event bus written by the test as any plugin would write one.
 */
@ExtendWith(VertxExtension.class)
class TcpServerForwardTest {

    private static final String ID = "front";
    private static final String SINK = "sink";
    private static final String TARGET = ForwardContract.connection(SINK);

    private NetClient client;

    @BeforeEach
    void createClient(Vertx vertx) {
        client = vertx.createNetClient();
    }

    private static TcpServerConfig forward(String forwardTo) {
        return new TcpServerConfig(LOOPBACK, 0, TcpServerConfig.Handler.FORWARD, null, null, null, null, null,
                forwardTo, null, null);
    }

    private static String type(Message<Buffer> m) {
        return m.headers().get(ForwardContract.HEADER_TYPE);
    }

    private static DeliveryOptions close() {
        return new DeliveryOptions().addHeader(ForwardContract.HEADER_CLOSE, "true");
    }

    @Test
    void forwards_whole_frames_as_buffers_with_headers_and_writes_the_replies_back_through_the_codec(
            Vertx vertx, VertxTestContext test) {
        List<MultiMap> headers = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        Promise<Void> closedMessage = Promise.promise();
        // The consumer: line frames; answers each line in upper case, after an unsolicited write for the first;
        // "bye" is answered with a close.
        String[] writeAddress = {null};
        vertx.eventBus().<Buffer>consumer(TARGET, m -> {
            headers.add(m.headers());
            bodies.add(m.body().toString(StandardCharsets.UTF_8));
            switch (type(m)) {
                case ForwardContract.TYPE_OPENED -> {
                    writeAddress[0] = new JsonObject(m.body()).getString("writeAddress");
                    m.reply(new JsonObject().put("codec", new JsonObject().put("type", "line"))
                            .put("maxInFlight", 2).toBuffer());
                }
                case ForwardContract.TYPE_DATA -> {
                    String line = m.body().toString(StandardCharsets.UTF_8);
                    if (line.equals("bye")) {
                        m.reply(Buffer.buffer("BYE"), close());
                    } else if (bodies.size() == 2) {
                        vertx.eventBus().request(writeAddress[0], Buffer.buffer("welcome"))
                                .onComplete(test.succeeding(r -> m.reply(Buffer.buffer(line.toUpperCase()))));
                    } else {
                        m.reply(Buffer.buffer(line.toUpperCase()));
                    }
                }
                case ForwardContract.TYPE_CLOSED -> closedMessage.complete();
                default -> test.failNow("unexpected type " + type(m));
            }
        });
        deploy(vertx, ID, forward(SINK), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK)
                        .compose(socket -> {
                            Future<Buffer> received = receiveUntilClosed(socket);
                            // Split and merged across writes: the codec frames them.
                            socket.write("hel");
                            socket.write("lo\nwor");
                            socket.write("ld\r\nbye\n");
                            return received;
                        })
                        .compose(received -> closedMessage.future().map(received))
                        .onComplete(test.succeeding(received -> test.verify(() -> {
                            assertEquals("welcome\nHELLO\nWORLD\nBYE\n", received.toString(StandardCharsets.UTF_8));
                            assertEquals(List.of("opened", "data", "data", "data", "closed"),
                                    headers.stream().map(h -> h.get("type")).toList());
                            long id = Long.parseLong(headers.get(0).get(ForwardContract.HEADER_CONNECTION_ID));
                            for (MultiMap h : headers) {
                                assertEquals(ID, h.get(ForwardContract.HEADER_PROCESS));
                                assertEquals("2", h.get(ForwardContract.HEADER_VERSION));
                                assertEquals(Long.toString(id), h.get(ForwardContract.HEADER_CONNECTION_ID));
                            }
                            JsonObject opened = new JsonObject(bodies.get(0));
                            assertTrue(opened.getString("local").startsWith(LOOPBACK + ":"), opened.encode());
                            assertTrue(opened.getString("remote").startsWith(LOOPBACK + ":"), opened.encode());
                            assertEquals(ForwardContract.connectionWrite(ID, id), opened.getString("writeAddress"));
                            assertEquals(List.of("hello", "world", "bye"), bodies.subList(1, 4));
                            assertEquals(new JsonObject().put("bytesIn", 17L).put("bytesOut", 24L)
                                    .put("reason", "forward: closed by " + TARGET), new JsonObject(bodies.get(4)));
                            JsonObject status = server.process().status();
                            assertEquals(17L, status.getLong("bytesIn"));
                            assertEquals(24L, status.getLong("bytesOut"));
                            test.completeNow();
                        }))));
    }

    @Test
    void a_single_instance_serves_its_connections_on_the_loop_its_forward_target_published_and_stops_there(
            Vertx vertx, VertxTestContext test) {
        int loop = EventLoops.count(vertx) - 1;
        Context home = EventLoops.contextOn(vertx, loop);
        List<Thread> consumerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        Promise<Void> registered = Promise.promise();
        home.runOnContext(v -> vertx.eventBus().<Buffer>consumer(TARGET, m -> {
            consumerThreads.add(Thread.currentThread());
            if (ForwardContract.TYPE_OPENED.equals(type(m))) {
                m.reply(new JsonObject().put("codec", "line").toBuffer());
            } else if (ForwardContract.TYPE_DATA.equals(type(m))) {
                m.reply(m.body());
            }
        }).completion().onComplete(registered));
        EventLoops.publish(vertx, SINK, loop);
        registered.future()
                .compose(v -> deploy(vertx, ID, forward(SINK), 1))
                .compose(server -> client.connect(server.port(), LOOPBACK)
                        .compose(socket -> TcpServerTestSupport.roundTrip(socket, Buffer.buffer("ping\n"))
                                .compose(echo -> socket.close().map(echo)))
                        .compose(echo -> vertx.undeploy(server.deploymentId()).map(echo))
                        .onComplete(test.succeeding(echo -> test.verify(() -> {
                            assertEquals("ping\n", echo.toString(StandardCharsets.UTF_8));
                            assertEquals(SINK, server.process().status().getString("sharesLoopWith"),
                                    server.process().status().encode());
                            assertTrue(consumerThreads.stream().distinct().count() == 1, consumerThreads.toString());
                            EventLoops.withdraw(vertx, SINK);
                            test.completeNow();
                        }))));
    }

    @Test
    void without_a_published_loop_the_connections_stay_on_the_instances_own_loops(Vertx vertx,
                                                                                   VertxTestContext test) {
        vertx.eventBus().<Buffer>consumer(TARGET, m -> m.reply(ForwardContract.TYPE_OPENED.equals(type(m))
                ? new JsonObject().toBuffer() : m.body()));
        deploy(vertx, ID, forward(SINK), 1)
                .onComplete(test.succeeding(server -> test.verify(() -> {
                    assertNull(server.process().status().getValue("sharesLoopWith"),
                            server.process().status().encode());
                    test.completeNow();
                })));
    }

    @Test
    void forward_closes_the_connection_at_once_when_no_process_serves_forwardTo(Vertx vertx,
                                                                                VertxTestContext test) {
        Future<List<SocketEvent>> closed = events(vertx, ID, EventType.CLOSED, 1);
        long start = System.nanoTime();
        deploy(vertx, ID, forward("nobody"), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK)
                        .compose(TcpServerTestSupport::receiveUntilClosed)
                        .compose(received -> closed)
                        .onComplete(test.succeeding(events -> test.verify(() -> {
                            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
                            String reason = "forward: no handler for sockit.nobody.connection";
                            assertEquals(reason, events.get(0).detail());
                            AuditEvent close = server.ctx().audited(AuditOp.CLOSE).get(0);
                            assertEquals(reason + " bytesIn=0 bytesOut=0", close.detail());
                            assertEquals(List.of(), server.ctx().audited(AuditOp.ERROR),
                                    "a missing consumer is an answer, not an error");
                            test.completeNow();
                        }))));
    }

    @Test
    void forward_closes_a_connection_the_consumer_refuses_and_refuses_a_write_before_it_is_accepted(
            Vertx vertx, VertxTestContext test) {
        vertx.eventBus().<Buffer>consumer(TARGET, m -> {
            if (ForwardContract.TYPE_OPENED.equals(type(m))) {
                vertx.eventBus().request(new JsonObject(m.body()).getString("writeAddress"), Buffer.buffer("x"))
                        .onComplete(ar -> m.fail(403, ar.failed() && ar.cause() instanceof ReplyException e
                                && e.failureCode() == ForwardContract.FAILURE_NOT_WRITABLE ? "not today"
                                : "unexpected " + ar));
            }
        });
        Future<List<SocketEvent>> closed = events(vertx, ID, EventType.CLOSED, 1);
        deploy(vertx, ID, forward(SINK), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK))
                .compose(TcpServerTestSupport::receiveUntilClosed)
                .compose(received -> closed)
                .onComplete(test.succeeding(events -> test.verify(() -> {
                    assertEquals("forward: refused by sockit.sink.connection: not today", events.get(0).detail());
                    test.completeNow();
                })));
    }

    @Test
    void a_consumer_that_never_replies_stalls_the_connection_bounded_and_it_is_closed_at_the_reply_timeout(
            Vertx vertx, VertxTestContext test) {
        AtomicInteger frames = new AtomicInteger();
        vertx.eventBus().<Buffer>consumer(TARGET, m -> {
            if (ForwardContract.TYPE_OPENED.equals(type(m))) {
                m.reply(new JsonObject().put("maxInFlight", 4).put("replyTimeout", 1500).toBuffer());
            } else if (ForwardContract.TYPE_DATA.equals(type(m))) {
                frames.incrementAndGet();
            }
        });
        Future<List<SocketEvent>> errors = events(vertx, ID, EventType.ERROR, 1);
        Future<List<SocketEvent>> closed = events(vertx, ID, EventType.CLOSED, 1);
        long start = System.nanoTime();
        int offered = 16 << 20;
        deploy(vertx, ID, forward(SINK), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK)
                        .compose(socket -> {
                            flood(vertx, socket, offered);
                            return closed;
                        })
                        .onComplete(test.succeeding(events -> test.verify(() -> {
                            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                            String reason = "forward: no reply from sockit.sink.connection within 1500 ms";
                            assertEquals(reason, events.get(0).detail());
                            assertTrue(elapsed >= 1500 && elapsed < 10_000, "closed after " + elapsed + " ms");
                            assertEquals(reason, errors.result().get(0).detail(), "journalled as an error");
                            assertEquals(4, frames.get(), "no more than maxInFlight frames were ever sent");
                            long read = server.process().status().getLong("bytesIn");
                            // Reading stopped at the bound: four reads and the frames cut from the last one at
                            // most, whatever the client offered (the rest stays in the kernel and the client).
                            assertTrue(read <= 4 * 65536 + 65536, "read " + read + " of " + offered);
                            test.completeNow();
                        }))));
    }

    @Test
    void an_oversize_frame_closes_only_its_connection_with_an_error(Vertx vertx, VertxTestContext test) {
        vertx.eventBus().<Buffer>consumer(TARGET, m -> {
            if (ForwardContract.TYPE_OPENED.equals(type(m))) {
                m.reply(new JsonObject().put("codec", new JsonObject().put("type", "line").put("maxLength", 16))
                        .toBuffer());
            } else if (ForwardContract.TYPE_DATA.equals(type(m))) {
                m.reply(m.body());
            }
        });
        Future<List<SocketEvent>> errors = events(vertx, ID, EventType.ERROR, 1);
        deploy(vertx, ID, forward(SINK), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK)
                        .compose(good -> client.connect(server.port(), LOOPBACK)
                                .compose(bad -> {
                                    Future<Buffer> cut = receiveUntilClosed(bad);
                                    bad.write("x".repeat(100) + "\n");
                                    return cut;
                                })
                                .compose(cut -> errors)
                                .compose(e -> {
                                    Future<Buffer> echoed = receive(good, 6);
                                    good.write("still\n");
                                    return echoed.map(b -> e);
                                }))
                        .onComplete(test.succeeding(e -> test.verify(() -> {
                            assertTrue(e.get(0).detail().startsWith("forward: frame: "), e.get(0).detail());
                            assertEquals(1L, server.process().status().getLong("closed"));
                            test.completeNow();
                        }))));
    }

    /** Writes up to {@code bytes} to {@code socket}, as fast as its write queue drains. */
    private static void flood(Vertx vertx, NetSocket socket, int bytes) {
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        int[] written = {0};
        Runnable[] pump = {null};
        pump[0] = () -> {
            while (written[0] < bytes && !socket.writeQueueFull()) {
                socket.write(chunk);
                written[0] += chunk.length();
            }
            if (written[0] < bytes) {
                socket.drainHandler(v -> pump[0].run());
            }
        };
        socket.exceptionHandler(e -> { });
        pump[0].run();
    }
}
