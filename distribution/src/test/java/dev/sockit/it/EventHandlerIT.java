package dev.sockit.it;

import dev.sockit.runtime.SockitRuntime;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped {@code event-handler} in the unpacked distribution: a frame handler from a third-party plugin jar
 * (docs/examples/upper-handler-plugin, built against platform-api only) runs in its chain, and a bad chain is
 * refused at load with the config path. The test plays the forwarding server on the event bus (forward v2).
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
}
