package dev.sockit.plugin.tcp;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.LOOPBACK;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.await;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.canBind;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.randomBytes;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server on the IPv6 wildcard {@code ::} is dual-stack: IPv4 clients reach it too, whatever
 * {@code net.ipv6.bindv6only} says, because both Vert.x transports clear IPV6_V6ONLY on their sockets. Clients
 * connect over the loopback only.
 */
@ExtendWith(VertxExtension.class)
class TcpServerDualStackTest {

    private static final String ID = "dual";
    private static final String WILDCARD6 = "::";
    private static final String LOOPBACK6 = "::1";

    private NetClient client;

    @BeforeEach
    void createClient(Vertx vertx) {
        client = vertx.createNetClient();
    }

    @Test
    void an_IPv4_client_reaches_a_server_on_the_IPv6_wildcard(Vertx vertx, VertxTestContext test) {
        assumeTrue(canBind(WILDCARD6), ":: cannot be bound here");
        Buffer payload = randomBytes(16 * 1024);
        deploy(vertx, ID, config(WILDCARD6, null), 1)
                .compose(server -> client.connect(server.port(), LOOPBACK)
                        .compose(socket -> roundTrip(socket, payload).eventually(socket::close))
                        .map(received -> {
                            test.verify(() -> {
                                assertEquals(payload, received);
                                assertTrue(server.process().address().startsWith("[::]:"), server.process().address());
                            });
                            return received;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void an_IPv4_and_an_IPv6_client_reach_a_server_on_the_IPv6_wildcard_over_the_native_transport(
            VertxTestContext test) throws Exception {
        assumeTrue(canBind(WILDCARD6) && canBind(LOOPBACK6), ":: or ::1 cannot be bound here");
        Vertx nativeVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            assumeTrue(nativeVertx.isNativeTransportEnabled(), "no native transport here");
            int port = await(deploy(nativeVertx, ID, config(WILDCARD6, null), 1)).port();
            assertEquals("over IPv4\n", echo(LOOPBACK, port, "over IPv4\n"));
            assertEquals("over IPv6\n", echo(LOOPBACK6, port, "over IPv6\n"));
        } finally {
            await(nativeVertx.close());
        }
        test.completeNow();
    }

    @Test
    void ipv6Only_is_reported_as_ignored_and_the_wildcard_stays_dual_stack(Vertx vertx, VertxTestContext test)
            throws Exception {
        assumeTrue(canBind(WILDCARD6), ":: cannot be bound here");
        SocketOptions ipv6Only = SocketOptions.builder().set(SocketOptionTable.IPV6_ONLY, true).build();
        TcpServerTestSupport.Deployed server = await(deploy(vertx, ID, config(WILDCARD6, ipv6Only), 1));
        JsonObject ignored = server.process().status().getJsonObject("ignoredOptions");
        assertTrue(ignored.getString("ipv6Only", "").contains("IPV6_V6ONLY"), ignored.encode());
        assertEquals("still dual-stack\n", echo(LOOPBACK, server.port(), "still dual-stack\n"));
        test.completeNow();
    }

    /** Sends a line with a blocking JDK socket and reads it back; bounded by a read timeout. */
    private static String echo(String host, int port, String line) throws Exception {
        byte[] sent = line.getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port),
                    (int) TcpServerTestSupport.WAIT.toMillis());
            socket.setSoTimeout((int) TcpServerTestSupport.WAIT.toMillis());
            socket.getOutputStream().write(sent);
            InputStream in = socket.getInputStream();
            byte[] received = in.readNBytes(sent.length);
            assertArrayEquals(sent, received);
            return new String(received, StandardCharsets.US_ASCII);
        }
    }

    private static TcpServerConfig config(String host, SocketOptions options) {
        return new TcpServerConfig(host, 0, null, options, null, null);
    }
}
