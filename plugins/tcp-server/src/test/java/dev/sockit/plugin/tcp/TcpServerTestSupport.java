package dev.sockit.plugin.tcp;

import dev.sockit.api.Addresses;
import dev.sockit.api.EventType;
import dev.sockit.api.HostPort;
import dev.sockit.api.SocketEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Deploys a {@code tcp-server} under test and talks to it; every wait is bounded. */
final class TcpServerTestSupport {

    static final String LOOPBACK = "127.0.0.1";
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** The longest a blocking wait in a test may take. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private TcpServerTestSupport() {
    }

    /** A deployed process: its context (audit records), the process (status, address) and the deployment id. */
    record Deployed(TestProcessContext<TcpServerConfig> ctx, TcpServerProcess process, String deploymentId) {

        /** The port the process bound. */
        int port() {
            String address = process.address();
            if (address.isEmpty()) {
                throw new AssertionError("the process has not bound yet");
            }
            return HostPort.parse(address).port();
        }
    }

    /** Creates the process of {@code config} under {@code id} and deploys {@code instances} of it. */
    static Future<Deployed> deploy(Vertx vertx, String id, TcpServerConfig config, int instances) {
        TestProcessContext<TcpServerConfig> ctx = new TestProcessContext<>(vertx, id, config, instances,
                SHUTDOWN_TIMEOUT);
        TcpServerProcess process = (TcpServerProcess) new TcpServerKind().create(ctx);
        return vertx.deployVerticle(process::newInstance, new DeploymentOptions().setInstances(instances))
                .map(deploymentId -> new Deployed(ctx, process, deploymentId));
    }

    /** Sends {@code payload} on {@code socket} and completes with as many bytes as come back. */
    static Future<Buffer> roundTrip(NetSocket socket, Buffer payload) {
        Future<Buffer> received = receive(socket, payload.length());
        socket.write(payload);
        return received;
    }

    /** Completes with the first {@code n} bytes {@code socket} receives; fails if it closes before. */
    static Future<Buffer> receive(NetSocket socket, int n) {
        Promise<Buffer> done = Promise.promise();
        Buffer received = Buffer.buffer(n);
        socket.handler(b -> {
            if (received.length() < n) {
                received.appendBuffer(b, 0, Math.min(b.length(), n - received.length()));
                if (received.length() == n) {
                    done.tryComplete(received);
                }
            }
        });
        socket.closeHandler(v -> done.tryFail("closed after " + received.length() + " of " + n + " bytes"));
        return done.future();
    }

    /** Completes with everything {@code socket} receives once the server closes it. */
    static Future<Buffer> receiveUntilClosed(NetSocket socket) {
        Promise<Buffer> done = Promise.promise();
        Buffer received = Buffer.buffer();
        socket.handler(received::appendBuffer);
        socket.closeHandler(v -> done.tryComplete(received));
        return done.future();
    }

    /** Completes with the first {@code count} events of {@code type} published for process {@code id}. */
    static Future<List<SocketEvent>> events(Vertx vertx, String id, EventType type, int count) {
        Promise<List<SocketEvent>> done = Promise.promise();
        List<SocketEvent> seen = new ArrayList<>();
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.events(id));
        consumer.handler(message -> {
            SocketEvent event = SocketEvent.fromJson(message.body());
            if (event.type() == type && seen.size() < count) {
                seen.add(event);
                if (seen.size() == count) {
                    consumer.unregister();
                    done.complete(List.copyOf(seen));
                }
            }
        });
        return done.future();
    }

    /** Completes after {@code ms} milliseconds, on a timer rather than a sleeping thread. */
    static Future<Void> after(Vertx vertx, long ms) {
        Promise<Void> done = Promise.promise();
        vertx.setTimer(ms, id -> done.complete());
        return done.future();
    }

    /** Completes once {@code condition} holds, checked every 10 ms; fails after {@link #WAIT}. */
    static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
        Promise<Void> done = Promise.promise();
        long deadline = System.nanoTime() + WAIT.toNanos();
        vertx.setPeriodic(10, timer -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(timer);
                done.tryComplete();
            } else if (System.nanoTime() > deadline) {
                vertx.cancelTimer(timer);
                done.tryFail("the condition did not hold within " + WAIT);
            }
        });
        return done.future();
    }

    /** Waits, on a test thread, for {@code future}; at most {@link #WAIT}. */
    static <T> T await(Future<T> future) throws InterruptedException, TimeoutException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    static Buffer randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return Buffer.buffer(bytes);
    }

    static boolean canBind(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
