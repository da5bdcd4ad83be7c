package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.HostPort;
import dev.sockit.api.Result;
import dev.sockit.it.Dist;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped tcp-server plugin, from the distribution's plugins/, beside a plugin whose process throws in
 * start: {@code sockit.runtime.processes} reports it FAILED with its cause and the echo keeps serving.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailingProcessIT {

    @TempDir
    Path work;

    @Test
    void a_process_that_throws_in_start_is_failed_and_the_tcp_echo_keeps_serving() throws Exception {
        Dist dist = Dist.unpack(work);
        Testkit.plugin("testkit", "dev.sockit.testkit", "PortConfig", "BoomKind").build(dist.plugins());
        String yaml = "runtime:\n  shutdownTimeout: 2s\nprocesses:\n"
                + "  echo:\n    kind: tcp-server\n    config: { port: 0 }\n"
                + "  bad:\n    kind: boom\n    config: { port: 0 }\n";
        SockitRuntime runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "failing.yaml"),
                new SockitHome(dist.home()));
        try {
            JsonObject reply = (JsonObject) runtime.vertx().eventBus()
                    .request(Addresses.RUNTIME_PROCESSES, new JsonObject().put("action", "list"))
                    .await(Duration.ofSeconds(10)).body();
            JsonArray processes = Result.fromJson(reply).data().getJsonArray("processes");
            JsonObject echo = processes.getJsonObject(0);
            JsonObject bad = processes.getJsonObject(1);
            assertEquals("RUNNING", echo.getString("state"));
            assertEquals("FAILED", bad.getString("state"));
            assertTrue(bad.getString("cause").contains("boom in start"), bad.encode());

            String address = echo.getString("address");
            int port = HostPort.parse(address).port();
            byte[] sent = "still serving".getBytes(StandardCharsets.US_ASCII);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(sent);
                assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
            }
        } finally {
            runtime.stop();
        }
    }
}
