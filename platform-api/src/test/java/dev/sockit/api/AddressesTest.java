package dev.sockit.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The address rule: a node-local short form and a node-qualified form of every address. */
class AddressesTest {

    @Test
    void short_forms_name_the_process_and_the_verb() {
        assertEquals("sockit.echo.status", Addresses.request("echo", Addresses.VERB_STATUS));
        assertEquals("sockit.events.echo", Addresses.events("echo"));
    }

    @Test
    void node_qualified_forms_put_the_node_after_the_prefix() {
        assertEquals("sockit.@node-2.echo.status", Addresses.nodeRequest("node-2", "echo", "status"));
        assertEquals("sockit.@node-2.events.echo", Addresses.nodeEvents("node-2", "echo"));
        assertEquals("sockit.@local.runtime.processes", Addresses.onNode(Addresses.LOCAL_NODE,
                Addresses.RUNTIME_PROCESSES));
    }

    @Test
    void a_node_id_is_one_part_of_an_address() {
        assertEquals("node_1", Addresses.checkNodeId("node_1"));
        for (String bad : new String[] {"", "Node", "a.b", "-a", "@a", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class, () -> Addresses.checkNodeId(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Addresses.checkNodeId(null));
    }

    @Test
    void only_a_short_sockit_address_gets_a_node() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Addresses.onNode("n1", "sockit.@n2.echo.status"));
        assertEquals("address 'sockit.@n2.echo.status' (expected: a short sockit address, sockit.<id>.<verb> or "
                + "sockit.events.<id>)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Addresses.onNode("n1", "other.echo"));
    }

    @Test
    void a_verb_name_must_fit_in_an_address() {
        assertEquals("sockit.echo.say-hello", Verb.of("say-hello", String.class).address("echo"));
        assertThrows(IllegalArgumentException.class, () -> Verb.of("say.hello", String.class));
        assertThrows(IllegalArgumentException.class, () -> Verb.of("Hello", String.class));
    }
}
