package dev.sockit.plugin.analyzer.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Socket pathologies made for real on the loopback, in this process, for training and for testing alerts (and the
 * analyzer's own tests): each {@link Scenario} builds its sockets, holds them until {@link #close()}, and says
 * which finding it should cause. Every loop is bounded in count and time; only 127.0.0.1 is used; the ports are the
 * kernel's choice.
 */
public final class Lab implements AutoCloseable {

    /** What can be built, with the finding code the analyzer should report for it. */
    public enum Scenario {
        /** Peers closed, this server never closes its side: CLOSE_WAIT on the listener's port. */
        CLOSE_WAIT_LEAK("close-wait-leak", "close_wait_leak"),
        /** This server closes first, over and over: TIME_WAIT piles up on its port. */
        TIME_WAIT_STORM("time-wait-storm", "time_wait_storm"),
        /** A listener with a backlog of 4 that never accepts, and 10 clients: its accept queue overflows. */
        BACKLOG_OVERFLOW("backlog-overflow", "listen_backlog_overflow"),
        /** A server that never reads what its client sends: its receive queue fills. */
        RECEIVER_NOT_READING("receiver-not-reading", "receive_buffer_full"),
        /** A client that never reads what the server sends: the server's send queue fills. */
        PEER_NOT_READING("peer-not-reading", "send_queue_backlog"),
        /** A UDP socket with a small receive buffer that never reads, and a sender: datagrams are dropped. */
        UDP_RCVBUF_DROPS("udp-rcvbuf-drops", "udp_receive_buffer_drops"),
        /** A client that connects per request and closes first: TIME_WAIT toward one server port. */
        MANY_SHORT_CONNECTIONS("many-short-connections", "many_short_connections"),
        /** A listener and a few connections that echo and stay open: nothing worth a warning. */
        HEALTHY("healthy", null);

        private final String cliName;
        private final String code;

        Scenario(String cliName, String code) {
            this.cliName = cliName;
            this.code = code;
        }

        /** The name {@code sockit lab} takes. */
        public String cliName() {
            return cliName;
        }

        /** The finding code the analyzer reports for it, or {@code null} for {@link #HEALTHY}. */
        public String code() {
            return code;
        }

        /** The scenario named {@code name}, or {@code null}. */
        public static Scenario named(String name) {
            String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(s -> s.cliName.equals(n)).findFirst().orElse(null);
        }

        /** Every name, for an error message. */
        public static String names() {
            return String.join(", ", Arrays.stream(values()).map(Scenario::cliName).toList());
        }
    }

    /**
     * Short connections the TIME_WAIT storm makes: the host-wide warning starts at 5000 TIME_WAIT, and on the
     * loopback (tcp_tw_reuse=2) a new connection may take over an old TIME_WAIT, so more are made than that.
     */
    static final int STORM_CONNECTIONS = 8000;
    /** Short connections the per-request client makes: many_short_connections warns from 1000 toward one port. */
    static final int SHORT_CONNECTIONS = 1500;
    /** Sockets the CLOSE_WAIT leak holds. */
    static final int LEAKED = 12;

    private final Scenario scenario;
    private final List<AutoCloseable> held = new ArrayList<>();
    private int port;
    private String protocol = "tcp";
    private String built = "";

    private Lab(Scenario scenario) {
        this.scenario = scenario;
    }

    /** Builds {@code scenario}; the sockets stay until {@link #close()}. */
    public static Lab build(Scenario scenario) throws IOException, InterruptedException {
        Lab lab = new Lab(scenario);
        try {
            switch (scenario) {
                case CLOSE_WAIT_LEAK -> lab.closeWaitLeak();
                case TIME_WAIT_STORM -> lab.shortConnections(true);
                case BACKLOG_OVERFLOW -> lab.backlogOverflow();
                case RECEIVER_NOT_READING -> lab.notReading(true);
                case PEER_NOT_READING -> lab.notReading(false);
                case UDP_RCVBUF_DROPS -> lab.udpDrops();
                case MANY_SHORT_CONNECTIONS -> lab.shortConnections(false);
                case HEALTHY -> lab.healthy();
                default -> throw new IllegalArgumentException(scenario.name());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The scenario built. */
    public Scenario scenario() {
        return scenario;
    }

    /** The port the scenario is about (the listener's, or the UDP socket's). */
    public int port() {
        return port;
    }

    /** {@code tcp} or {@code udp}. */
    public String protocol() {
        return protocol;
    }

    /** The process that holds every socket: this one. */
    public long pid() {
        return ProcessHandle.current().pid();
    }

    /** What was built, in a sentence. */
    public String built() {
        return built;
    }

    private ServerSocketChannel listen(int backlog) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        held.add(listener);
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        return listener;
    }

    private void closeWaitLeak() throws IOException {
        ServerSocketChannel listener = listen(LEAKED + 16);
        for (int i = 0; i < LEAKED; i++) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            held.add(listener.accept());
            client.close();
        }
        built = LEAKED + " connections to 127.0.0.1:" + port + " whose clients closed; the server never closes them";
    }

    /** {@code serverFirst}: the server closes first (TIME_WAIT on its port), else the client does. */
    private void shortConnections(boolean serverFirst) throws IOException {
        ServerSocketChannel listener = listen(1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int made = 0;
        int count = serverFirst ? STORM_CONNECTIONS : SHORT_CONNECTIONS;
        ByteBuffer one = ByteBuffer.allocate(1);
        for (; made < count && System.nanoTime() < deadline; made++) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            try (SocketChannel server = listener.accept()) {
                SocketChannel first = serverFirst ? server : client;
                SocketChannel second = serverFirst ? client : server;
                first.close();
                // reading the EOF lets the other side close as well, into LAST_ACK then CLOSED
                one.clear();
                second.read(one);
            } finally {
                client.close();
            }
        }
        built = made + " short connections to 127.0.0.1:" + port + ", each closed first by the "
                + (serverFirst ? "server" : "client");
    }

    private void backlogOverflow() throws IOException, InterruptedException {
        ServerSocketChannel listener = listen(4);
        for (int i = 0; i < 10; i++) {
            SocketChannel client = SocketChannel.open();
            held.add(client);
            client.configureBlocking(false);
            client.connect(listener.getLocalAddress());
        }
        // the kernel queues backlog + 1 connections; the handshakes settle in a moment
        Thread.sleep(300);
        built = "a listener on 127.0.0.1:" + port + " with a backlog of 4 that never accepts, and 10 clients";
    }

    /** {@code serverStops}: the server never reads what the client sends; else the client never reads. */
    private void notReading(boolean serverStops) throws IOException, InterruptedException {
        ServerSocketChannel listener = listen(16);
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        held.add(client);
        SocketChannel server = listener.accept();
        held.add(server);
        SocketChannel writer = serverStops ? client : server;
        writer.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int idle = 0;
        // writes until the kernel takes nothing more several times in a row: both buffers are full then
        while (idle < 20 && System.nanoTime() < deadline) {
            chunk.clear();
            if (writer.write(chunk) == 0) {
                idle++;
                Thread.sleep(20);
            } else {
                idle = 0;
            }
        }
        built = serverStops
                ? "a connection to 127.0.0.1:" + port + " whose server never reads what its client sends"
                : "a connection to 127.0.0.1:" + port + " whose client never reads what the server sends";
    }

    private void udpDrops() throws IOException, InterruptedException {
        DatagramChannel receiver = DatagramChannel.open();
        held.add(receiver);
        receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
        protocol = "udp";
        try (DatagramChannel sender = DatagramChannel.open()) {
            ByteBuffer datagram = ByteBuffer.allocate(512);
            for (int i = 0; i < 2000; i++) {
                datagram.clear();
                sender.send(datagram, receiver.getLocalAddress());
            }
        }
        Thread.sleep(100);
        built = "a UDP socket on 127.0.0.1:" + port + " with a 4 KiB receive buffer that never reads, sent 2000"
                + " datagrams";
    }

    private void healthy() throws IOException {
        ServerSocketChannel listener = listen(128);
        for (int i = 0; i < 8; i++) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            SocketChannel server = listener.accept();
            held.add(client);
            held.add(server);
            client.write(ByteBuffer.wrap(("hello " + i).getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(64);
            server.read(in);
            in.flip();
            server.write(in);
            client.read(ByteBuffer.allocate(64));
        }
        built = "a listener on 127.0.0.1:" + port + " and 8 open connections that echoed a message each";
    }

    /** Closes every socket the scenario holds. */
    @Override
    public void close() {
        for (AutoCloseable c : held) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a loopback socket cannot fail in a way worth reporting here
            }
        }
        held.clear();
    }
}
