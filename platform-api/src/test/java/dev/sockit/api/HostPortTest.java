package dev.sockit.api;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortTest {

    @Test
    void writes_ipv4_and_names_as_host_colon_port() {
        assertEquals("127.0.0.1:7007", new HostPort("127.0.0.1", 7007).toString());
        assertEquals("localhost:0", new HostPort("localhost", 0).toString());
    }

    @Test
    void writes_ipv6_in_brackets() {
        assertEquals("[::1]:7007", new HostPort("::1", 7007).toString());
        assertEquals("[fe80::1%lo]:53", new HostPort("fe80::1%lo", 53).toString());
    }

    @Test
    void of_writes_an_ipv6_literal_short_and_keeps_its_scope() {
        assertEquals("[::1]:7", HostPort.of("0:0:0:0:0:0:0:1", 7).toString());
        assertEquals("::1", HostPort.of("0000:0000:0000:0000:0000:0000:0000:0001", 7).host());
        assertEquals("2001:db8::1:0:0:1", HostPort.of("2001:DB8:0:0:1:0:0:1", 1).host());
        assertEquals("fe80::1%eth0", HostPort.of("fe80:0:0:0:0:0:0:1%eth0", 1).host());
        assertEquals("::", HostPort.of("0:0:0:0:0:0:0:0", 1).host());
        assertEquals("1:0:2::", HostPort.of("1:0:2:0:0:0:0:0", 1).host());
        assertEquals("10.0.0.1", HostPort.of("10.0.0.1", 1).host());
        assertEquals("example.org", HostPort.of("example.org", 1).host());
    }

    @Test
    void of_a_socket_address_takes_its_ip_short() throws Exception {
        assertEquals("[::1]:80", HostPort.of(new InetSocketAddress(InetAddress.getByName("::1"), 80)).toString());
        assertEquals("127.0.0.1:80", HostPort.of(new InetSocketAddress("127.0.0.1", 80)).toString());
        assertEquals("some.host:9", HostPort.of(InetSocketAddress.createUnresolved("some.host", 9)).toString());
    }

    @Test
    void parse_reads_what_toString_writes() {
        for (HostPort hp : new HostPort[] {new HostPort("127.0.0.1", 1), new HostPort("::1", 65535),
                new HostPort("fe80::1%lo", 5), new HostPort("localhost", 0), new HostPort("::ffff:1.2.3.4", 9)}) {
            assertEquals(hp, HostPort.parse(hp.toString()));
        }
        assertEquals(7007, HostPort.parse("0.0.0.0:7007").port());
        assertTrue(HostPort.parse("[::]:1").isIpv6());
    }

    @Test
    void parse_rejects_text_that_is_no_address_and_says_what_was_expected() {
        for (String bad : new String[] {"", "7007", ":7007", "host:", "::1:7007", "[::1]", "host:70000", "host:-1",
                "host:0x10", "[]:1", "host:123456"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
            assertTrue(e.getMessage().endsWith("is not an address (expected: host:port or [ipv6]:port, such as"
                    + " 127.0.0.1:7007 or [::1]:7007)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(null));
    }

    @Test
    void rejects_a_port_out_of_range_and_a_bracketed_or_empty_host() {
        assertEquals("port: 65536 (expected: 0-65535)",
                assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 65536)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HostPort("[::1]", 1));
        assertThrows(IllegalArgumentException.class, () -> new HostPort("", 1));
        assertThrows(IllegalArgumentException.class, () -> new HostPort(null, 1));
    }

    @Test
    void withPort_keeps_the_host() {
        assertEquals(new HostPort("::1", 4242), new HostPort("::1", 0).withPort(4242));
    }

    @Test
    void ipv6Text_writes_inet_ntop_text_with_mapped_ipv4_dotted() throws Exception {
        assertEquals("::1", HostPort.ipv6Text(InetAddress.getByName("::1").getAddress()));
        assertEquals("fe80::1:2", HostPort.ipv6Text(InetAddress.getByName("fe80:0:0:0:0:0:1:2").getAddress()));
        assertEquals("1::1:0:0:1", HostPort.ipv6Text(InetAddress.getByName("1:0:0:0:1:0:0:1").getAddress()),
                "the first of two equal zero runs becomes ::");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertEquals("::ffff:127.0.0.1", HostPort.ipv6Text(mapped));
        assertThrows(IllegalArgumentException.class, () -> HostPort.ipv6Text(new byte[4]));
    }
}
