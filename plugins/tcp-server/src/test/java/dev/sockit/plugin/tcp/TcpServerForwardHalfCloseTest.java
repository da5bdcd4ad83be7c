package dev.sockit.plugin.tcp;

import dev.sockit.api.testing.LinuxTransports;
import dev.sockit.contracts.ForwardContract;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.LOOPBACK;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A client that sends its request and its FIN at once, before the consumer has even answered {@code opened}
 * ({@code printf ... | socat}, {@code nc -N}), gets every reply and then the close, on every transport.
 */
class TcpServerForwardHalfCloseTest {

    private Vertx vertx;

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", LinuxTransports.EPOLL, LinuxTransports.IO_URING})
    void a_request_sent_with_its_fin_before_the_opened_reply_gets_every_reply(String name) throws Exception {
        Transport transport = switch (name) {
            case "nio" -> Transport.NIO;
            case LinuxTransports.IO_URING -> Transport.IO_URING;
            default -> Transport.EPOLL;
        };
        assumeTrue(transport.available(), name + " cannot load here: " + transport.unavailabilityCause());
        vertx = Vertx.builder().withTransport(transport).build();
        // the consumer: line frames, each answered in upper case; it accepts the connection only after 200 ms
        vertx.eventBus().<Buffer>consumer(ForwardContract.connection("sink"), m -> {
            switch (m.headers().get(ForwardContract.HEADER_TYPE)) {
                case ForwardContract.TYPE_OPENED -> vertx.setTimer(200, t -> m.reply(new JsonObject()
                        .put("codec", "line").toBuffer()));
                case ForwardContract.TYPE_DATA -> m.reply(Buffer.buffer(m.body().toString(StandardCharsets.UTF_8)
                        .toUpperCase()));
                default -> { }
            }
        });
        int port = deploy(vertx, "front", new TcpServerConfig(LOOPBACK, 0, TcpServerConfig.Handler.FORWARD, null,
                null, null, null, null, "sink", null, null), 1).await(10, TimeUnit.SECONDS).port();
        for (int round = 0; round < 10; round++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("one\ntwo\nthree and more\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                InputStream in = s.getInputStream();
                in.transferTo(got);
                assertEquals("ONE\nTWO\nTHREE AND MORE\n", got.toString(StandardCharsets.US_ASCII),
                        name + ", round " + round);
            }
        }
    }
}
