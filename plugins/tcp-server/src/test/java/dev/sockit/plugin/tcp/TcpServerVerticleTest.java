package dev.sockit.plugin.tcp;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.HostPort;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(VertxExtension.class)
class TcpServerVerticleTest {

    private static final String ID = "echo";
    private static final String LOOPBACK = "127.0.0.1";
    private static final String LOOPBACK6 = "::1";
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private NetClient client;
    private ServerSocket holder;
    private TestProcessContext<TcpServerConfig> ctx;
    private TcpServerProcess process;

    @BeforeEach
    void createClient(Vertx vertx) {
        client = vertx.createNetClient();
    }

    @AfterEach
    void releaseHeldPort() throws IOException {
        if (holder != null) {
            holder.close();
        }
    }

    @Test
    void echoes_64_KiB_byte_exact_over_20_concurrent_connections(Vertx vertx, VertxTestContext test) {
        Buffer payload = randomBytes(64 * 1024);
        List<Checkpoint> echoed = checkpoints(test, 20);
        deploy(vertx, config(LOOPBACK, 0, null, null, null, null), 2).onComplete(test.succeeding(id -> {
            for (Checkpoint connection : echoed) {
                exchange(LOOPBACK, port(), payload).onComplete(test.succeeding(received -> test.verify(() -> {
                    assertEquals(payload, received);
                    connection.flag();
                })));
            }
        }));
    }

    @Test
    void discard_counts_the_bytes_and_sends_nothing(Vertx vertx, VertxTestContext test) {
        Buffer payload = randomBytes(10_000);
        Buffer received = Buffer.buffer();
        Future<List<SocketEvent>> closed = events(vertx, EventType.CLOSED, 1);
        deploy(vertx, config(LOOPBACK, 0, TcpServerConfig.Handler.DISCARD, null, null, null), 1)
                .compose(id -> client.connect(port(), LOOPBACK))
                .compose(socket -> {
                    socket.handler(received::appendBuffer);
                    // The server reads every byte before it sees the end of the stream and closes.
                    return socket.write(payload).compose(v -> socket.close());
                })
                .onFailure(test::failNow);
        closed.onComplete(test.succeeding(events -> test.verify(() -> {
            assertEquals(payload.length(), events.get(0).bytesIn());
            assertEquals(0, events.get(0).bytesOut());
            assertEquals(0, received.length());
            JsonObject status = process.status();
            assertEquals("discard", status.getString("handler"));
            assertEquals(payload.length(), status.getLong("bytesIn"));
            assertEquals(0, status.getLong("bytesOut"));
            test.completeNow();
        })));
    }

    @Test
    void fails_to_start_with_PortInUseException_when_a_ServerSocket_holds_the_port(Vertx vertx,
                                                                                    VertxTestContext test)
            throws IOException {
        holder = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
        deploy(vertx, config(LOOPBACK, holder.getLocalPort(), null, null, null, null), 2)
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(PortInUseException.class, e);
                    assertTrue(e.getMessage().contains("already in use"), e.getMessage());
                    assertEquals(holder.getLocalPort(), ((PortInUseException) e).check().port());
                    assertEquals(1, ctx.portChecks());
                    assertEquals(1, ctx.audited(AuditOp.ERROR).size());
                    assertTrue(ctx.audited(AuditOp.BIND).isEmpty());
                    assertEquals("", process.address());
                    test.completeNow();
                })));
    }

    @Test
    void a_second_process_on_the_same_port_cannot_join_the_listener_of_the_first(Vertx vertx,
                                                                                 VertxTestContext test)
            throws IOException {
        assumeTrue(SocketStats.available(), "ss (iproute2) is not installed");
        int port = freePort();
        TcpServerConfig daytime = config(LOOPBACK, port, TcpServerConfig.Handler.DAYTIME, null, null, null);
        // As if both had checked the port before either bound it: the second check says free.
        TestProcessContext<TcpServerConfig> second = new TestProcessContext<>(vertx, "daytime", daytime, 2,
                SHUTDOWN_TIMEOUT).reportFreeWithoutChecking(1);
        Buffer payload = Buffer.buffer("only the echo answers");
        deploy(vertx, config(LOOPBACK, port, null, null, null, null), 2)
                .compose(echo -> {
                    TcpServerProcess daytimeProcess = (TcpServerProcess) new TcpServerKind().create(second);
                    return vertx.deployVerticle(daytimeProcess::newInstance, new DeploymentOptions().setInstances(2))
                            .transform(ar -> Future.succeededFuture(ar.cause()));
                })
                .compose(refused -> {
                    List<Future<Buffer>> echoes = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        echoes.add(exchange(LOOPBACK, port, payload));
                    }
                    return Future.all(echoes).compose(all -> vertx.executeBlocking(() -> SocketStats.listeners(port)))
                            .map(listeners -> {
                                test.verify(() -> {
                                    assertInstanceOf(PortInUseException.class, refused,
                                            "the second process must not start: " + refused);
                                    for (Future<Buffer> echo : echoes) {
                                        assertEquals(payload, echo.result());
                                    }
                                    assertEquals(1, listeners, "listening sockets on the port, as ss shows them");
                                    assertEquals(10L, process.accepted.sum());
                                });
                                return listeners;
                            });
                })
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void a_port_taken_after_the_check_fails_start_with_PortInUseException_from_a_second_check(
            Vertx vertx, VertxTestContext test) throws IOException {
        holder = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
        TcpServerConfig config = config(LOOPBACK, holder.getLocalPort(), null, null, null, null);
        deploy(new TestProcessContext<>(vertx, ID, config, 1, SHUTDOWN_TIMEOUT).reportFreeWithoutChecking(1))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertInstanceOf(PortInUseException.class, e);
                    assertTrue(e.getMessage().contains("already in use"), e.getMessage());
                    assertEquals(2, ctx.portChecks());
                    AuditEvent error = ctx.audited(AuditOp.ERROR).get(0);
                    assertTrue(error.detail().startsWith("listen: "), error.detail());
                    assertEquals(LOOPBACK + ":" + holder.getLocalPort(), error.local());
                    test.completeNow();
                })));
    }

    @Test
    void with_maxConnections_2_the_third_connection_is_closed_while_the_first_two_still_echo(
            Vertx vertx, VertxTestContext test) {
        Buffer ping = Buffer.buffer("ping");
        Checkpoint thirdClosed = test.checkpoint();
        Checkpoint rejectedEvent = test.checkpoint();
        List<Checkpoint> echoed = checkpoints(test, 2);
        Future<List<SocketEvent>> opened = events(vertx, EventType.OPENED, 2);
        events(vertx, EventType.REJECTED, 1).onComplete(test.succeeding(events -> test.verify(() -> {
            assertEquals("maxConnections=2 reached", events.get(0).detail());
            rejectedEvent.flag();
        })));
        List<NetSocket> firstTwo = new ArrayList<>();
        deploy(vertx, config(LOOPBACK, 0, null, null, null, 2), 1)
                .compose(id -> client.connect(port(), LOOPBACK)).onSuccess(firstTwo::add)
                .compose(s -> client.connect(port(), LOOPBACK)).onSuccess(firstTwo::add)
                .compose(s -> opened)
                .compose(events -> client.connect(port(), LOOPBACK))
                .onComplete(test.succeeding(third -> third.closeHandler(v -> test.verify(() -> {
                    assertEquals(1L, process.status().getLong("rejected"));
                    assertEquals(2L, process.status().getLong("open"));
                    assertEquals(1, ctx.audited(AuditOp.REJECT).size());
                    thirdClosed.flag();
                    for (int i = 0; i < firstTwo.size(); i++) {
                        Checkpoint connection = echoed.get(i);
                        roundTrip(firstTwo.get(i), ping).onComplete(test.succeeding(received -> test.verify(() -> {
                            assertEquals(ping, received);
                            connection.flag();
                        })));
                    }
                }))));
    }

    @Test
    void an_idle_connection_is_closed_after_idleTimeout(Vertx vertx, VertxTestContext test) {
        Duration idle = Duration.ofMillis(300);
        deploy(vertx, config(LOOPBACK, 0, null, null, idle, null), 1).onComplete(test.succeeding(id -> {
            long start = System.nanoTime();
            client.connect(port(), LOOPBACK).onComplete(test.succeeding(socket -> socket.closeHandler(v ->
                    test.verify(() -> {
                        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        assertTrue(elapsed >= idle.toMillis() - 50, "closed after " + elapsed + "ms");
                        assertEquals(Units.format(idle), process.status().getString("idleTimeout"));
                        test.completeNow();
                    }))));
        }));
    }

    @Test
    void each_applied_option_is_audited_and_mapped(Vertx vertx, VertxTestContext test) {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 65536).build();
        deploy(vertx, config(LOOPBACK, 0, null, options, null, null), 1)
                .compose(id -> exchange(LOOPBACK, port(), Buffer.buffer("x")))
                .onComplete(test.succeeding(received -> test.verify(() -> {
                    List<AuditEvent> set = ctx.audited(AuditOp.OPTION_SET);
                    assertEquals(1, set.size());
                    assertTrue(set.get(0).detail().startsWith("receiveBufferSize requested=65536 effective="),
                            set.get(0).detail());
                    assertEquals(65536, process.mapping().server().getReceiveBufferSize());
                    assertEquals(65536, process.status().getJsonObject("options").getInteger("receiveBufferSize"));
                    assertEquals("65536", process.status().getJsonObject("appliedOptions")
                            .getString("receiveBufferSize"));
                    test.completeNow();
                })));
    }

    @Test
    void status_counts_accepted_connections_and_bytes(Vertx vertx, VertxTestContext test) {
        Buffer payload = randomBytes(1000);
        deploy(vertx, config(LOOPBACK, 0, null, null, null, null), 1)
                .compose(id -> client.connect(port(), LOOPBACK))
                .compose(socket -> roundTrip(socket, payload))
                // The echo can reach the client before the server counts the write as done: wait for the count.
                .compose(received -> TcpServerTestSupport.until(vertx, () -> process.bytesOut.sum() >= 1000))
                .onComplete(test.succeeding(counted -> test.verify(() -> {
                    JsonObject status = process.status();
                    assertEquals(1L, status.getLong("accepted"));
                    assertEquals(1L, status.getLong("open"));
                    assertEquals(1000L, status.getLong("bytesIn"));
                    assertEquals(1000L, status.getLong("bytesOut"));
                    assertEquals("echo", status.getString("handler"));
                    assertEquals(LOOPBACK + ":0", status.getString("configuredAddress"));
                    assertEquals(process.address(), status.getString("address"));
                    assertEquals(RecordingProcessContext.transportOf(vertx), status.getString("transport"));
                    assertTrue(status.getJsonObject("ignoredOptions").isEmpty());
                    test.completeNow();
                })));
    }

    @Test
    void opened_and_closed_events_are_published_to_the_process_events_address(Vertx vertx,
                                                                               VertxTestContext test) {
        Future<List<SocketEvent>> opened = events(vertx, EventType.OPENED, 1);
        Future<List<SocketEvent>> closed = events(vertx, EventType.CLOSED, 1);
        deploy(vertx, config(LOOPBACK, 0, null, null, null, null), 1)
                .compose(id -> exchange(LOOPBACK, port(), Buffer.buffer("hello")))
                .compose(received -> Future.all(opened, closed))
                .onComplete(test.succeeding(all -> test.verify(() -> {
                    SocketEvent open = opened.result().get(0);
                    SocketEvent close = closed.result().get(0);
                    assertEquals(ID, open.process());
                    assertEquals(open.connectionId(), close.connectionId());
                    assertTrue(open.connectionId() > 0);
                    assertEquals(process.address(), open.local());
                    assertTrue(open.remote().startsWith(LOOPBACK + ":"), open.remote());
                    assertEquals(5, close.bytesIn());
                    assertEquals(5, close.bytesOut());
                    test.completeNow();
                })));
    }

    @Test
    void accept_and_close_are_audited_with_both_addresses(Vertx vertx, VertxTestContext test) {
        Future<List<SocketEvent>> closed = events(vertx, EventType.CLOSED, 1);
        deploy(vertx, config(LOOPBACK, 0, null, null, null, null), 1)
                .compose(id -> exchange(LOOPBACK, port(), Buffer.buffer("abc")))
                .compose(received -> closed)
                .onComplete(test.succeeding(events -> test.verify(() -> {
                    AuditEvent accept = ctx.audited(AuditOp.ACCEPT).get(0);
                    AuditEvent close = ctx.audited(AuditOp.CLOSE).get(0);
                    assertEquals(process.address(), accept.local());
                    assertTrue(accept.remote().startsWith(LOOPBACK + ":"), accept.remote());
                    assertEquals(accept.connectionId(), close.connectionId());
                    assertEquals(accept.local(), close.local());
                    assertEquals(accept.remote(), close.remote());
                    assertEquals("bytesIn=3 bytesOut=3", close.detail());
                    assertEquals(1, ctx.audited(AuditOp.BIND).size());
                    assertEquals(1, ctx.audited(AuditOp.LISTEN).size());
                    test.completeNow();
                })));
    }

    @Test
    void stopping_closes_open_connections_gracefully_and_publishes_stopped(Vertx vertx, VertxTestContext test) {
        Checkpoint clientClosed = test.checkpoint();
        Checkpoint stoppedEvent = test.checkpoint();
        Checkpoint undeployed = test.checkpoint();
        Future<List<SocketEvent>> opened = events(vertx, EventType.OPENED, 1);
        events(vertx, EventType.STOPPED, 1).onComplete(test.succeeding(events -> stoppedEvent.flag()));
        deploy(vertx, config(LOOPBACK, 0, null, null, null, null), 2).onComplete(test.succeeding(id ->
                client.connect(port(), LOOPBACK).onComplete(test.succeeding(socket -> {
                    socket.closeHandler(v -> clientClosed.flag());
                    long start = System.nanoTime();
                    opened.compose(events -> vertx.undeploy(id)).onComplete(test.succeeding(v -> test.verify(() -> {
                        long elapsed = System.nanoTime() - start;
                        assertTrue(elapsed < SHUTDOWN_TIMEOUT.toNanos() / 2, "stop took " + elapsed + "ns");
                        JsonObject status = process.status();
                        assertEquals(0, status.getInteger("listening"));
                        assertEquals(0L, status.getLong("open"));
                        assertEquals(1L, status.getLong("closed"));
                        assertTrue(ctx.audited(AuditOp.CLOSE).stream().anyMatch(e -> e.connectionId() == 0));
                        undeployed.flag();
                    })));
                }))));
    }

    @Test
    void three_instances_share_one_port_that_is_checked_and_bound_once(Vertx vertx, VertxTestContext test) {
        Buffer payload = randomBytes(4096);
        List<Checkpoint> echoed = checkpoints(test, 9);
        deploy(vertx, config(LOOPBACK, 0, null, null, null, null), 3).onComplete(test.succeeding(id -> {
            test.verify(() -> {
                assertEquals(1, ctx.portChecks());
                assertEquals(1, ctx.audited(AuditOp.BIND).size());
                assertEquals(3, process.status().getInteger("listening"));
            });
            for (Checkpoint connection : echoed) {
                exchange(LOOPBACK, port(), payload).onComplete(test.succeeding(received -> test.verify(() -> {
                    assertEquals(payload, received);
                    connection.flag();
                })));
            }
        }));
    }

    @Test
    void a_process_deployed_again_after_a_stop_checks_and_binds_anew(Vertx vertx, VertxTestContext test) {
        Future<List<SocketEvent>> listening = events(vertx, EventType.LISTENING, 2);
        Future<List<SocketEvent>> stopped = events(vertx, EventType.STOPPED, 1);
        deploy(vertx, config(LOOPBACK, 0, null, null, null, null), 2)
                .compose(vertx::undeploy)
                .compose(v -> stopped)
                .compose(events -> vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(2)))
                .compose(id -> exchange(LOOPBACK, port(), Buffer.buffer("again")))
                .compose(received -> listening)
                .onComplete(test.succeeding(events -> test.verify(() -> {
                    assertEquals(2, ctx.portChecks());
                    assertEquals(2, ctx.audited(AuditOp.BIND).size());
                    assertEquals(process.address(), events.get(1).local());
                    assertEquals(2, process.status().getInteger("listening"));
                    test.completeNow();
                })));
    }

    @Test
    void echoes_over_the_IPv6_loopback(Vertx vertx, VertxTestContext test) {
        assumeTrue(canBind(LOOPBACK6), "::1 cannot be bound here");
        Buffer payload = randomBytes(8192);
        deploy(vertx, config(LOOPBACK6, 0, null, null, null, null), 1)
                .compose(id -> exchange(LOOPBACK6, port(), payload))
                .onComplete(test.succeeding(received -> test.verify(() -> {
                    assertEquals(payload, received);
                    assertTrue(process.address().startsWith("[" + LOOPBACK6 + "]:"), process.address());
                    AuditEvent accept = ctx.audited(AuditOp.ACCEPT).get(0);
                    assertTrue(accept.remote().startsWith("["), accept.remote());
                    test.completeNow();
                })));
    }

    // ---- helpers

    private static TcpServerConfig config(String host, int port, TcpServerConfig.Handler handler,
                                          SocketOptions options, Duration idleTimeout, Integer maxConnections) {
        return new TcpServerConfig(host, port, handler, options, idleTimeout, maxConnections);
    }

    private Future<String> deploy(Vertx vertx, TcpServerConfig config, int instances) {
        return deploy(new TestProcessContext<>(vertx, ID, config, instances, SHUTDOWN_TIMEOUT));
    }

    private Future<String> deploy(TestProcessContext<TcpServerConfig> context) {
        ctx = context;
        process = (TcpServerProcess) new TcpServerKind().create(context);
        return context.vertx().deployVerticle(process::newInstance,
                new DeploymentOptions().setInstances(context.instances()));
    }

    /** The port the process bound. */
    private int port() {
        String address = process.address();
        assertFalse(address.isEmpty(), "the process has not bound yet");
        return HostPort.parse(address).port();
    }

    /** Connects, sends {@code payload}, and completes with as many bytes as came back, then closes. */
    private Future<Buffer> exchange(String host, int port, Buffer payload) {
        return client.connect(port, host).compose(socket -> roundTrip(socket, payload)
                .eventually(socket::close));
    }

    /** Sends {@code payload} on {@code socket} and completes with as many bytes as come back. */
    private static Future<Buffer> roundTrip(NetSocket socket, Buffer payload) {
        Promise<Buffer> echoed = Promise.promise();
        Buffer received = Buffer.buffer(payload.length());
        socket.handler(b -> {
            received.appendBuffer(b);
            if (received.length() >= payload.length()) {
                echoed.tryComplete(received);
            }
        });
        socket.closeHandler(v -> echoed.tryFail("closed after " + received.length() + " bytes"));
        socket.write(payload);
        return echoed.future();
    }

    /** Completes with the first {@code count} events of {@code type} published for the process. */
    private static Future<List<SocketEvent>> events(Vertx vertx, EventType type, int count) {
        return RecordingProcessContext.events(vertx, ID, type, count);
    }

    /** One checkpoint per expected outcome, created on the test thread. */
    private static List<Checkpoint> checkpoints(VertxTestContext test, int n) {
        List<Checkpoint> checkpoints = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            checkpoints.add(test.checkpoint());
        }
        return checkpoints;
    }

    private static Buffer randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return Buffer.buffer(bytes);
    }

    /** A port that was free a moment ago: bound to port 0 and closed. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static boolean canBind(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
