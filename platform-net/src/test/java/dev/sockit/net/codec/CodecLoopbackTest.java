package dev.sockit.net.codec;

import dev.sockit.api.frame.FrameCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Each built-in codec in real pipelines over a real loopback TCP connection: a client writes framed payloads in
 * random pieces, a server decodes each frame and writes it back through the encoder, the client decodes the
 * replies; what comes back is what went out, in order.
 */
class CodecLoopbackTest {

    private static final int FRAMES = 300;
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static FrameCodec codec(String type) {
        return switch (type) {
            case "line" -> CodecTestKit.codec("line", "lineEnding", "crlf", "maxLength", 200);
            case "delimiter" -> CodecTestKit.codec("delimiter", "delimiter", "\\0\\0", "maxLength", 200);
            case "fixed-length" -> CodecTestKit.codec("fixed-length", "length", 37);
            default -> CodecTestKit.codec("length-field", "length", 3, "order", "little", "maxFrame", 4096);
        };
    }

    /** A payload the codec can frame: printable text for line and delimiter, any bytes for the others. */
    private static byte[] payload(String type, Random random) {
        int max = type.equals("length-field") ? 4096 : 200;
        byte[] p = new byte[type.equals("fixed-length") ? 37 : random.nextInt(max + 1)];
        for (int i = 0; i < p.length; i++) {
            p[i] = type.equals("length-field") || type.equals("fixed-length") ? (byte) random.nextInt(256)
                    : (byte) (' ' + random.nextInt(95));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"line", "delimiter", "fixed-length", "length-field"})
    void frames_cross_a_real_connection_both_ways_byte_exact_and_in_order(String type) throws Exception {
        FrameCodec codec = codec(type);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(codec.newDecoder(), codec.newEncoder(),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        ctx.writeAndFlush(frame.retain());
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(FRAMES);
        Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(codec.newDecoder(), new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                replies.add(ByteBufUtil.getBytes(frame));
                            }
                        });
                    }
                }).connect((InetSocketAddress) server.localAddress()).sync().channel();
        try {
            Random random = new Random(type.hashCode());
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < FRAMES; i++) {
                sent.add(payload(type, random));
            }
            byte[] wire = CodecTestKit.encode(codec, sent);
            // every piece its own write and flush: the server's reads cut the frames anywhere
            io.netty.channel.ChannelFuture last = null;
            for (byte[] piece : RandomReads.cut(wire, random)) {
                last = client.writeAndFlush(Unpooled.wrappedBuffer(piece));
            }
            assertNotNull(last, "nothing was written");
            last.sync();
            for (int i = 0; i < FRAMES; i++) {
                byte[] reply = replies.poll(10, TimeUnit.SECONDS);
                assertNotNull(reply, "reply " + i + " of " + FRAMES + " did not come within 10 s");
                assertEquals(ByteBufUtil.hexDump(sent.get(i)), ByteBufUtil.hexDump(reply), "frame " + i);
            }
            assertEquals(0, replies.size(), "more replies than frames: " + Arrays.toString(replies.peek()));
        } finally {
            client.close().sync();
            server.close().sync();
        }
    }
}
