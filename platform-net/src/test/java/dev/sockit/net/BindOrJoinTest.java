package dev.sockit.net;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BindOrJoin} with real verticles sharing one real TCP listener on loopback. */
class BindOrJoinTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void the_first_instance_binds_once_and_the_others_join_its_port_on_their_own_context() throws Exception {
        BindOrJoin<Integer> protocol = new BindOrJoin<>();
        AtomicInteger binds = new AtomicInteger();
        List<Integer> joined = new CopyOnWriteArrayList<>();
        List<String> stops = new CopyOnWriteArrayList<>();
        String deploymentId = vertx.deployVerticle(() -> new Server(protocol, binds, joined, stops),
                new DeploymentOptions().setInstances(4)).await(10, TimeUnit.SECONDS);
        assertEquals(1, binds.get(), "one bind for four instances");
        assertEquals(4, joined.size(), "the first announces, three join");
        int port = joined.get(0);
        assertTrue(joined.stream().allMatch(p -> p == port), "every instance on the first one's port: " + joined);
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        vertx.undeploy(deploymentId).await(10, TimeUnit.SECONDS);
        assertEquals(List.of("down", "down", "down", "last"), stops.stream().sorted().toList());
        assertNotSame(protocol.deployment(deploymentId), protocol.deployment("another"),
                "the last stop forgot the deployment");
    }

    @Test
    void a_failed_first_bind_fails_every_instance_with_its_cause() {
        BindOrJoin<Integer> protocol = new BindOrJoin<>();
        AtomicInteger joins = new AtomicInteger();
        Exception e = assertThrows(Exception.class, () -> vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return protocol.deployment(deploymentID()).start(context,
                        () -> Future.failedFuture(new IllegalStateException("port taken")),
                        Future::succeededFuture, port -> {
                            joins.incrementAndGet();
                            return Future.succeededFuture(port);
                        });
            }
        }, new DeploymentOptions().setInstances(3)).await(10, TimeUnit.SECONDS));
        assertEquals("port taken", e.getMessage());
        assertEquals(0, joins.get(), "nobody joins a failed bind");
    }

    @Test
    void on_completes_on_the_given_context() throws Exception {
        Context context = vertx.getOrCreateContext();
        // the handler's own completion is awaited: the future's await can return before a handler dispatched to the
        // context has run
        java.util.concurrent.CompletableFuture<Context> seen = new java.util.concurrent.CompletableFuture<>();
        BindOrJoin.on(context, vertx.executeBlocking(() -> 42)).onComplete(ar -> seen.complete(Vertx.currentContext()));
        assertSame(context, seen.get(10, TimeUnit.SECONDS));
    }

    /** An instance of a server whose instances share one listener, by the protocol. */
    private static final class Server extends VerticleBase {
        private final BindOrJoin<Integer> protocol;
        private final AtomicInteger binds;
        private final List<Integer> joined;
        private final List<String> stops;
        private BindOrJoin.Deployment<Integer> deployment;
        private NetServer server;

        Server(BindOrJoin<Integer> protocol, AtomicInteger binds, List<Integer> joined, List<String> stops) {
            this.protocol = protocol;
            this.binds = binds;
            this.joined = joined;
            this.stops = stops;
        }

        @Override
        public Future<?> start() {
            deployment = protocol.deployment(deploymentID());
            return deployment.start(context, () -> {
                binds.incrementAndGet();
                return listen();
            }, this::up, port -> listen().compose(this::up));
        }

        /** Listens on a random port that Vert.x shares among the servers given the same id, as tcp-server does. */
        private Future<Integer> listen() {
            server = vertx.createNetServer().connectHandler(s -> s.close());
            return server.listen(SocketAddress.sharedRandomPort(7, "127.0.0.1")).map(NetServer::actualPort);
        }

        private Future<Integer> up(int port) {
            if (Vertx.currentContext() != context) {
                return Future.failedFuture(new AssertionError("not on the instance's own context"));
            }
            deployment.up();
            joined.add(port);
            return Future.succeededFuture(port);
        }

        @Override
        public Future<?> stop() {
            return server.close().andThen(ar -> stops.add(deployment.down() ? "last" : "down"));
        }
    }
}
