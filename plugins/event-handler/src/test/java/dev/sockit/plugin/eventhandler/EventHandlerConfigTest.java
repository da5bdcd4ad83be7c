package dev.sockit.plugin.eventhandler;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.CodecSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventHandlerConfigTest {

    private static String problem(String json) {
        Throwable t = assertThrows(Exception.class, () -> TestProcessContext.config(json));
        while (!(t instanceof ConfigException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Test
    void only_the_chain_is_required_and_the_rest_has_the_documented_defaults() {
        EventHandlerConfig c = TestProcessContext.config("{'chain': [{'echo': {}}]}");
        assertEquals(CodecSpec.of("raw"), c.codec());
        assertEquals(EventHandlerConfig.OnError.CLOSE, c.onError());
        assertEquals(64, c.maxInFlight());
        assertEquals(Duration.ofSeconds(5), c.routeTimeout());
        assertEquals("echo", c.handlerName(0));
    }

    @Test
    void binds_the_issues_example() {
        EventHandlerConfig c = TestProcessContext.config("{'codec': {'type': 'length-field', 'length': 4,"
                + " 'maxFrame': '1MiB'}, 'chain': [{'route': 'pool'}], 'onError': 'reply', 'maxInFlight': 8,"
                + " 'routeTimeout': '250ms'}");
        assertEquals("length-field", c.codec().type());
        assertEquals(4, c.codec().settings().get("length").asInt());
        assertEquals(EventHandlerConfig.OnError.REPLY, c.onError());
        assertEquals(8, c.maxInFlight());
        assertEquals(Duration.ofMillis(250), c.routeTimeout());
        assertEquals("pool", c.handlerConfig(0).asText());
    }

    @Test
    void refuses_a_missing_or_empty_chain_and_entries_that_are_not_one_handler() {
        assertEquals("chain: missing (expected: a list of handlers such as [ { echo: {} } ] or [ { route: pool } ])",
                problem("{}"));
        assertEquals("chain: empty (expected: a list of handlers such as [ { echo: {} } ] or [ { route: pool } ])",
                problem("{'chain': []}"));
        assertEquals("chain[1]: '{\"echo\":{},\"count\":{}}' is not a handler (expected: a map of one key, the"
                        + " handler's name, such as { echo: {} } or { respond: \"pong\\n\" })",
                problem("{'chain': [{'echo': {}}, {'echo': {}, 'count': {}}]}"));
    }

    @Test
    void refuses_max_in_flight_outside_the_contracts_bounds() {
        assertEquals("maxInFlight: 0 (expected: 1-1024)",
                problem("{'chain': [{'echo': {}}], 'maxInFlight': 0}"));
        assertEquals("maxInFlight: 1025 (expected: 1-1024)",
                problem("{'chain': [{'echo': {}}], 'maxInFlight': 1025}"));
    }
}
