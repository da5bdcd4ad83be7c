package dev.sockit.plugin.tcp;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.LOOPBACK;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.after;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traffic shaping bounds the rate roughly: the limits are checked against what a client measures over two
 * seconds, with generous margins for the shaper's one-second accounting and for the burst it lets through as a
 * connection starts.
 */
@ExtendWith(VertxExtension.class)
class TcpServerTrafficShapingTest {

    private static final String ID = "shaped";
    private static final int LIMIT = 64 * 1024;
    /** When the outbound measurement starts: after the burst the shaper does not hold back. */
    private static final long SETTLE_MS = 500;
    private static final long MEASURE_MS = 2000;

    private NetClient client;

    @BeforeEach
    void createClient(Vertx vertx) {
        client = vertx.createNetClient();
    }

    @Test
    void outbound_shaping_holds_chargen_to_about_its_bytes_per_second(Vertx vertx, VertxTestContext test) {
        long[] received = {0};
        long[] mark = new long[2];
        deploy(vertx, ID, config(TcpServerConfig.Handler.CHARGEN, new TrafficShapingConfig(null, LIMIT)), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK).map(socket -> {
                    socket.handler(b -> received[0] += b.length());
                    return server;
                }))
                .compose(server -> after(vertx, SETTLE_MS).map(server))
                .compose(server -> {
                    mark[0] = received[0];
                    mark[1] = System.nanoTime();
                    return after(vertx, MEASURE_MS).map(server);
                })
                .onComplete(test.succeeding(server -> test.verify(() -> {
                    double seconds = (System.nanoTime() - mark[1]) / 1e9;
                    long bytes = received[0] - mark[0];
                    assertTrue(bytes > 0, "nothing received in " + seconds + "s");
                    assertTrue(bytes / seconds < 2.5 * LIMIT, "received " + bytes + " bytes in " + seconds + "s");
                    JsonObject shaping = server.process().status().getJsonObject("trafficShaping");
                    assertEquals(LIMIT, shaping.getInteger("outboundBytesPerSecond"));
                    test.completeNow();
                })));
    }

    @Test
    void inbound_shaping_holds_the_server_to_about_its_bytes_per_second(Vertx vertx, VertxTestContext test) {
        Buffer payload = randomBytes(3 * LIMIT);
        deploy(vertx, ID, config(TcpServerConfig.Handler.ECHO, new TrafficShapingConfig(LIMIT, null)), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK))
                .compose(socket -> {
                    long start = System.nanoTime();
                    Promise<Long> echoed = Promise.promise();
                    long[] received = {0};
                    socket.handler(b -> {
                        received[0] += b.length();
                        if (received[0] == payload.length()) {
                            echoed.complete(System.nanoTime() - start);
                        }
                    });
                    socket.write(payload);
                    return echoed.future();
                })
                .onComplete(test.succeeding(nanos -> test.verify(() -> {
                    double seconds = nanos / 1e9;
                    assertTrue(payload.length() / seconds < 2.5 * LIMIT, "echoed " + payload.length()
                            + " bytes in " + TimeUnit.NANOSECONDS.toMillis(nanos) + "ms");
                    test.completeNow();
                })));
    }

    private static TcpServerConfig config(TcpServerConfig.Handler handler, TrafficShapingConfig shaping) {
        return new TcpServerConfig(LOOPBACK, 0, handler, null, null, null, null, null, null, shaping, null);
    }
}
