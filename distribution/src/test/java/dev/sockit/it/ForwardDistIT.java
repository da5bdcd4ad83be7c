package dev.sockit.it;

import dev.sockit.runtime.Testkit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward contract of docs/tcp-server.md through the distribution: a tcp-server with {@code handler: forward}
 * hands its connections to a process of a plugin built here ({@code forward-probe}), which refuses the first
 * connection and, on the next, sends the write requests the contract answers with {@code 400} (a foreign
 * {@code connectionId}, data that is not base64, neither data nor close), a good write, then its results and a
 * close; after the close, a write to the old address fails with {@code NO_HANDLERS}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ForwardDistIT {

    private static final String PROBE = """
            package dev.sockit.probe;

            import dev.sockit.api.Addresses;
            import dev.sockit.api.spi.ProcessContext;
            import dev.sockit.api.spi.ProcessKind;
            import dev.sockit.api.spi.SockitProcess;
            import io.vertx.core.Deployable;
            import io.vertx.core.Future;
            import io.vertx.core.VerticleBase;
            import io.vertx.core.eventbus.EventBus;
            import io.vertx.core.eventbus.ReplyException;
            import io.vertx.core.json.JsonObject;
            import org.pf4j.Extension;

            import java.nio.charset.StandardCharsets;
            import java.util.Base64;

            /** Exercises the forward contract: refuses connection 1, probes the write address of the others. */
            @Extension
            public final class ProbeKind implements ProcessKind<PortConfig> {

                @Override
                public String name() {
                    return "forward-probe";
                }

                @Override
                public Class<PortConfig> configType() {
                    return PortConfig.class;
                }

                @Override
                public SockitProcess create(ProcessContext<PortConfig> ctx) {
                    return () -> new VerticleBase() {
                        private String lastWriteAddress;

                        @Override
                        public Future<?> start() {
                            EventBus bus = vertx.eventBus();
                            return bus.<JsonObject>consumer(Addresses.request(ctx.id(), Addresses.VERB_CONNECTION),
                                    m -> {
                                JsonObject b = m.body();
                                long id = b.getLong("connectionId");
                                switch (b.getString("type")) {
                                    case "opened" -> {
                                        if (id == 1) {
                                            m.fail(400, "probe refuses connection 1");
                                            return;
                                        }
                                        m.reply(null);
                                        String w = b.getString("writeAddress");
                                        lastWriteAddress = w;
                                        StringBuilder results = new StringBuilder();
                                        outcome(bus, w, new JsonObject().put("connectionId", id + 1000)
                                                .put("data", "eA=="))
                                            .compose(r -> { results.append("foreignId=").append(r);
                                                return outcome(bus, w, new JsonObject().put("connectionId", id)
                                                        .put("data", "not base64!")); })
                                            .compose(r -> { results.append(" badData=").append(r);
                                                return outcome(bus, w, new JsonObject().put("connectionId", id)); })
                                            .compose(r -> { results.append(" neither=").append(r);
                                                return outcome(bus, w, new JsonObject().put("connectionId", id)
                                                        .put("data", base64("ok\\n"))); })
                                            .compose(r -> { results.append(" write=").append(r).append('\\n');
                                                return outcome(bus, w, new JsonObject().put("connectionId", id)
                                                        .put("data", base64(results.toString())).put("close", true)); });
                                    }
                                    case "closed" -> outcome(bus, lastWriteAddress, new JsonObject()
                                            .put("connectionId", id).put("data", "eA==")).onComplete(r ->
                                            ctx.logger().log(System.Logger.Level.INFO, "forward-probe after close of "
                                                    + id + ": " + r.result()));
                                    default -> { }
                                }
                            }).completion();
                        }
                    };
                }

                private static String base64(String text) {
                    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
                }

                /** "written:N", or the failure code, or the failure type (NO_HANDLERS). */
                private static Future<String> outcome(EventBus bus, String address, JsonObject body) {
                    return bus.<JsonObject>request(address, body)
                            .map(reply -> "written:" + reply.body().getInteger("written"))
                            .recover(e -> Future.succeededFuture(e instanceof ReplyException r
                                    ? (r.failureCode() > 0 ? String.valueOf(r.failureCode())
                                    : r.failureType().name()) : e.toString()));
                }
            }
            """;

    @TempDir
    static Path work;

    static Dist dist;

    @BeforeAll
    static void unpackWithTheProbePlugin() {
        dist = Dist.unpack(work);
        Testkit.plugin("probe", "dev.sockit.probe", "PortConfig").source("dev.sockit.probe.ProbeKind", PROBE)
                .build(dist.plugins());
    }

    @Test
    void a_refused_connection_is_closed_bad_writes_are_400_and_a_closed_connection_is_NO_HANDLERS()
            throws Exception {
        String yaml = "runtime:\n  shutdownTimeout: 3s\nprocesses:\n"
                + "  probe:\n    kind: forward-probe\n    config: { port: 0 }\n"
                + "  fwd:\n    kind: tcp-server\n    config:\n      host: 127.0.0.1\n      port: 0\n"
                + "      handler: forward\n      forwardTo: probe\n";
        Dist.Launched run = dist.launch("run", "-c", Files.writeString(work.resolve("fwd.yaml"), yaml).toString(),
                "--output", "json");
        try {
            JsonObject result = run.firstResult(60);
            assertEquals("success", result.getString("status"), result.encode());
            int port = port(result, "fwd");

            assertEquals("", exchange(port), "connection 1 is refused: closed with nothing written");
            assertEquals("ok\nforeignId=400 badData=400 neither=400 write=written:3\n", exchange(port));

            String audit = waitFor(dist.home().resolve("logs").resolve("socket-audit.jsonl"),
                    "forward: refused by sockit.probe.connection: probe refuses connection 1");
            assertTrue(audit.contains("\"process\":\"fwd\""), audit);
            waitFor(dist.log(), "forward-probe after close of 2: NO_HANDLERS");
        } finally {
            assertEquals(0, run.terminate(30), run.stderr());
        }
    }

    /** Connects and reads until the server closes (at most 10 s); returns what came. */
    private static String exchange(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            try {
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (SocketException reset) {
                return "";
            }
        }
    }

    private static int port(JsonObject result, String id) {
        for (Object o : result.getJsonObject("data").getJsonArray("processes")) {
            JsonObject p = (JsonObject) o;
            if (p.getString("id").equals(id)) {
                String a = p.getString("address");
                return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
            }
        }
        throw new AssertionError("no process '" + id + "' in " + result.encode());
    }

    /** Waits (at most 10 s) until {@code file} contains {@code text}; returns the file. */
    private static String waitFor(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String content = "";
        while (System.nanoTime() < deadline) {
            content = Files.exists(file) ? Files.readString(file) : "";
            if (content.contains(text)) {
                return content;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + file + " within 10 s:\n" + content);
    }
}
