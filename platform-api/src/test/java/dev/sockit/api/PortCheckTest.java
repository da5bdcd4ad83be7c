package dev.sockit.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sentences a port check gives people, for each thing that can be known about the holder. */
class PortCheckTest {

    @Test
    void a_free_port_says_so_and_recommends_nothing() {
        PortCheck c = PortCheck.free(Protocol.TCP, "127.0.0.1", 7007);
        assertEquals("tcp port 7007 on 127.0.0.1 is free", c.message());
        assertEquals("", c.recommendation());
        assertEquals("127.0.0.1:7007", c.address());
    }

    @Test
    void a_held_port_names_the_pid_and_program_and_recommends_stopping_it() {
        PortCheck c = new PortCheck(Protocol.TCP, "127.0.0.1", 7007, false, 4711, "java", "");
        assertEquals("tcp port 7007 on 127.0.0.1 is already in use (pid 4711, java)", c.message());
        assertEquals("Choose another port, or stop pid 4711 (java) and start again", c.recommendation());
    }

    @Test
    void a_holder_known_by_pid_only_is_named_by_pid() {
        PortCheck c = new PortCheck(Protocol.UDP, "0.0.0.0", 5353, false, 99, null, null);
        assertEquals("udp port 5353 on 0.0.0.0 is already in use (pid 99)", c.message());
        assertEquals("Choose another port, or stop pid 99 and start again", c.recommendation());
    }

    @Test
    void an_unknown_holder_gives_the_kernel_detail_and_how_to_find_it() {
        PortCheck c = new PortCheck(Protocol.TCP, "::1", 8080, false, -1, "", "Address already in use");
        assertEquals("tcp port 8080 on ::1 is already in use (Address already in use)", c.message());
        assertEquals("Choose another port, or find the holder with 'ss -ltnp sport = :8080' and start again",
                c.recommendation());
        assertEquals("[::1]:8080", c.address());
    }

    @Test
    void with_nothing_known_it_says_only_that_the_port_is_in_use() {
        PortCheck c = new PortCheck(Protocol.TCP, "127.0.0.1", 1, false, -1, null, null);
        assertEquals("tcp port 1 on 127.0.0.1 is already in use", c.message());
        assertEquals("", c.program());
        assertEquals("", c.detail());
    }
}
