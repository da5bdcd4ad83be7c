package dev.sockit.it;

import dev.sockit.api.HostPort;
import dev.sockit.contracts.ForwardContract;
import dev.sockit.runtime.TestPlugins;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version 2 of the forward contracts of docs/tcp-server.md and docs/udp-server.md, through the unpacked
 * distribution: the consumer is a real process of a real plugin jar ({@code relay}, compiled here against the
 * distribution's jars without the runtime) dropped into {@code plugins/}, started by the same {@code bin/sockit run}.
 *
 * <p>The relay consumes {@code sockit.<id>.connection}: it refuses connections from a process whose id ends in
 * {@code -400} or {@code -500} by failing {@code opened} with that code, leaves {@code opened} unanswered from one
 * whose id ends in {@code -silent}, and accepts the others with {@code {"codec":"line"}}. For each line it gets as a
 * {@code data} request: {@code nothing} sends a write the contract refuses with 400 and replies with the failure;
 * {@code bye} replies {@code bye} with {@code close: true}; any other line is written back in upper case through
 * the connection's {@code writeAddress} (a request), and the reply says how that write went.
 * After {@code closed} it writes once more to the closed connection and logs the failure. It also consumes
 * {@code sockit.<id>.datagram} and answers each datagram with its headers and bytes as JSON.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ForwardContractIT {

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpackAndDropInTheRelay() {
        dist = Dist.unpack(work);
        relayPlugin(dist, dist.plugins());
    }

    @Test
    void a_forwarded_connection_gets_opened_line_frames_and_closed_and_writes_and_replies_go_back_through_the_codec()
            throws Exception {
        Path audit = work.resolve("audit-ok.jsonl");
        Dist.Launched run = dist.launch("run", "-c", config("forward-ok.yaml", audit,
                gate("gate", "relay") + relay("relay")).toString(), "--output", "ndjson");
        int port = port(run, "gate");
        int clientPort;
        String refused = "failed 400 no body and no close header (expected: a Buffer body, header close: true,"
                + " or both)\n";
        try (Socket s = connect(port)) {
            clientPort = s.getLocalPort();
            InputStream in = s.getInputStream();
            // Split across writes: the line codec in the server's pipeline frames it.
            s.getOutputStream().write("hel".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getOutputStream().write("lo\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("HELLO\n", readLine(in), "the unsolicited write, framed by the encoder");
            assertEquals("written\n", readLine(in), "the reply to the frame, after it");
            s.getOutputStream().write("nothing\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(refused, readLine(in));
            s.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("bye\n", readLine(in));
            assertEquals(-1, in.read(), "the reply's close: true ends the connection after its body");
        }
        String remote = "127.0.0.1:" + clientPort;
        JsonObject close = awaitAudit(audit, "close", remote);
        long bytesOut = "HELLO\nwritten\n".length() + refused.length() + "bye\n".length();
        assertEquals("forward: closed by sockit.relay.connection bytesIn=18 bytesOut=" + bytesOut,
                close.getString("detail"), close.encode());
        String closedLine = awaitLog("relay got closed ", "\"process\":\"gate\"");
        JsonObject closed = new JsonObject(closedLine.substring(closedLine.indexOf('{')));
        assertEquals("gate", closed.getString("process"));
        assertEquals("2", closed.getString("version"));
        assertEquals(18, closed.getLong("bytesIn"));
        assertEquals(bytesOut, closed.getLong("bytesOut"));
        assertEquals("forward: closed by sockit.relay.connection", closed.getString("reason"));
        assertEquals(close.getLong("connection"), Long.parseLong(closed.getString("connectionId")));
        assertTrue(awaitLog("relay write after closed ", "").contains("failed NO_HANDLERS"),
                "a write to a closed connection fails with NO_HANDLERS");
        String openedLine = awaitLog("relay got opened ", "\"process\":\"gate\"");
        JsonObject opened = new JsonObject(openedLine.substring(openedLine.indexOf('{')));
        assertEquals(remote, opened.getString("remote"));
        assertEquals("sockit.gate.write." + close.getLong("connection"), opened.getString("writeAddress"));
        stopCleanly(run);
    }

    @Test
    void a_consumer_that_fails_opened_with_400_or_500_refuses_the_connection_and_the_close_names_its_text()
            throws Exception {
        Path audit = work.resolve("audit-refused.jsonl");
        Dist.Launched run = dist.launch("run", "-c", config("forward-refused.yaml", audit,
                gate("gate-400", "relay") + gate("gate-500", "relay") + relay("relay")).toString(),
                "--output", "ndjson");
        int[] ports = {port(run, "gate-400"), port(run, "gate-500")};
        String[] texts = {"refused with 400 by relay", "refused with 500 by relay"};
        for (int i = 0; i < ports.length; i++) {
            try (Socket s = connect(ports[i])) {
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("", readToEnd(s.getInputStream()), "a refused connection gets nothing back");
                JsonObject close = awaitAudit(audit, "close", "127.0.0.1:" + s.getLocalPort());
                assertTrue(close.getString("detail").startsWith("forward: refused by sockit.relay.connection: "
                        + texts[i] + " bytesIn="), close.encode());
                assertTrue(close.getString("detail").endsWith(" bytesOut=0"), close.encode());
            }
        }
        stopCleanly(run);
    }

    @Test
    void a_consumer_that_never_answers_opened_has_the_connection_closed_at_the_10_s_reply_timeout_having_read_nothing()
            throws Exception {
        Path audit = work.resolve("audit-silent.jsonl");
        Dist.Launched run = dist.launch("run", "-c", config("forward-silent.yaml", audit,
                gate("gate-silent", "relay") + relay("relay")).toString(), "--output", "ndjson");
        try (Socket s = connect(port(run, "gate-silent"))) {
            s.setSoTimeout(30_000);
            long start = System.nanoTime();
            s.getOutputStream().write("before\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("", readToEnd(s.getInputStream()), "nothing comes back");
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsed >= 9_000 && elapsed < 25_000, "closed after " + elapsed + " ms");
            JsonObject close = awaitAudit(audit, "close", "127.0.0.1:" + s.getLocalPort());
            assertEquals("forward: no reply to opened from sockit.relay.connection within 10000 ms bytesIn=0"
                    + " bytesOut=0", close.getString("detail"), "nothing is read before the reply");
        }
        stopCleanly(run);
    }

    @Test
    void forwarding_to_a_process_that_consumes_nothing_closes_each_connection_with_no_handler() throws Exception {
        Path audit = work.resolve("audit-nobody.jsonl");
        // The gate forwards to "udp", a udp-server, which consumes no connection address: NO_HANDLERS. (A forwardTo
        // naming no process of the config is a config error, exit 2: HostileIT checks that.)
        String udp = "  udp:\n    kind: udp-server\n    config: { host: 127.0.0.1, port: 0 }\n";
        Dist.Launched run = dist.launch("run", "-c", config("forward-nobody.yaml", audit,
                gate("to-udp", "udp") + udp).toString(), "--output", "ndjson");
        String[][] cases = {{"to-udp", "udp"}};
        for (String[] c : cases) {
            try (Socket s = connect(port(run, c[0]))) {
                s.getOutputStream().write("anyone?\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("", readToEnd(s.getInputStream()), "nothing comes back from nobody");
                JsonObject close = awaitAudit(audit, "close", "127.0.0.1:" + s.getLocalPort());
                assertEquals(c[0], close.getString("process"));
                assertTrue(close.getString("detail").startsWith("forward: no handler for sockit." + c[1]
                        + ".connection bytesIn="), close.encode());
            }
        }
        stopCleanly(run);
    }

    @Test
    void a_udp_server_forwards_each_datagram_as_a_request_with_headers_and_sends_the_reply_to_the_peer()
            throws Exception {
        String yaml = "  dgram:\n    kind: udp-server\n    config: { host: 127.0.0.1, port: 0, handler: forward,"
                + " forwardTo: relay, maxInFlight: 8 }\n" + relay("relay");
        Dist.Launched run = dist.launch("run", "-c", config("forward-udp.yaml", work.resolve("audit-udp.jsonl"),
                yaml).toString(), "--output", "ndjson");
        int port = port(run, "dgram");
        byte[] payload = {0, 1, 2, (byte) 0xff, '\n', 'h', 'i', (byte) 0x80};
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(10_000);
            client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            client.receive(answer);
            assertEquals(port, answer.getPort(), "the reply comes from the server's own socket");
            JsonObject got = new JsonObject(new String(answer.getData(), 0, answer.getLength(),
                    StandardCharsets.UTF_8));
            assertEquals("datagram", got.getString("type"));
            assertEquals("dgram", got.getString("process"));
            assertEquals("127.0.0.1:" + client.getLocalPort(), got.getString("peer"));
            assertEquals("127.0.0.1:" + port, got.getString("local"));
            assertEquals("2", got.getString("version"));
            assertEquals(Base64.getEncoder().encodeToString(payload), got.getString("data"));
        }
        stopCleanly(run);
    }

    // --- helpers ---

    private static String gate(String id, String forwardTo) {
        return "  " + id + ":\n    kind: tcp-server\n    config: { host: 127.0.0.1, port: 0, handler: forward,"
                + " forwardTo: " + forwardTo + ", maxConnections: 100 }\n";
    }

    private static String relay(String id) {
        return "  " + id + ":\n    kind: relay\n    config: { note: test }\n";
    }

    private static Path config(String name, Path audit, String processes) throws IOException {
        return Files.writeString(work.resolve(name), "runtime:\n  shutdownTimeout: 3s\n  audit: " + audit
                + "\nprocesses:\n" + processes);
    }

    /** The port of process {@code id} from the ndjson start Result's process table. */
    private static int port(Dist.Launched run, String id) throws Exception {
        JsonObject started = run.firstResult(30);
        assertEquals("success", started.getString("status"), started.encodePrettily());
        String text = started.encode();
        for (Object p : started.getJsonObject("data").getJsonArray("processes")) {
            JsonObject process = (JsonObject) p;
            if (id.equals(process.getString("id"))) {
                String address = process.getString("address");
                return HostPort.parse(address).port();
            }
        }
        throw new AssertionError("no process " + id + " in " + text);
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 4096; i++) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Everything until end of stream; a reset after the server closed counts as the end too. */
    private static String readToEnd(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketException reset) {
            return "";
        }
    }

    /** The audit line with {@code op} for {@code remote}, waiting up to 10 s for the writer thread. */
    private static JsonObject awaitAudit(Path audit, String op, String remote) throws Exception {
        List<String> seen = List.of();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < end; ) {
            if (Files.exists(audit)) {
                seen = Files.readAllLines(audit, StandardCharsets.UTF_8);
                for (String line : seen) {
                    JsonObject j = new JsonObject(line);
                    if (op.equals(j.getString("op")) && remote.equals(j.getString("remote"))) {
                        return j;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no audit " + op + " for " + remote + " in " + seen);
    }

    /** The first line of sockit.log containing {@code text} and {@code also}, waiting up to 10 s. */
    private static String awaitLog(String text, String also) throws Exception {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < end; ) {
            if (Files.exists(dist.log())) {
                for (String line : Files.readAllLines(dist.log(), StandardCharsets.UTF_8)) {
                    if (line.contains(text) && line.contains(also)) {
                        return line;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' in " + dist.log());
    }

    private static void stopCleanly(Dist.Launched run) throws Exception {
        assertEquals(0, run.terminate(30), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        assertFalse(run.stderr().contains("Exception"), "no exception: " + run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals("stop", new JsonObject(lines.get(lines.size() - 1)).getString("operation"), run.stdout());
    }

    /** Builds the {@code relay} plugin against the distribution's jars, without platform-runtime. */
    static Path relayPlugin(Dist dist, Path pluginsDir) {
        try (Stream<Path> jars = Files.list(dist.lib())) {
            List<Path> apiOnly = new ArrayList<>(jars.filter(j -> !j.getFileName().toString()
                    .startsWith("platform-runtime")).toList());
            return TestPlugins.plugin("relay").version("1.0.0").requires(">=0.1.0 & <0.2.0").classpath(apiOnly)
                    .source("dev.sockit.it.relay.RelayConfig", RELAY_CONFIG)
                    .source("dev.sockit.it.relay.RelayKind", RELAY_KIND)
                    .source("dev.sockit.it.relay.RelayProcess", RELAY_PROCESS)
                    .build(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String RELAY_CONFIG = """
            package dev.sockit.it.relay;

            public record RelayConfig(String note) {
            }
            """;

    private static final String RELAY_KIND = """
            package dev.sockit.it.relay;

            import dev.sockit.api.spi.ProcessContext;
            import dev.sockit.api.spi.ProcessKind;
            import dev.sockit.api.spi.SockitProcess;
            import org.pf4j.Extension;

            @Extension
            public final class RelayKind implements ProcessKind<RelayConfig> {
                @Override
                public String name() {
                    return "relay";
                }

                @Override
                public Class<RelayConfig> configType() {
                    return RelayConfig.class;
                }

                @Override
                public SockitProcess create(ProcessContext<RelayConfig> context) {
                    return new RelayProcess(context);
                }
            }
            """;

    private static final String RELAY_PROCESS = """
            package dev.sockit.it.relay;

            import dev.sockit.api.spi.ProcessContext;
            import dev.sockit.api.spi.SockitProcess;
            import dev.sockit.contracts.ForwardContract;
            import io.vertx.core.Deployable;
            import io.vertx.core.Future;
            import io.vertx.core.MultiMap;
            import io.vertx.core.VerticleBase;
            import io.vertx.core.buffer.Buffer;
            import io.vertx.core.eventbus.DeliveryOptions;
            import io.vertx.core.eventbus.EventBus;
            import io.vertx.core.eventbus.Message;
            import io.vertx.core.eventbus.ReplyException;
            import io.vertx.core.json.JsonObject;

            import java.util.Base64;
            import java.util.Locale;
            import java.util.Map;
            import java.util.concurrent.ConcurrentHashMap;

            final class RelayProcess implements SockitProcess {
                private final ProcessContext<RelayConfig> ctx;
                private final Map<String, String> writeAddresses = new ConcurrentHashMap<>();

                RelayProcess(ProcessContext<RelayConfig> ctx) {
                    this.ctx = ctx;
                }

                @Override
                public Deployable newInstance() {
                    return new VerticleBase() {
                        @Override
                        public Future<?> start() {
                            EventBus bus = vertx.eventBus();
                            return bus.<Buffer>consumer(ForwardContract.connection(ctx.id()),
                                    m -> connection(bus, m)).completion()
                                    .compose(v -> bus.<Buffer>consumer(ForwardContract.datagram(ctx.id()),
                                            RelayProcess.this::datagram).completion());
                        }
                    };
                }

                private void log(String text) {
                    ctx.logger().log(System.Logger.Level.INFO, text);
                }

                private static JsonObject headers(MultiMap headers) {
                    JsonObject json = new JsonObject();
                    headers.forEach(e -> json.put(e.getKey(), e.getValue()));
                    return json;
                }

                private void datagram(Message<Buffer> m) {
                    m.reply(headers(m.headers()).put("data", Base64.getEncoder().encodeToString(m.body().getBytes()))
                            .toBuffer());
                }

                private void connection(EventBus bus, Message<Buffer> m) {
                    JsonObject h = headers(m.headers());
                    String process = h.getString(ForwardContract.HEADER_PROCESS);
                    String key = process + "/" + h.getString(ForwardContract.HEADER_CONNECTION_ID);
                    switch (h.getString(ForwardContract.HEADER_TYPE)) {
                        case ForwardContract.TYPE_OPENED -> {
                            JsonObject body = new JsonObject(m.body());
                            log("relay got opened " + h.mergeIn(body).encode());
                            if (process.endsWith("-400") || process.endsWith("-500")) {
                                int code = Integer.parseInt(process.substring(process.length() - 3));
                                m.fail(code, "refused with " + code + " by relay");
                                return;
                            }
                            writeAddresses.put(key, body.getString(ForwardContract.OPENED_WRITE_ADDRESS));
                            if (!process.endsWith("-silent")) {
                                m.reply(new JsonObject().put(ForwardContract.OPENED_CODEC, "line").toBuffer());
                            }
                        }
                        case ForwardContract.TYPE_DATA -> {
                            String to = writeAddresses.get(key);
                            String line = m.body().toString().strip();
                            switch (line) {
                                case "nothing" -> bus.request(to, null).onComplete(ar -> m.reply(Buffer.buffer(
                                        ar.succeeded() ? "written" : "failed " + failure(ar.cause()))));
                                case "bye" -> m.reply(Buffer.buffer("bye"),
                                        new DeliveryOptions().addHeader(ForwardContract.HEADER_CLOSE, "true"));
                                default -> bus.request(to, Buffer.buffer(line.toUpperCase(Locale.ROOT)))
                                        .onComplete(ar -> m.reply(Buffer.buffer(
                                                ar.succeeded() ? "written" : "failed " + failure(ar.cause()))));
                            }
                        }
                        case ForwardContract.TYPE_CLOSED -> {
                            log("relay got closed " + h.mergeIn(new JsonObject(m.body())).encode());
                            String to = writeAddresses.remove(key);
                            if (to == null) {
                                return;
                            }
                            bus.request(to, Buffer.buffer("x")).onComplete(ar -> log("relay write after closed "
                                    + (ar.succeeded() ? "succeeded" : "failed " + failure(ar.cause()))));
                        }
                        default -> log("relay got an unknown type " + h.encode());
                    }
                }

                private static String failure(Throwable e) {
                    if (e instanceof ReplyException r) {
                        return r.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE
                                ? r.failureCode() + " " + r.getMessage() : r.failureType() + " " + r.getMessage();
                    }
                    return String.valueOf(e);
                }
            }
            """;
}
