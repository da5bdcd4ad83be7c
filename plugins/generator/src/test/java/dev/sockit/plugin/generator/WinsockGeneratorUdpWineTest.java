package dev.sockit.plugin.generator;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the Winsock udp-servers and udp-clients with MinGW-w64 ({@code -Wall -Wextra -Werror -pedantic}) and runs
 * them under wine against real UDP peers on the Linux side, byte for byte. One {@link WineSession} serves the class.
 * Each model of each role runs once, with one payload; the other payload of that model is compiled only: the
 * payload part is a few lines (a reply or none, a reply awaited or none) that each run exercises in some model,
 * while each model's wait and receive code runs once.
 */
class WinsockGeneratorUdpWineTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static WineSession wine;

    @BeforeAll
    static void startWine() throws Exception {
        wine = WineSession.start();
    }

    @AfterAll
    static void stopWine() throws Exception {
        if (wine != null) {
            wine.stop();
        }
    }

    /**
     * The server answers datagrams of 1 to 60,000 bytes byte for byte (echo) or not at all (discard), and goes on
     * after a peer that vanished before its reply (the ICMP port unreachable its reply draws must not stop it:
     * SIO_UDP_CONNRESET is off).
     */
    @ParameterizedTest
    @CsvSource({"blocking,echo", "select,discard", "wsapoll,echo", "iocp,echo"})
    void server_answers_by_its_payload_under_wine(String io, String payload, @TempDir Path tmp) throws Exception {
        SocketOptions options = SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 256 * 1024)
                .set(SocketOptionTable.SEND_BUFFER_SIZE, 256 * 1024).build();
        Path exe = wine.build(WinsockGeneratorWineTest.request("udp-server", io, options, payload), tmp);
        int port = freeUdpPort();
        Path err = tmp.resolve("server.err");
        Process server = wine.command(exe, "127.0.0.1", Integer.toString(port))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            awaitListening(server, err, port);
            InetSocketAddress to = new InetSocketAddress(LOOPBACK, port);
            try (DatagramSocket gone = new DatagramSocket(0, LOOPBACK)) {
                gone.send(new DatagramPacket(new byte[]{1, 2, 3}, 3, to));
            }
            Random random = new Random(io.hashCode());
            try (DatagramSocket c = new DatagramSocket(0, LOOPBACK)) {
                c.setSoTimeout("echo".equals(payload) ? 3000 : 500);
                byte[] reply = new byte[65536];
                for (int i = 0; i < 120; i++) {
                    byte[] d = new byte[1 + i * 503 % 60_000];
                    random.nextBytes(d);
                    c.send(new DatagramPacket(d, d.length, to));
                    if ("echo".equals(payload)) {
                        DatagramPacket p = new DatagramPacket(reply, reply.length);
                        c.receive(p);
                        assertArrayEquals(d, Arrays.copyOf(reply, p.getLength()), "reply to datagram " + i);
                    }
                }
                if ("discard".equals(payload)) {
                    DatagramPacket p = new DatagramPacket(reply, reply.length);
                    assertThrowsTimeout(c, p);
                }
            }
            assertTrue(server.isAlive(), "the server ended: " + Files.readString(err));
            String stderr = Files.readString(err);
            assertFalse(stderr.contains("(error "), "the server reported an error:\n" + stderr);
        } finally {
            WineSession.end(server);
        }
    }

    /**
     * The client runs against a Java UDP server: echo with the first datagram's reply lost (the client sends it
     * again and says so), discard with no reply. Exit 0, and the server got every datagram as the client made it.
     * A discard client sends its datagrams back to back, so it sends only as many as the server's receive buffer
     * holds (40, about 100 KB of kernel memory against Linux's default 208 KB): more could be dropped by the kernel
     * on a busy machine before the Java side reads them, as UDP may.
     */
    @ParameterizedTest
    @CsvSource({"blocking,discard", "select,echo", "wsapoll,discard", "iocp,echo"})
    void client_exchanges_its_datagrams_under_wine(String io, String payload, @TempDir Path tmp) throws Exception {
        Path exe = wine.build(WinsockGeneratorWineTest.request("udp-client", io,
                SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 128 * 1024).build(), payload), tmp);
        boolean echo = "echo".equals(payload);
        int count = echo ? 150 : 40;
        try (DatagramSocket server = new DatagramSocket(0, LOOPBACK)) {
            server.setSoTimeout(200);
            server.setReceiveBufferSize(1 << 20);
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger received = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            ExecutorService serving = Executors.newSingleThreadExecutor();
            try {
                Future<?> served = serving.submit(() -> {
                    byte[] buf = new byte[65536];
                    boolean dropped = false;
                    while (!done.get()) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        try {
                            server.receive(p);
                        } catch (SocketTimeoutException e) {
                            continue;
                        }
                        int seq = ((buf[0] & 0xff) << 24) | ((buf[1] & 0xff) << 16) | ((buf[2] & 0xff) << 8)
                                | (buf[3] & 0xff);
                        if (!Arrays.equals(Arrays.copyOf(buf, p.getLength()), datagram(seq))) {
                            wrong.incrementAndGet();
                        }
                        received.incrementAndGet();
                        if (echo && dropped) {
                            server.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
                        }
                        dropped = true; // the first reply is lost
                    }
                    return null;
                });
                Process client = wine.command(exe, "127.0.0.1", Integer.toString(server.getLocalPort()),
                        Integer.toString(count))
                        .redirectOutput(tmp.resolve("client.out").toFile())
                        .redirectError(tmp.resolve("client.err").toFile()).start();
                boolean ended = client.waitFor(60, TimeUnit.SECONDS);
                done.set(true);
                served.get(10, TimeUnit.SECONDS);
                if (!ended) {
                    WineSession.end(client);
                }
                String out = Files.readString(tmp.resolve("client.out"));
                String err = Files.readString(tmp.resolve("client.err"));
                assertTrue(ended, "the client did not end in 60 s: " + err);
                assertEquals(0, client.exitValue(), out + err);
                assertEquals(0, wrong.get(), "datagrams differ from the client's pattern");
                if (echo) {
                    assertTrue(out.contains("udp-client: 150 datagrams echoed byte for byte (1 sent again)"), out);
                    assertEquals(151, received.get(), "150 datagrams and the one sent again");
                } else {
                    assertTrue(out.contains("udp-client: 40 datagrams sent, no reply, as expected"), out);
                    assertEquals(40, received.get());
                }
            } finally {
                done.set(true);
                serving.shutdownNow();
            }
        }
    }

    /** No server at the port: the ICMP port unreachable fails the connected socket's receive; exit 1 naming it. */
    @Test
    void iocp_client_reports_that_no_server_listens(@TempDir Path tmp) throws Exception {
        Path exe = wine.build(WinsockGeneratorWineTest.request("udp-client", "iocp", null, "echo"), tmp);
        Process client = wine.command(exe, "127.0.0.1", Integer.toString(freeUdpPort()), "3")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(tmp.resolve("client.err").toFile())
                .start();
        boolean ended = client.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            WineSession.end(client);
        }
        String err = Files.readString(tmp.resolve("client.err"));
        assertTrue(ended, "the client did not end in 60 s: " + err);
        assertEquals(1, client.exitValue(), err);
        // Windows reports WSAECONNRESET (10054); wine passes Linux's ECONNREFUSED on as WSAECONNREFUSED (10061)
        assertTrue(err.contains("Connection refused (error 10061)") || err.contains("(error 10054)"), err);
    }

    /** The payload of the models not run above, and every option that applies to UDP: compiled only. */
    @ParameterizedTest
    @CsvSource({"udp-server,blocking,discard", "udp-server,select,echo", "udp-server,wsapoll,discard",
            "udp-server,iocp,discard", "udp-client,blocking,echo", "udp-client,select,discard",
            "udp-client,wsapoll,echo", "udp-client,iocp,discard"})
    void the_other_payloads_compile_with_every_udp_option(String role, String io, String payload, @TempDir Path tmp)
            throws Exception {
        SocketOptions.Builder all = SocketOptions.builder();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (key.appliesTo(OptionKey.Role.DATAGRAM)) {
                WinsockGeneratorWineTest.setSample(all, key);
            }
        }
        wine.build(WinsockGeneratorWineTest.request(role, io, all.build(), payload), tmp);
    }

    /** The generated client's datagram {@code i} (udp_client.c's fill_datagram). */
    private static byte[] datagram(int i) {
        int len = 4 + (int) ((i * 977L) % (1400 - 3));
        byte[] d = new byte[len];
        d[0] = (byte) (i >>> 24);
        d[1] = (byte) (i >>> 16);
        d[2] = (byte) (i >>> 8);
        d[3] = (byte) i;
        for (int k = 4; k < len; k++) {
            d[k] = (byte) (i + k * 31);
        }
        return d;
    }

    private static void assertThrowsTimeout(DatagramSocket c, DatagramPacket p) throws Exception {
        try {
            c.receive(p);
            throw new AssertionError("a discard server replied " + p.getLength() + " bytes");
        } catch (SocketTimeoutException expected) {
            // nothing came back
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(Process server, Path err, int port) throws Exception {
        for (int i = 0; i < 300 && server.isAlive() && !Files.readString(err).contains("listening on"); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.readString(err).contains("listening on 127.0.0.1 " + port), Files.readString(err));
    }
}
