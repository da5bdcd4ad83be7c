package dev.sockit.plugin.udp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Addresses in audit lines and status read the same whether they come from the config or from a socket. */
class UdpAddressFormatTest {

    @Test
    void writes_an_IPv6_host_from_the_config_in_the_short_form_a_socket_address_has() throws Exception {
        InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName("::1"), 7);
        assertEquals("[::1]:7", UdpServerProcess.format(bound));
        assertEquals("[::1]:7", UdpServerProcess.format("0:0:0:0:0:0:0:1", 7));
        assertEquals("[::1]:7", UdpServerProcess.format("::1", 7));
        assertEquals("[2001:db8::1]:53", UdpServerProcess.format("2001:DB8:0:0:0:0:0:1", 53));
        assertEquals("127.0.0.1:7", UdpServerProcess.format("127.0.0.1", 7));
    }
}
