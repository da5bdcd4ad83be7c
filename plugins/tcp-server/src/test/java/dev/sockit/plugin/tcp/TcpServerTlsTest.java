package dev.sockit.plugin.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.LOOPBACK;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.await;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.randomBytes;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Echo over TLS, to a Vert.x client and to the JDK's {@link SSLSocket}. */
@ExtendWith(VertxExtension.class)
class TcpServerTlsTest {

    private static final String ID = "tls";

    /** Held here: Vert.x closes a client nothing refers to any more. */
    private NetClient client;

    @Test
    void echoes_over_TLS_with_a_self_signed_certificate_to_a_Vert_x_client_that_trusts_all(Vertx vertx,
                                                                                            VertxTestContext test) {
        Buffer payload = randomBytes(100_000);
        // Test only: the self-signed certificate cannot be verified, so the client trusts any.
        client = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true)
                .setHostnameVerificationAlgorithm(""));
        deploy(vertx, ID, config(new TlsConfig(null, null, true)), 2)
                .compose(server -> client.connect(server.port(), LOOPBACK)
                        .compose(socket -> {
                            test.verify(() -> assertTrue(socket.isSsl()));
                            return roundTrip(socket, payload).eventually(socket::close);
                        })
                        .map(received -> {
                            test.verify(() -> {
                                assertEquals(payload, received);
                                JsonObject status = server.process().status();
                                assertEquals(new JsonObject().put("selfSigned", true), status.getJsonObject("tls"));
                            });
                            return received;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void echoes_over_TLS_with_PEM_cert_and_key_files_to_a_JDK_SSLSocket_that_trusts_the_cert(
            Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        writeSelfSigned(cert, key);
        TcpServerTestSupport.Deployed server = await(deploy(vertx, ID, config(
                new TlsConfig(cert.toString(), key.toString(), null)), 1));
        byte[] payload = randomBytes(50_000).getBytes();
        byte[] received = new byte[payload.length];
        try (SSLSocket socket = (SSLSocket) trusting(cert).getSocketFactory().createSocket(LOOPBACK, server.port())) {
            socket.setSoTimeout((int) TcpServerTestSupport.WAIT.toMillis());
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            int n = 0;
            while (n < payload.length) {
                int r = in.read(received, n, payload.length - n);
                assertTrue(r > 0, "closed after " + n + " bytes");
                n += r;
            }
            assertTrue(socket.getSession().getProtocol().startsWith("TLSv1."), socket.getSession().getProtocol());
        }
        assertArrayEquals(payload, received);
        JsonObject tls = server.process().status().getJsonObject("tls");
        assertEquals(cert.toString(), tls.getString("cert"));
        assertFalse(tls.encode().contains("PRIVATE KEY"));
        test.completeNow();
    }

    @Test
    void a_peer_that_sends_close_notify_gets_every_echo_it_is_owed_then_the_close(Vertx vertx, VertxTestContext test)
            throws Exception {
        TcpServerTestSupport.Deployed server = await(deploy(vertx, ID, config(new TlsConfig(null, null, true)), 1));
        byte[] payload = randomBytes(200_000).getBytes();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> closedByServer = new CompletableFuture<>();
        SslContext ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            // close_notify alone, without a TCP FIN, as socat sends at the end of its input: the peer is done
            // sending but still reads.
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(ssl.newHandler(c.alloc(), LOOPBACK, server.port()));
                            c.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf buf = (ByteBuf) msg;
                                    byte[] bytes = new byte[buf.readableBytes()];
                                    buf.readBytes(bytes);
                                    buf.release();
                                    synchronized (received) {
                                        received.writeBytes(bytes);
                                    }
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    closedByServer.complete(null);
                                }
                            });
                        }
                    }).connect(LOOPBACK, server.port()).sync().channel();
            SslHandler handler = ch.pipeline().get(SslHandler.class);
            handler.handshakeFuture().sync();
            ch.writeAndFlush(Unpooled.wrappedBuffer(payload)).sync();
            handler.closeOutbound().sync();
            closedByServer.get(TcpServerTestSupport.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        synchronized (received) {
            assertArrayEquals(payload, received.toByteArray(), "every echo, then the close");
        }
        test.completeNow();
    }

    @Test
    void fails_to_start_naming_a_missing_certificate_file(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
        Path missing = dir.resolve("missing.pem");
        deploy(vertx, ID, config(new TlsConfig(missing.toString(), missing.toString(), null)), 1)
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertEquals("cannot read tls.cert " + missing + ": no such file", e.getMessage());
                    test.completeNow();
                })));
    }

    @Test
    void fails_to_start_on_a_key_that_is_not_PEM(Vertx vertx, VertxTestContext test, @TempDir Path dir)
            throws Exception {
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        writeSelfSigned(cert, key);
        Files.writeString(key, "not a key\n");
        deploy(vertx, ID, config(new TlsConfig(cert.toString(), key.toString(), null)), 1)
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertTrue(e.getMessage().startsWith("cannot listen on " + LOOPBACK + ":0: "), e.getMessage());
                    test.completeNow();
                })));
    }

    /** Writes a fresh self-signed certificate and its key as PEM files. */
    @SuppressWarnings("removal")
    private static void writeSelfSigned(Path cert, Path key) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create();
        try {
            Files.copy(Path.of(certificate.certificatePath()), cert);
            Files.copy(Path.of(certificate.privateKeyPath()), key);
        } finally {
            certificate.delete();
        }
    }

    /** A TLS context that trusts exactly the certificate in {@code pem}. */
    private static SSLContext trusting(Path pem) throws Exception {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(pem)) {
            certificate = assertInstanceOf(X509Certificate.class,
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static TcpServerConfig config(TlsConfig tls) {
        return new TcpServerConfig(LOOPBACK, 0, null, null, null, null, null, null, null, null, tls);
    }
}
