package dev.sockit.plugin.eventhandler;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainsTest {

    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    private static FrameChain build(String json) {
        TestProcessContext ctx = new TestProcessContext(vertx, "frames", json);
        return Chains.build(ctx.config(), Chains.kinds(ctx), ctx);
    }

    private static String problem(String json) {
        return assertThrows(ConfigException.class, () -> build(json)).getMessage();
    }

    /** A kind a plugin would contribute: reverses the payload. */
    static class ReverseKind implements FrameHandlerKind<ReverseKind.Config> {
        record Config(Boolean twice) {
        }

        @Override
        public String name() {
            return "reverse";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public FrameHandler create(Config config, ProcessContext<?> process) {
            return (f, p) -> {
                byte[] b = p.getBytes();
                byte[] r = new byte[b.length];
                for (int i = 0; i < b.length; i++) {
                    r[i] = b[b.length - 1 - i];
                }
                return Future.succeededFuture(FrameAction.next(Buffer.buffer(r)));
            };
        }
    }

    @Test
    void builds_the_built_in_handlers_named_in_the_config_in_order() {
        FrameChain chain = build("{'chain': [{'count': {}}, {'log': null}, {'route': 'pool'}, {'respond': 'pong'},"
                + " {'echo': {}}, {'close': {}}]}");
        assertEquals(List.of("count", "log", "route", "respond", "echo", "close"), chain.names());
    }

    @Test
    void a_plugins_handler_is_found_through_the_contexts_extensions() {
        TestProcessContext ctx = new TestProcessContext(vertx, "frames",
                "{'chain': [{'reverse': {}}, {'echo': {}}]}").with(FrameHandlerKind.class, new ReverseKind());
        FrameChain chain = Chains.build(ctx.config(), Chains.kinds(ctx), ctx);
        FrameAction action = chain.run(ctx.frame(1), Buffer.buffer("abc")).await();
        assertEquals("cba", action.payload().toString());
    }

    @Test
    void a_plugin_cannot_replace_a_built_in_handler() {
        FrameHandlerKind<ReverseKind.Config> fakeEcho = new ReverseKind() {
            @Override
            public String name() {
                return "echo";
            }
        };
        TestProcessContext ctx = new TestProcessContext(vertx, "frames", "{'chain': [{'echo': {}}]}")
                .with(FrameHandlerKind.class, fakeEcho);
        Map<String, FrameHandlerKind<?>> kinds = Chains.kinds(ctx);
        assertEquals("EchoKind", kinds.get("echo").getClass().getSimpleName());
    }

    @Test
    void an_unknown_handler_is_named_with_its_path_and_the_known_ones() {
        assertEquals("chain[1]: unknown handler 'upper' (available: close, count, echo, log, respond, route)",
                problem("{'chain': [{'echo': {}}, {'upper': {}}]}"));
    }

    @Test
    void errors_in_a_handlers_config_name_the_path_below_the_entry() {
        assertEquals("chain[1].route: both process and address (expected: a process id such as pool, or"
                        + " { address: ADDRESS } or { process: ID })",
                problem("{'chain': [{'count': {}}, {'route': {'process': 'pool', 'address': 'x'}}]}"));
        assertEquals("chain[0].route: 'Pool Two' is not a process id",
                problem("{'chain': [{'route': 'Pool Two'}]}").replaceAll(" \\(expected.*", ""));
        assertEquals("chain[0].echo.loud: unknown key (expected: no keys)",
                problem("{'chain': [{'echo': {'loud': true}}]}"));
        assertEquals("chain[0].respond: no reply (expected: exactly one of text, base64 and hex)",
                problem("{'chain': [{'respond': {'close': true}}]}"));
        assertEquals("chain[0].respond.hex: 'zz' is not hex (expected: pairs of 0-9a-f, such as 706f6e670a)",
                problem("{'chain': [{'respond': {'hex': 'zz'}}]}"));
        assertEquals("chain[0].log.perSecond: 0 (expected: 1-10000)",
                problem("{'chain': [{'log': {'perSecond': 0}}]}"));
        String timeout = problem("{'chain': [{'route': {'process': 'pool', 'timeout': 'soon'}}]}");
        assertTrue(timeout.startsWith("chain[0].route.timeout: 'soon'"), timeout);
    }

    @Test
    void the_kind_reports_each_route_to_a_process_so_the_runtime_checks_it_exists() {
        EventHandlerConfig config = TestProcessContext.config("{'chain': [{'count': {}}, {'route': 'pool'},"
                + " {'route': {'process': 'other', 'timeout': '1s'}}, {'route': {'address': 'custom.addr'}}]}");
        assertEquals(Map.of("chain[1].route", "pool", "chain[2].route.process", "other"),
                new EventHandlerKind().processReferences(config));
    }

    @Test
    void the_kind_names_its_codec_for_the_runtime_to_check_at_load() {
        EventHandlerConfig config = TestProcessContext.config("{'codec': {'type': 'length-field', 'length': 4},"
                + " 'chain': [{'echo': {}}]}");
        assertEquals(Map.of("codec", config.codec()), new EventHandlerKind().codecs(config));
    }

    /** A plugin's kind whose config has a plain Duration, as a plugin author writes it. */
    static final class DelayKind implements FrameHandlerKind<DelayKind.Config> {
        record Config(java.time.Duration delay) {
        }

        static java.time.Duration seen;

        @Override
        public String name() {
            return "delay";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public FrameHandler create(Config config, ProcessContext<?> process) {
            seen = config.delay();
            return (f, p) -> Future.succeededFuture(FrameAction.next(p));
        }
    }

    @Test
    void handler_configs_bind_durations_in_config_form_and_do_not_coerce_strings_to_numbers() {
        TestProcessContext ctx = new TestProcessContext(vertx, "frames", "{'chain': [{'delay': {'delay': '250ms'}}]}")
                .with(FrameHandlerKind.class, new DelayKind());
        Chains.build(ctx.config(), Chains.kinds(ctx), ctx);
        assertEquals(java.time.Duration.ofMillis(250), DelayKind.seen);
        String problem = problem("{'chain': [{'log': {'perSecond': '5'}}]}");
        assertTrue(problem.startsWith("chain[0].log.perSecond: "), problem);
    }
}
