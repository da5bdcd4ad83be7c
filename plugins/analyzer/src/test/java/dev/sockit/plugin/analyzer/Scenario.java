package dev.sockit.plugin.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Socket problems made for real on the loopback, in this JVM, for the analyzer to find: each scenario holds its
 * sockets until {@link #close()}, and {@link #capture} saves what {@code ss}, {@code netstat} and
 * {@code /proc/net/tcp} print while they exist. Every loop is bounded; only 127.0.0.0/8 is used.
 */
final class Scenario implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final List<AutoCloseable> held = new ArrayList<>();
    /** The listening port the scenario is about. */
    final int port;

    private Scenario(int port) {
        this.port = port;
    }

    /** The pid of this JVM, which owns every socket of a scenario. */
    static long pid() {
        return ProcessHandle.current().pid();
    }

    private static ServerSocketChannel listen(String host, int backlog) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0), backlog);
        return listener;
    }

    private static int portOf(ServerSocketChannel listener) throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /**
     * {@code n} connections whose peers closed while the server never closes its side: {@code n} sockets in
     * CLOSE_WAIT on the listener's port, held by this JVM.
     */
    static Scenario closeWaitLeak(int n) throws IOException, InterruptedException {
        ServerSocketChannel listener = listen("127.0.0.1", n + 16);
        Scenario s = new Scenario(portOf(listener));
        s.held.add(listener);
        for (int i = 0; i < n; i++) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            s.held.add(listener.accept());
            client.close();
        }
        s.awaitState("close-wait", n);
        return s;
    }

    /**
     * {@code n} short connections to one server, each closed first by the client: {@code n} client sockets in
     * TIME_WAIT towards the listener's port. The server side is closed too.
     */
    static Scenario timeWaitStorm(int n) throws IOException, InterruptedException {
        ServerSocketChannel listener = listen("127.0.0.1", 1024);
        Scenario s = new Scenario(portOf(listener));
        s.held.add(listener);
        for (int i = 0; i < n; i++) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            try (SocketChannel server = listener.accept()) {
                // The client closes first, so its end goes to TIME_WAIT; reading EOF lets the server close too.
                client.close();
                server.read(ByteBuffer.allocate(1));
            }
        }
        s.awaitState("time-wait", n);
        return s;
    }

    /**
     * A listener with a backlog of {@code backlog} that never accepts, and {@code clients} connections to it: its
     * accept queue fills (ss shows Recv-Q above the backlog) and later connections wait in SYN_SENT.
     */
    static Scenario listenerNeverAccepts(int backlog, int clients) throws IOException, InterruptedException {
        ServerSocketChannel listener = listen("127.0.0.1", backlog);
        Scenario s = new Scenario(portOf(listener));
        s.held.add(listener);
        for (int i = 0; i < clients; i++) {
            SocketChannel client = SocketChannel.open();
            client.configureBlocking(false);
            client.connect(listener.getLocalAddress());
            s.held.add(client);
        }
        // The kernel queues backlog + 1 connections; give the handshakes a moment to settle.
        Thread.sleep(300);
        return s;
    }

    /**
     * A connection whose receiver (the server's accepted socket) never reads while the client writes until its
     * send buffer is full: the server's Recv-Q and the client's Send-Q fill up, and the window closes.
     */
    static Scenario receiverNeverReads() throws IOException, InterruptedException {
        ServerSocketChannel listener = listen("127.0.0.1", 16);
        Scenario s = new Scenario(portOf(listener));
        s.held.add(listener);
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        s.held.add(client);
        s.held.add(listener.accept());
        client.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int idle = 0;
        // Writes until the kernel takes nothing more several times in a row: both buffers are full then.
        while (idle < 20 && System.nanoTime() < deadline) {
            chunk.clear();
            if (client.write(chunk) == 0) {
                idle++;
                Thread.sleep(20);
            } else {
                idle = 0;
            }
        }
        return s;
    }

    /** A healthy mix: a listener and {@code n} open connections that echo a message each. */
    static Scenario healthy(int n) throws IOException {
        ServerSocketChannel listener = listen("127.0.0.1", 128);
        Scenario s = new Scenario(portOf(listener));
        s.held.add(listener);
        for (int i = 0; i < n; i++) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            SocketChannel server = listener.accept();
            s.held.add(client);
            s.held.add(server);
            ByteBuffer hello = ByteBuffer.wrap(("hello " + i).getBytes(StandardCharsets.US_ASCII));
            client.write(hello);
            ByteBuffer in = ByteBuffer.allocate(64);
            server.read(in);
            in.flip();
            server.write(in);
            ByteBuffer back = ByteBuffer.allocate(64);
            client.read(back);
        }
        return s;
    }

    /** Waits (at most 5 s) until {@code ss} shows {@code n} sockets in {@code state} on this scenario's port. */
    private void awaitState(String state, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String out = run("ss", "-Htan", "state", state, "( sport = :" + port + " or dport = :" + port + " )");
            if (out.lines().filter(l -> !l.isBlank()).count() >= n) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Whether {@code command -V}-style probing finds the tool; for assumptions. */
    static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command (bounded in time) and returns its standard output. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + "s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Saves {@code command}'s output to {@code file} and returns the file. */
    static Path capture(Path file, String... command) throws IOException, InterruptedException {
        Files.writeString(file, run(command));
        return file;
    }

    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            try {
                held.get(i).close();
            } catch (Exception ignored) {
                // closing what a scenario held; nothing to report
            }
        }
        held.clear();
    }
}
