package dev.sockit.plugin.tcp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.SocketEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.LOOPBACK;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.after;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.await;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.events;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.receive;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.receiveUntilClosed;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chargen and daytime handlers and the read deadline, over real loopback sockets ({@code forward}:
 * {@link TcpServerForwardTest}).
 */
@ExtendWith(VertxExtension.class)
class TcpServerHandlerTest {

    private static final String ID = "handlers";

    private NetClient client;

    @BeforeEach
    void createClient(Vertx vertx) {
        client = vertx.createNetClient();
    }

    @Test
    void chargen_sends_RFC_864_lines_from_the_start_and_counts_what_it_receives(Vertx vertx,
                                                                                VertxTestContext test) {
        int n = 2 * ChargenHandler.CYCLE_BYTES + 1000;
        Buffer expected = Buffer.buffer(ChargenHandler.lines(2 * ChargenHandler.CYCLE_LINES + 14)).slice(0, n);
        Future<List<SocketEvent>> closed = events(vertx, ID, EventType.CLOSED, 1);
        deploy(vertx, ID, handler(TcpServerConfig.Handler.CHARGEN, null), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK).compose(socket -> {
                    Future<Buffer> received = receive(socket, n);
                    socket.write("ignored");
                    // Closing with chargen's bytes unread resets the connection: first let the server count.
                    return received.compose(b -> until(vertx, () -> server.process().status().getLong("bytesIn") == 7)
                            .compose(v -> socket.close()).map(b));
                }))
                .onComplete(test.succeeding(received -> test.verify(() ->
                        assertEquals(expected, received))))
                .compose(received -> closed)
                .onComplete(test.succeeding(events -> test.verify(() -> {
                    assertEquals(7, events.get(0).bytesIn());
                    assertTrue(events.get(0).bytesOut() >= n, events.get(0).toString());
                    test.completeNow();
                })));
    }

    @Test
    void chargen_stops_writing_while_the_client_does_not_read_and_goes_on_when_it_does(Vertx vertx,
                                                                                        VertxTestContext test)
            throws Exception {
        TcpServerTestSupport.Deployed server = await(deploy(vertx, ID, handler(TcpServerConfig.Handler.CHARGEN,
                null), 1));
        try (Socket socket = new Socket()) {
            // A small, fixed receive buffer that nothing reads: the kernel's buffers fill, then the write queue.
            socket.setReceiveBufferSize(64 * 1024);
            socket.setSoTimeout((int) TcpServerTestSupport.WAIT.toMillis());
            socket.connect(new InetSocketAddress(LOOPBACK, server.port()));
            await(after(vertx, 700));
            long first = server.process().status().getLong("bytesOut");
            await(after(vertx, 400));
            long second = server.process().status().getLong("bytesOut");
            assertTrue(first < 64L << 20, "wrote " + first + " bytes nobody read");
            assertTrue(second - first <= 8L * ChargenHandler.CYCLE_BYTES, "went on writing: " + first + " then "
                    + second);
            // More than was written while nobody read arrives only if the server goes on.
            byte[] more = socket.getInputStream().readNBytes((int) second + ChargenHandler.CYCLE_BYTES);
            assertEquals((int) second + ChargenHandler.CYCLE_BYTES, more.length);
            assertTrue(server.process().status().getLong("bytesOut") > second);
        }
        test.completeNow();
    }

    @Test
    void daytime_sends_one_CRLF_terminated_line_of_the_time_in_UTC_and_closes(Vertx vertx, VertxTestContext test) {
        Instant before = Instant.now().minusSeconds(1);
        deploy(vertx, ID, handler(TcpServerConfig.Handler.DAYTIME, null), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK))
                .compose(TcpServerTestSupport::receiveUntilClosed)
                .onComplete(test.succeeding(received -> test.verify(() -> {
                    String line = received.toString(StandardCharsets.US_ASCII);
                    assertTrue(line.endsWith("-UTC\r\n"), line);
                    assertEquals(line.length() - 2, line.indexOf('\r'), line);
                    Instant sent = Instant.from(DaytimeHandler.FORMAT.parse(line.substring(0, line.length() - 2)));
                    assertTrue(!sent.isBefore(before) && !sent.isAfter(Instant.now().plusSeconds(1)), line);
                    test.completeNow();
                })));
    }

    @Test
    void a_client_that_neither_sends_nor_reads_is_closed_after_readTimeout_although_the_server_has_data_for_it(
            Vertx vertx, VertxTestContext test) {
        Duration readTimeout = Duration.ofMillis(300);
        Future<List<SocketEvent>> closed = events(vertx, ID, EventType.CLOSED, 1);
        deploy(vertx, ID, config(TcpServerConfig.Handler.CHARGEN, null, readTimeout), 1)
                .onComplete(test.succeeding(server -> {
                    long start = System.nanoTime();
                    // The client reads nothing, so chargen's write queue stays full: the close must not wait on it.
                    client.connect(server.port(), LOOPBACK)
                            .compose(socket -> {
                                socket.pause();
                                return closed;
                            })
                            .onComplete(test.succeeding(events -> test.verify(() -> {
                                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                                assertTrue(elapsed >= readTimeout.toMillis(), "closed after " + elapsed + "ms");
                                assertTrue(elapsed < 5 * readTimeout.toMillis(), "closed after " + elapsed + "ms");
                                assertEquals("readTimeout", events.get(0).detail());
                                assertTrue(events.get(0).bytesOut() > 0);
                                AuditEvent close = server.ctx().audited(AuditOp.CLOSE).get(0);
                                assertTrue(close.detail().startsWith("readTimeout bytesIn=0 bytesOut="),
                                        close.detail());
                                JsonObject status = server.process().status();
                                assertEquals(1L, status.getLong("timedOut"));
                                assertEquals("300ms", status.getString("readTimeout"));
                                test.completeNow();
                            })));
                }));
    }

    @Test
    void a_client_that_sends_a_byte_every_100ms_outlives_a_readTimeout_of_300ms(Vertx vertx,
                                                                               VertxTestContext test) {
        Duration readTimeout = Duration.ofMillis(300);
        deploy(vertx, ID, config(TcpServerConfig.Handler.ECHO, null, readTimeout), 1)
                .onComplete(test.succeeding(server -> client.connect(server.port(), LOOPBACK)
                        .onComplete(test.succeeding(socket -> {
                            socket.handler(b -> { });
                            socket.closeHandler(v -> test.failNow("closed while sending"));
                            int[] sent = {0};
                            vertx.setPeriodic(100, timer -> {
                                if (sent[0]++ < 12) {
                                    socket.write("x");
                                    return;
                                }
                                vertx.cancelTimer(timer);
                                test.verify(() -> {
                                    assertEquals(0L, server.process().status().getLong("timedOut"));
                                    assertEquals(12L, server.process().status().getLong("bytesIn"));
                                });
                                // Now silent: the deadline applies again. The client can see the close before
                                // the server's own close handler has counted it: wait for the count (2 s at most).
                                socket.closeHandler(v -> {
                                    long[] polls = {0};
                                    vertx.setPeriodic(20, poll -> {
                                        long timedOut = server.process().status().getLong("timedOut");
                                        if (timedOut == 1L || ++polls[0] >= 100) {
                                            vertx.cancelTimer(poll);
                                            test.verify(() -> assertEquals(1L, timedOut));
                                            test.completeNow();
                                        }
                                    });
                                });
                            });
                        }))));
    }

    private static TcpServerConfig handler(TcpServerConfig.Handler handler, String forwardTo) {
        return config(handler, forwardTo, null);
    }

    private static TcpServerConfig config(TcpServerConfig.Handler handler, String forwardTo, Duration readTimeout) {
        return new TcpServerConfig(LOOPBACK, 0, handler, null, null, null, null, readTimeout, forwardTo, null, null);
    }
}
