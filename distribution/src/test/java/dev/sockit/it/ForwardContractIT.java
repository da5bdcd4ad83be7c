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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward contracts of docs/tcp-server.md and docs/udp-server.md, through the unpacked distribution: the
 * consumer is a real process of a real plugin jar ({@code relay}, compiled here against the distribution's jars
 * without the runtime) dropped into {@code plugins/}, started by the same {@code bin/sockit run}.
 *
 * <p>The relay consumes {@code sockit.<id>.connection}: it refuses connections from a process whose id ends in
 * {@code -400} or {@code -500} by failing {@code opened} with that code, leaves {@code opened} unanswered from one
 * whose id ends in {@code -silent}, and answers the others. For each line of data it writes back through the
 * connection's {@code writeAddress} (as requests) and reports to the client what the server answered:
 * {@code badid}, {@code badb64} and {@code nothing} send writes the contract refuses with 400; {@code bye} writes
 * and closes; any other line comes back in upper case followed by the {@code written} answer.
 * After {@code closed} it writes once more to the closed connection and logs the failure. It also consumes
 * {@code sockit.<id>.datagram} and answers each datagram from a UDP socket of its own with the message it got.
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
    void a_forwarded_connection_gets_opened_data_and_closed_and_every_write_answer_the_contract_names()
            throws Exception {
        Path audit = work.resolve("audit-ok.jsonl");
        Dist.Launched run = dist.launch("run", "-c", config("forward-ok.yaml", audit,
                gate("gate", "relay") + relay("relay")).toString(), "--output", "ndjson");
        int port = port(run, "gate");
        int clientPort;
        String reply;
        try (Socket s = connect(port)) {
            clientPort = s.getLocalPort();
            InputStream in = s.getInputStream();
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("HELLO\n", readLine(in));
            assertEquals("written 6\n", readLine(in));
            s.getOutputStream().write("badid\n".getBytes(StandardCharsets.US_ASCII));
            reply = readLine(in);
            assertTrue(reply.startsWith("failed 400 connectionId ") && reply.contains("does not match"), reply);
            s.getOutputStream().write("badb64\n".getBytes(StandardCharsets.US_ASCII));
            reply = readLine(in);
            assertTrue(reply.startsWith("failed 400 data: ") && reply.contains("(expected: base64)"), reply);
            s.getOutputStream().write("nothing\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("failed 400 neither data nor close: true (expected: one or both)\n", readLine(in));
            s.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("bye\n", readLine(in));
            assertEquals(-1, in.read(), "the relay's close: true ends the connection after what it wrote");
        }
        String remote = "127.0.0.1:" + clientPort;
        JsonObject close = awaitAudit(audit, "close", remote);
        // 6+6+7+8+4 bytes in; out: HELLO\n written 6\n, three failure lines and bye\n.
        assertTrue(close.getString("detail", "").startsWith("bytesIn=31 bytesOut="), close.encode());
        String closedLine = awaitLog("relay got closed ", "\"process\":\"gate\"");
        JsonObject closed = new JsonObject(closedLine.substring(closedLine.indexOf('{')));
        assertEquals("gate", closed.getString("process"));
        assertEquals(31, closed.getLong("bytesIn"));
        assertEquals(close.getLong("connection"), closed.getLong("connectionId"));
        assertTrue(close.getString("detail").endsWith("bytesOut=" + closed.getLong("bytesOut")), close.encode());
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
    void a_consumer_that_never_answers_opened_has_accepted_the_connection_even_after_the_10_s_reply_timeout()
            throws Exception {
        Path audit = work.resolve("audit-silent.jsonl");
        Dist.Launched run = dist.launch("run", "-c", config("forward-silent.yaml", audit,
                gate("gate-silent", "relay") + relay("relay")).toString(), "--output", "ndjson");
        try (Socket s = connect(port(run, "gate-silent"))) {
            s.setSoTimeout(20_000);
            InputStream in = s.getInputStream();
            s.getOutputStream().write("before\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("BEFORE\n", readLine(in));
            assertEquals("written 7\n", readLine(in));
            Thread.sleep(11_000);
            s.getOutputStream().write("after\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("AFTER\n", readLine(in), "the unanswered opened did not close the connection");
            assertEquals("written 6\n", readLine(in));
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
    void a_udp_server_forwards_each_datagram_with_sender_local_base64_data_and_time() throws Exception {
        String yaml = "  dgram:\n    kind: udp-server\n    config: { host: 127.0.0.1, port: 0, handler: forward,"
                + " forwardTo: relay }\n" + relay("relay");
        Dist.Launched run = dist.launch("run", "-c", config("forward-udp.yaml", work.resolve("audit-udp.jsonl"),
                yaml).toString(), "--output", "ndjson");
        int port = port(run, "dgram");
        byte[] payload = {0, 1, 2, (byte) 0xff, '\n', 'h', 'i', (byte) 0x80};
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(10_000);
            client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            client.receive(answer);
            assertTrue(answer.getPort() != port, "the consumer answers from a socket of its own");
            JsonObject got = new JsonObject(new String(answer.getData(), 0, answer.getLength(),
                    StandardCharsets.UTF_8));
            assertEquals("dgram", got.getString("process"));
            assertEquals("127.0.0.1:" + client.getLocalPort(), got.getString("remote"));
            assertEquals("127.0.0.1:" + port, got.getString("local"));
            assertEquals(Base64.getEncoder().encodeToString(payload), got.getString("data"));
            Instant at = Instant.parse(got.getString("at"));
            assertTrue(Math.abs(at.toEpochMilli() - System.currentTimeMillis()) < 60_000, got.encode());
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

            import dev.sockit.api.Addresses;
            import dev.sockit.api.HostPort;
            import dev.sockit.api.spi.ProcessContext;
            import dev.sockit.api.spi.SockitProcess;
            import dev.sockit.contracts.ForwardContract;
            import io.vertx.core.Deployable;
            import io.vertx.core.Future;
            import io.vertx.core.VerticleBase;
            import io.vertx.core.buffer.Buffer;
            import io.vertx.core.datagram.DatagramSocket;
            import io.vertx.core.eventbus.EventBus;
            import io.vertx.core.eventbus.Message;
            import io.vertx.core.eventbus.ReplyException;
            import io.vertx.core.json.JsonObject;

            import java.nio.charset.StandardCharsets;
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
                        private DatagramSocket udp;

                        @Override
                        public Future<?> start() {
                            EventBus bus = vertx.eventBus();
                            udp = vertx.createDatagramSocket();
                            return bus.<JsonObject>consumer(
                                    Addresses.request(ctx.id(), ForwardContract.VERB_CONNECTION),
                                    m -> connection(bus, m)).completion()
                                    .compose(v -> bus.<JsonObject>consumer(
                                            Addresses.request(ctx.id(), ForwardContract.VERB_DATAGRAM),
                                            m -> datagram(m.body())).completion());
                        }

                        private void datagram(JsonObject body) {
                            HostPort remote = HostPort.parse(body.getString("remote"));
                            udp.send(body.encode(), remote.port(), remote.host());
                        }

                        @Override
                        public Future<?> stop() {
                            return udp.close();
                        }
                    };
                }

                private void log(String text) {
                    ctx.logger().log(System.Logger.Level.INFO, text);
                }

                private void connection(EventBus bus, Message<JsonObject> m) {
                    JsonObject body = m.body();
                    String key = body.getString("process") + "/" + body.getLong("connectionId");
                    long id = body.getLong("connectionId");
                    switch (body.getString("type")) {
                        case "opened" -> {
                            log("relay got opened " + body.encode());
                            String process = body.getString("process");
                            if (process.endsWith("-400") || process.endsWith("-500")) {
                                int code = Integer.parseInt(process.substring(process.length() - 3));
                                m.fail(code, "refused with " + code + " by relay");
                                return;
                            }
                            writeAddresses.put(key, body.getString("writeAddress"));
                            if (!process.endsWith("-silent")) {
                                m.reply(new JsonObject());
                            }
                        }
                        case "data" -> {
                            String to = writeAddresses.get(key);
                            if (to == null) {
                                log("relay got data for a refused connection " + key);
                                return;
                            }
                            String text = new String(Base64.getDecoder().decode(body.getString("data")),
                                    StandardCharsets.UTF_8);
                            for (String line : text.split("\\n")) {
                                command(bus, to, id, line.strip());
                            }
                        }
                        case "closed" -> {
                            log("relay got closed " + body.encode());
                            String to = writeAddresses.remove(key);
                            if (to == null) {
                                return;
                            }
                            bus.request(to, new JsonObject().put("connectionId", id).put("data", "eA=="))
                                    .onComplete(ar -> log("relay write after closed "
                                            + (ar.succeeded() ? "succeeded " + ar.result().body()
                                            : "failed " + failure(ar.cause()))));
                        }
                        default -> log("relay got an unknown type " + body.encode());
                    }
                }

                private void command(EventBus bus, String to, long id, String line) {
                    JsonObject write = new JsonObject().put("connectionId", id);
                    switch (line) {
                        case "" -> {
                            return;
                        }
                        case "badid" -> write.put("connectionId", id + 1000).put("data", encode("x"));
                        case "badb64" -> write.put("data", "not base64!");
                        case "nothing" -> { }
                        case "bye" -> write.put("data", encode("bye\\n")).put("close", true);
                        default -> write.put("data", encode(line.toUpperCase(Locale.ROOT) + "\\n"));
                    }
                    bus.<JsonObject>request(to, write).onComplete(ar -> {
                        if (line.equals("bye")) {
                            return;
                        }
                        String answer = ar.succeeded() ? "written " + ar.result().body().getLong("written")
                                : "failed " + failure(ar.cause());
                        bus.request(to, new JsonObject().put("connectionId", id).put("data", encode(answer + "\\n")));
                    });
                }

                private static String failure(Throwable e) {
                    if (e instanceof ReplyException r) {
                        return r.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE
                                ? r.failureCode() + " " + r.getMessage() : r.failureType() + " " + r.getMessage();
                    }
                    return String.valueOf(e);
                }

                private static String encode(String text) {
                    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
                }
            }
            """;
}
