package dev.sockit.runtime;

import dev.sockit.api.Addresses;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Result;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Codecs a config names, checked when the runtime loads the config (a real plugin jar with kind
 * {@code test-framed}, whose config has a {@code codec}, and codec {@code test-star}), and handed to the process
 * through its context.
 */
class CodecConfigTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private SockitRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    /** Starts a runtime with the framed plugin; the config's {@code codec:} is on line 7. */
    private SockitRuntime start(String codec) throws IOException {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        if (Files.list(plugins).findAny().isEmpty()) {
            Testkit.plugin("framed", "dev.sockit.framed", "FramedKind", "StarCodec").build(plugins);
        }
        String yaml = "runtime:\n  shutdownTimeout: 2s\nprocesses:\n  frames:\n    kind: test-framed\n"
                + "    config:\n      codec: " + codec + "\n";
        runtime = SockitRuntime.start(ConfigLoader.parse(yaml, "sockit.yaml"), new SockitHome(home));
        return runtime;
    }

    private JsonObject status() throws Exception {
        JsonObject reply = (JsonObject) runtime.vertx().eventBus()
                .request(Addresses.request("frames", Addresses.VERB_STATUS), new JsonObject()).await(WAIT).body();
        return Result.fromJson(reply).data().getJsonObject("status");
    }

    private ConfigException refused(String codec) {
        return assertThrows(ConfigException.class, () -> start(codec));
    }

    @Test
    void a_bad_codec_setting_is_refused_at_load_with_its_full_path_and_line() {
        assertEquals("processes.frames.config.codec.length: 5 (expected: 1, 2, 3, 4 or 8)  [sockit.yaml line 7]",
                refused("{ type: length-field, length: 5, maxFrame: 1MiB }").getMessage());
        assertEquals("processes.frames.config.codec.maxFrame: 'lots' is not a size (expected: bytes or a number"
                + " with a unit: 65536, 64KiB, 1MiB, 1GiB)  [sockit.yaml line 7]",
                refused("{ type: length-field, maxFrame: lots }").getMessage());
    }

    @Test
    void an_unknown_codec_setting_is_refused_naming_the_known_ones() {
        assertEquals("processes.frames.config.codec.maxLen: unknown key (expected one of: lineEnding, maxLength)"
                + "  [sockit.yaml line 7]", refused("{ type: line, maxLen: 10 }").getMessage());
    }

    @Test
    void an_unknown_codec_is_refused_listing_the_built_in_and_plugin_codecs() {
        assertEquals("processes.frames.config.codec.type: 'lines' is not a known codec (expected one of:"
                + " delimiter, fixed-length, length-field, line, raw, test-star)  [sockit.yaml line 7]",
                refused("lines").getMessage());
        assertEquals("processes.frames.config.codec.type: missing (expected: a codec name such as raw, line or"
                + " length-field)  [sockit.yaml line 7]", refused("{ length: 4 }").getMessage());
    }

    @Test
    void a_plugin_codec_is_found_by_name_and_the_process_gets_it_with_its_defaults() throws Exception {
        start("{ type: test-star, maxLength: 8 }");
        assertEquals(new JsonObject().put("type", "test-star").put("maxLength", 8),
                status().getJsonObject("codec"));
        assertEquals(8, status().getInteger("maxFrame"));
    }

    @Test
    void a_bad_setting_of_a_plugin_codec_is_refused_at_load_too() {
        assertEquals("processes.frames.config.codec.maxLength: 0 (expected: 1-1024)  [sockit.yaml line 7]",
                refused("{ type: test-star, maxLength: 0 }").getMessage());
    }

    @Test
    void a_built_in_codec_reaches_the_process_with_its_defaults_filled_in() throws Exception {
        start("{ type: length-field, length: 2, order: little }");
        assertEquals(new JsonObject("{\"type\":\"length-field\",\"length\":2,\"order\":\"little\",\"offset\":0,"
                + "\"adjustment\":0,\"strip\":2,\"maxFrame\":1048576}"), status().getJsonObject("codec"));
    }
}
