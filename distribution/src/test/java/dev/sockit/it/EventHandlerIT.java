package dev.sockit.it;

import dev.sockit.api.HostPort;
import dev.sockit.runtime.SockitRuntime;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped {@code event-handler} in the unpacked distribution: a frame handler from a third-party plugin jar
 * (docs/examples/upper-handler-plugin, built against platform-api only) runs in its chain, and a bad chain is
 * refused at load with the config path (the test plays the forwarding server on the event bus); then real
 * clients on loopback through a {@code tcp-server} and a {@code udp-server} with {@code handler: forward}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EventHandlerIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpack() {
        dist = Dist.unpack(work);
    }

    private static DeliveryOptions v2(String type, long connectionId) {
        return new DeliveryOptions().addHeader("type", type).addHeader("process", "front")
                .addHeader("connectionId", Long.toString(connectionId)).addHeader("version", "2")
                .setSendTimeout(10_000);
    }

    /** A plugins directory with the shipped event-handler and the example handler plugin. */
    private static Path pluginsWithUpper(String name) throws IOException {
        Path plugins = Files.createDirectories(work.resolve(name));
        String jar = "event-handler-" + System.getProperty("sockit.version") + ".jar";
        Files.copy(dist.plugins().resolve(jar), plugins.resolve(jar));
        ExamplePlugin.build(dist, plugins, "upper-handler-plugin", "upper-handler");
        return plugins;
    }

    @Test
    void a_handler_from_a_third_party_plugin_jar_runs_in_the_chain() throws Exception {
        Path plugins = pluginsWithUpper("plugins-upper");
        String yaml = "runtime:\n  plugins: " + plugins + "\n  audit: " + work.resolve("upper.jsonl")
                + "\n  shutdownTimeout: 2s\nprocesses:\n  frames:\n    kind: event-handler\n"
                + "    config:\n      codec: { type: line, maxLength: 1024 }\n"
                + "      chain: [ { count: {} }, { upper: { prefix: '> ' } }, { echo: {} } ]\n";
        Duration timeout = Duration.ofSeconds(10);
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "upper.yaml"), new SockitHome(dist.home()));
        try {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            EventBus bus = runtime.vertx().eventBus();
            Message<Object> opened = bus.request("sockit.frames.connection", new JsonObject()
                    .put("local", "127.0.0.1:7101").put("remote", "127.0.0.1:50001")
                    .put("writeAddress", "sockit.front.write.1").toBuffer(), v2("opened", 1)).await(timeout);
            assertEquals(new JsonObject().put("codec", new JsonObject().put("type", "line").put("maxLength", 1024))
                    .put("maxInFlight", 64), new JsonObject((Buffer) opened.body()));
            for (String line : new String[]{"hello", "mixed Case 42", ""}) {
                Message<Object> reply = bus.request("sockit.frames.connection", Buffer.buffer(line), v2("data", 1))
                        .await(timeout);
                assertEquals("> " + line.toUpperCase(java.util.Locale.ROOT), reply.body().toString());
            }
        } finally {
            runtime.stop();
        }
    }

    @Test
    void a_bad_handler_config_is_refused_at_load_with_its_path() throws Exception {
        Path plugins = pluginsWithUpper("plugins-upper-bad");
        String yaml = "runtime:\n  plugins: " + plugins + "\nprocesses:\n  frames:\n    kind: event-handler\n"
                + "    config:\n      chain:\n        - { upper: {} }\n        - { upper: { shout: true } }\n";
        Dist.Launched run = dist.run("run", "-c", Files.writeString(work.resolve("bad-chain.yaml"), yaml).toString());
        assertEquals(2, run.process().exitValue(), run.stderr());
        assertTrue(run.stderr().contains("processes.frames.config.chain[1].upper.shout: unknown key (expected one"
                + " of: prefix)"), run.stderr());
    }

    /** The address of process {@code id} of a started runtime, from its process table. */
    private static int portOf(SockitRuntime runtime, String id) {
        JsonArray processes = runtime.supervisor().processesResult("status").toJson().getJsonObject("data")
                .getJsonArray("processes");
        for (int i = 0; i < processes.size(); i++) {
            JsonObject p = processes.getJsonObject(i);
            if (id.equals(p.getString("id"))) {
                return HostPort.parse(p.getString("address")).port();
            }
        }
        throw new AssertionError("no process " + id + " in " + processes.encode());
    }

    @Test
    void a_forward_tcp_server_hands_line_frames_to_the_chain_and_writes_each_reply_in_order() throws Exception {
        String yaml = "runtime:\n  audit: " + work.resolve("forward.jsonl") + "\n  shutdownTimeout: 2s\n"
                + "processes:\n  frames:\n    kind: event-handler\n"
                + "    config:\n      codec: { type: line, maxLength: 256 }\n"
                + "      chain: [ { count: {} }, { echo: {} } ]\n"
                + "  pinger:\n    kind: event-handler\n"
                + "    config: { codec: line, chain: [ { respond: { text: pong, close: true } } ] }\n"
                + "  front:\n    kind: tcp-server\n"
                + "    config: { host: 127.0.0.1, port: 0, handler: forward, forwardTo: frames }\n"
                + "  ping:\n    kind: tcp-server\n"
                + "    config: { host: 127.0.0.1, port: 0, handler: forward, forwardTo: pinger }\n";
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "forward.yaml"),
                new SockitHome(dist.home()));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            int front = portOf(runtime, "front");
            List<Future<String>> results = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    StringBuilder sent = new StringBuilder();
                    for (int i = 0; i < 100; i++) {
                        sent.append("client ").append(client).append(" line ").append(i).append('\n');
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", front), 5000);
                        s.setSoTimeout(10_000);
                        // Split the lines across writes at odd places: the codec frames them, not the reads.
                        byte[] bytes = sent.toString().getBytes(StandardCharsets.US_ASCII);
                        for (int off = 0; off < bytes.length; off += 97) {
                            s.getOutputStream().write(bytes, off, Math.min(97, bytes.length - off));
                        }
                        byte[] back = s.getInputStream().readNBytes(bytes.length);
                        return new String(back, StandardCharsets.US_ASCII).equals(sent.toString()) ? "ok"
                                : "client " + client + " got " + new String(back, StandardCharsets.US_ASCII);
                    }
                }));
            }
            for (Future<String> r : results) {
                assertEquals("ok", r.get(60, TimeUnit.SECONDS));
            }

            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", portOf(runtime, "ping")), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("pong\n", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII),
                        "respond with close: true writes its line, then the server closes");
            }
        } finally {
            clients.shutdownNow();
            runtime.stop();
        }
    }

    @Test
    void a_route_nobody_answers_closes_only_its_connection_and_the_others_carry_on() throws Exception {
        String yaml = "runtime:\n  audit: " + work.resolve("route-fail.jsonl") + "\n  shutdownTimeout: 2s\n"
                + "processes:\n  frames:\n    kind: event-handler\n"
                + "    config:\n      codec: line\n      routeTimeout: 300ms\n"
                + "      chain: [ { route: { address: nobody.here } } ]\n"
                + "  echoes:\n    kind: event-handler\n    config: { codec: line, chain: [ { echo: {} } ] }\n"
                + "  front:\n    kind: tcp-server\n"
                + "    config: { host: 127.0.0.1, port: 0, handler: forward, forwardTo: frames }\n"
                + "  good:\n    kind: tcp-server\n"
                + "    config: { host: 127.0.0.1, port: 0, handler: forward, forwardTo: echoes }\n";
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "route-fail.yaml"),
                new SockitHome(dist.home()));
        try (Socket good = new Socket(); Socket bad = new Socket()) {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            good.connect(new InetSocketAddress("127.0.0.1", portOf(runtime, "good")), 5000);
            good.setSoTimeout(10_000);
            bad.connect(new InetSocketAddress("127.0.0.1", portOf(runtime, "front")), 5000);
            bad.setSoTimeout(10_000);
            bad.getOutputStream().write("GET\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, bad.getInputStream().read(), "the failed frame's connection is closed");
            good.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("still here\n", new String(good.getInputStream().readNBytes(11), StandardCharsets.US_ASCII));
            String audit = Files.readString(work.resolve("route-fail.jsonl"));
            assertTrue(audit.contains("route to 'nobody.here': nothing serves that address"), audit);
        } finally {
            runtime.stop();
        }
    }

    @Test
    void a_forward_udp_server_sends_each_datagram_through_the_chain_and_the_reply_back_to_its_sender()
            throws Exception {
        Path plugins = pluginsWithUpper("plugins-upper-udp");
        String udpJar = "udp-server-" + System.getProperty("sockit.version") + ".jar";
        Files.copy(dist.plugins().resolve(udpJar), plugins.resolve(udpJar));
        String yaml = "runtime:\n  plugins: " + plugins + "\n  audit: " + work.resolve("udp.jsonl")
                + "\n  shutdownTimeout: 2s\nprocesses:\n  frames:\n    kind: event-handler\n"
                + "    config: { chain: [ { count: {} }, { upper: {} }, { echo: {} } ] }\n"
                + "  dns:\n    kind: udp-server\n"
                + "    config: { host: 127.0.0.1, port: 0, handler: forward, forwardTo: frames }\n";
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "udp.yaml"), new SockitHome(dist.home()));
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            client.setSoTimeout(5_000);
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", portOf(runtime, "dns"));
            for (int i = 0; i < 10; i++) {
                byte[] out = ("query " + i).getBytes(StandardCharsets.US_ASCII);
                client.send(new DatagramPacket(out, out.length, server));
                DatagramPacket in = new DatagramPacket(new byte[64], 64);
                client.receive(in);
                assertEquals("QUERY " + i, new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII));
            }
        } finally {
            runtime.stop();
        }
    }

    @Test
    void socat_as_an_outside_client_gets_each_line_back_through_forward_and_the_chain() throws Exception {
        ExternalCommand.requireTool("socat", "socat");
        String yaml = "runtime:\n  audit: " + work.resolve("socat.jsonl") + "\n  shutdownTimeout: 2s\n"
                + "processes:\n  frames:\n    kind: event-handler\n"
                + "    config: { codec: { type: line, maxLength: 64 }, chain: [ { log: {} }, { echo: {} } ] }\n"
                + "  front:\n    kind: tcp-server\n"
                + "    config: { host: 127.0.0.1, port: 0, handler: forward, forwardTo: frames }\n";
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "socat.yaml"),
                new SockitHome(dist.home()));
        try {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            String lines = "one\ntwo\nthree and more\n";
            // socat sends its input and its FIN at once, usually before the event-handler has answered opened:
            // every answer still comes back, then the close. Ten times, on the distribution's default transport.
            for (int round = 0; round < 10; round++) {
                ExternalCommand socat = ExternalCommand.run(List.of("socat", "-t", "2", "-",
                        "TCP:127.0.0.1:" + portOf(runtime, "front")), lines.getBytes(StandardCharsets.US_ASCII), 30);
                assertEquals(0, socat.exit(), socat.stderr());
                assertEquals(lines, socat.stdoutText(), "round " + round);
            }
        } finally {
            runtime.stop();
        }
    }

    @Test
    void the_issues_proxy_from_config_alone_echoes_length_field_frames_byte_exact_and_in_order() throws Exception {
        int backendPort;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            backendPort = probe.getLocalPort();
        }
        String yaml = "runtime:\n  audit: " + work.resolve("proxy.jsonl") + "\n  shutdownTimeout: 2s\n"
                + "processes:\n"
                + "  backend:\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: " + backendPort
                + ", handler: echo }\n"
                + "  pool:\n    kind: connection-pool\n    config:\n"
                + "      targets: [ \"127.0.0.1:" + backendPort + "\" ]\n      maxSize: 8\n      acquireTimeout: 2s\n"
                + "      codec: { type: length-field, length: 4 }\n"
                + "  frames:\n    kind: event-handler\n    config:\n"
                + "      codec: { type: length-field, length: 4, maxFrame: 1MiB }\n"
                + "      chain: [ { route: pool } ]\n      onError: close\n"
                + "  front:\n    kind: tcp-server\n"
                + "    config: { host: 127.0.0.1, port: 0, handler: forward, forwardTo: frames }\n";
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "proxy.yaml"),
                new SockitHome(dist.home()));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            assertEquals("success", runtime.startResult().status().json(), runtime.startResult().toJson().encode());
            int front = portOf(runtime, "front");
            List<Future<String>> results = new ArrayList<>();
            for (int c = 0; c < 40; c++) {
                long seed = c;
                results.add(clients.submit(() -> {
                    Random random = new Random(seed);
                    java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
                    for (int i = 0; i < 50; i++) {
                        // 0 included: an empty frame is answered with an empty frame.
                        byte[] payload = new byte[random.nextInt(2049)];
                        random.nextBytes(payload);
                        sent.write(ByteBuffer.allocate(4).putInt(payload.length).array());
                        sent.write(payload);
                    }
                    byte[] bytes = sent.toByteArray();
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", front), 5000);
                        s.setSoTimeout(20_000);
                        s.getOutputStream().write(bytes);
                        byte[] back = s.getInputStream().readNBytes(bytes.length);
                        return Arrays.equals(bytes, back) ? "ok" : "client " + seed + ": " + back.length
                                + " bytes back of " + bytes.length + ", or different";
                    }
                }));
            }
            for (Future<String> r : results) {
                assertEquals("ok", r.get(120, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
            runtime.stop();
        }
    }
}
