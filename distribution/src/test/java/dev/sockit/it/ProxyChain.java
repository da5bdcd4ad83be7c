package dev.sockit.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ProxyChainIT} needs around a launched chain: the README's proxy config, free ports put in place of
 * its 7100/7101 (and any other 71xx placeholder), the status file, and a blocking length-field client with
 * timeouts.
 */
final class ProxyChain {

    /** The most any one read of a test client waits. */
    static final int IO_TIMEOUT_MS = 20_000;

    private ProxyChain() {
    }

    /** The YAML block between the README's proxy-example markers, as a user copies it. */
    static String readmeYaml() throws IOException {
        Path readme = Path.of(System.getProperty("sockit.examples", "../docs/examples")).resolve("../../README.md")
                .normalize();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf("<!-- proxy-example:start");
        int end = text.indexOf("<!-- proxy-example:end -->");
        if (start < 0 || end < start) {
            throw new IllegalStateException("no proxy-example markers in " + readme);
        }
        String block = text.substring(start, end);
        int fence = block.indexOf("```yaml\n");
        int close = block.indexOf("```", fence + 7);
        if (fence < 0 || close < 0) {
            throw new IllegalStateException("no ```yaml block between the proxy-example markers of " + readme);
        }
        return block.substring(fence + "```yaml\n".length(), close);
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** A launched runtime with its ports (placeholder to real) and its status file. */
    record Running(Dist.Launched run, Map<Integer, Integer> ports, Path statusFile) {

        int port(int placeholder) {
            return ports.get(placeholder);
        }

        long pid() {
            return run.process().pid();
        }

        /** The {@code status} object the process {@code id} reports, from the status file (waits up to 10 s). */
        JsonObject status(String id) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (Files.isRegularFile(statusFile)) {
                    try {
                        JsonObject file = new JsonObject(Files.readString(statusFile, StandardCharsets.UTF_8));
                        JsonArray statuses = file.getJsonObject("data").getJsonArray("statuses");
                        for (int i = 0; i < statuses.size(); i++) {
                            JsonObject data = statuses.getJsonObject(i).getJsonObject("data");
                            if (id.equals(data.getString("id"))) {
                                return data.getJsonObject("status");
                            }
                        }
                    } catch (RuntimeException partlyWritten) {
                        // the file is replaced every second; read it again
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("no status of '" + id + "' in " + statusFile + " within 10 s");
        }
    }

    /**
     * Launches {@code yaml} with every placeholder port replaced by a free one; a launch that fails because a
     * port was taken in between is retried with new ports (at most 5 times).
     */
    static Running launch(Dist dist, Path work, String name, String yaml, Map<String, String> env,
                          int... placeholders) throws Exception {
        String last = "";
        for (int attempt = 1; attempt <= 5; attempt++) {
            Map<Integer, Integer> ports = new java.util.HashMap<>();
            String text = yaml;
            for (int p : placeholders) {
                int real = freePort();
                ports.put(p, real);
                text = text.replace(Integer.toString(p), Integer.toString(real));
            }
            Path config = Files.writeString(work.resolve(name + "-" + attempt + ".yaml"), text);
            Path status = work.resolve(name + "-" + attempt + ".status.json");
            Dist.Launched run = dist.launch(env, "run", "-c", config.toString(), "--output", "json",
                    "--status-file", status.toString());
            try {
                JsonObject started = run.firstResult(60);
                if ("success".equals(started.getString("status"))) {
                    return new Running(run, ports, status);
                }
                last = started.encode();
            } catch (IllegalStateException e) {
                last = e.getMessage();
            }
            if (run.process().isAlive()) {
                run.terminate(30);
            }
            if (!last.contains("in use")) {
                break;
            }
        }
        throw new IllegalStateException(name + " did not start: " + last);
    }

    /** {@code payload} behind its 4-byte big-endian length. */
    static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /**
     * One client of the proxy: connects, waits for {@code go} (so that all clients are connected at once), then
     * sends {@code requests} frames of random payloads (seeded by {@code seed}) one after the other, each after
     * the reply to the one before, and checks that each reply is the same bytes. Payloads are 1 to 512 bytes: an
     * empty frame gets no reply (forward contract v2 writes nothing for an empty reply body).
     */
    static void exchange(int port, long seed, int requests, java.util.concurrent.CountDownLatch go)
            throws Exception {
        Random random = new Random(seed);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), IO_TIMEOUT_MS);
            s.setSoTimeout(IO_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            if (go != null) {
                go.countDown();
                if (!go.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not every client connected within 60 s");
                }
            }
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < requests; i++) {
                byte[] payload = new byte[random.nextInt(513)];
                random.nextBytes(payload);
                byte[] request = frame(payload);
                out.write(request);
                out.flush();
                byte[] got = in.readNBytes(request.length);
                if (!Arrays.equals(request, got)) {
                    throw new AssertionError("client " + seed + ", request " + i + ": " + got.length + " of "
                            + request.length + " bytes back, first difference at " + Arrays.mismatch(request, got));
                }
            }
        }
    }

    /**
     * Reads from {@code in} until the peer closes (returns the milliseconds it took) or {@code millis} pass
     * (returns -1). A reset counts as closed.
     */
    static long millisUntilClosed(Socket s, int millis) throws IOException {
        long start = System.nanoTime();
        s.setSoTimeout(250);
        InputStream in = s.getInputStream();
        byte[] sink = new byte[8192];
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(millis)) {
            try {
                if (in.read(sink) < 0) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
            } catch (java.net.SocketTimeoutException e) {
                // not yet
            } catch (java.net.SocketException reset) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
        }
        return -1;
    }
}
