package dev.sockit.runtime;

import dev.sockit.api.ConfigException;
import dev.sockit.api.ProcessState;
import dev.sockit.it.Dist;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One address, one process, with the shipped tcp-server and udp-server plugins from the distribution's plugins/:
 * what the kinds declare is refused at config time, and a tcp-server's listener is never shared with a server of
 * another process.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EndpointClaimsIT {

    @TempDir
    Path work;

    private Dist dist;
    private SockitRuntime runtime;

    @BeforeEach
    void unpack() {
        dist = Dist.unpack(work);
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    private SockitRuntime start(String processes) {
        runtime = SockitRuntime.start(ConfigLoader.parse("runtime:\n  shutdownTimeout: 1s\nprocesses:\n"
                + processes, "claims.yaml"), new SockitHome(dist.home()));
        return runtime;
    }

    @Test
    void two_tcp_servers_on_one_port_are_a_config_error_naming_both_paths() throws IOException {
        int port = freePort();
        ConfigException e = assertThrows(ConfigException.class, () -> start(
                "  echo:\n    kind: tcp-server\n    config: { port: " + port + " }\n"
                + "  daytime:\n    kind: tcp-server\n    config: { port: " + port + ", handler: daytime }\n"));
        assertEquals("processes.daytime.config.port", e.path());
        assertEquals(9, e.line());
        assertTrue(e.getMessage().contains("already taken by processes.echo.config.port (line 6, tcp port " + port
                + " on 127.0.0.1)"), e.getMessage());
        assertNoListener(port);
    }

    @Test
    void a_wildcard_and_a_loopback_tcp_server_on_one_port_are_a_config_error() throws IOException {
        int port = freePort();
        ConfigException e = assertThrows(ConfigException.class, () -> start(
                "  loop:\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: " + port + " }\n"
                + "  any:\n    kind: tcp-server\n    config: { host: 0.0.0.0, port: " + port + " }\n"));
        assertEquals("processes.any.config.port", e.path());
        assertTrue(e.getMessage().contains("tcp port " + port + " on 0.0.0.0 is already taken by"
                + " processes.loop.config.port"), e.getMessage());
    }

    @Test
    void two_tcp_servers_on_one_unix_socket_are_a_config_error() {
        String sock = work.resolve("echo.sock").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> start(
                "  a:\n    kind: tcp-server\n    config: { path: '" + sock + "' }\n"
                + "  b:\n    kind: tcp-server\n    config: { path: '" + work.resolve(".").resolve("echo.sock")
                + "' }\n"));
        assertEquals("processes.b.config.path", e.path());
        assertTrue(e.getMessage().contains("already taken by processes.a.config.path"), e.getMessage());
    }

    @Test
    void a_tcp_server_and_a_udp_server_on_one_port_both_run_and_both_echo() throws IOException {
        int port = freePort();
        start("  tcp:\n    kind: tcp-server\n    config: { port: " + port + " }\n"
                + "  udp:\n    kind: udp-server\n    config: { port: " + port + " }\n");
        for (ProcessRecord r : runtime.supervisor().processes()) {
            assertEquals(ProcessState.RUNNING, r.state(), r.describe());
        }
        byte[] sent = "same number, two protocols".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(sent);
            assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
        }
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            d.setSoTimeout(5000);
            d.send(new DatagramPacket(sent, sent.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket back = new DatagramPacket(new byte[100], 100);
            d.receive(back);
            assertEquals(new String(sent, StandardCharsets.US_ASCII),
                    new String(back.getData(), 0, back.getLength(), StandardCharsets.US_ASCII));
        }
    }

    /**
     * A kind that declares nothing and does not check its port listens with Vert.x on the tcp-server's host and
     * port. Vert.x shares a listener among servers of one host name and port in a Vertx; the tcp-server listens
     * under a name of its own process, so the two never share: exactly one of them runs, every time.
     */
    @Test
    void a_tcp_server_never_shares_its_listener_with_a_server_of_another_process() throws IOException {
        Testkit.plugin("testkit", "dev.sockit.testkit", "PortConfig", "EchoKind").build(dist.plugins());
        for (int round = 0; round < 3; round++) {
            int port = freePort();
            start("  server:\n    kind: tcp-server\n    config: { port: " + port + ", handler: daytime }\n"
                    + "  other:\n    kind: test-echo\n    config: { port: " + port + " }\n");
            List<ProcessRecord> records = List.copyOf(runtime.supervisor().processes());
            long running = records.stream().filter(r -> r.state() == ProcessState.RUNNING).count();
            assertEquals(1, running, records.stream().map(ProcessRecord::describe).toList().toString());
            ProcessRecord failed = records.stream().filter(r -> r.state() == ProcessState.FAILED).findFirst()
                    .orElseThrow();
            if (failed.id().equals("server")) {
                assertEquals("tcp port " + port + " on 127.0.0.1 is already in use (another process of this"
                        + " runtime)", failed.cause());
            } else {
                assertTrue(failed.cause().toLowerCase().contains("address already in use"), failed.cause());
            }
            runtime.stop();
            runtime = null;
        }
    }

    private static void assertNoListener(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
