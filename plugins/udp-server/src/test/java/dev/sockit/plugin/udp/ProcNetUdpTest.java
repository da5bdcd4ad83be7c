package dev.sockit.plugin.udp;

import dev.sockit.net.ProcAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcNetUdpTest {

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private static final String HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode ref pointer drops\n";
    private static final String HEADER6 = "  sl  local_address                         remote_address"
            + "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer"
            + " drops\n";

    @Test
    void prints_addresses_as_the_tables_do_on_a_little_endian_host() throws IOException {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "a big-endian host prints them unswapped");
        assertEquals("0100007F", ProcAddresses.hex(InetAddress.getByName("127.0.0.1"), NATIVE));
        assertEquals("00000000", ProcAddresses.hex(InetAddress.getByName("0.0.0.0"), NATIVE));
        assertEquals("00000000000000000000000001000000", ProcAddresses.hex(InetAddress.getByName("::1"), NATIVE));
        assertEquals("0000000000000000FFFF00000100007F",
                ProcAddresses.hex(ProcAddresses.mapped(InetAddress.getByName("127.0.0.1")), NATIVE));
    }

    @Test
    void sums_drops_and_queues_of_the_sockets_on_the_address_and_port() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        String local = ProcAddresses.hex(loopback, NATIVE);
        String table = HEADER
                + row(8322, local + ":1F90", "00000000:00000200", 3)
                + row(8323, local + ":1F90", "00000000:00000100", 4)
                + row(8324, local + ":1F91", "00000000:00000000", 100)
                + row(8325, ProcAddresses.hex(InetAddress.getByName("0.0.0.0"), NATIVE) + ":1F90", "00000000:00000000",
                        50);
        ProcNetUdp.Sample sample = ProcNetUdp.parse(table, loopback, 8080);
        assertEquals(new ProcNetUdp.Sample(2, 7, 0x300), sample);
        assertEquals(new ProcNetUdp.Sample(0, 0, 0), ProcNetUdp.parse(table, loopback, 9090));
    }

    @Test
    void finds_an_IPv4_socket_in_either_table_and_is_silent_without_proc(@TempDir Path proc) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertNull(ProcNetUdp.read(proc, loopback, 8080));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/udp"), HEADER + row(1, ProcAddresses.hex(loopback, NATIVE) + ":1F90",
                "00000000:00000000", 2));
        Files.writeString(proc.resolve("net/udp6"), HEADER6
                + row(2, ProcAddresses.hex(ProcAddresses.mapped(loopback), NATIVE) + ":1F90", "00000000:00000000", 5));
        assertEquals(new ProcNetUdp.Sample(2, 7, 0), ProcNetUdp.read(proc, loopback, 8080));
        assertEquals(new ProcNetUdp.Sample(0, 0, 0), ProcNetUdp.read(proc, InetAddress.getByName("::1"), 8080));
    }

    private static String row(int sl, String local, String queues, long drops) {
        return String.format(" %d: %s 00000000:0000 07 %s 00:00000000 00000000     0        0 18%d 2"
                + " 00000000888ec36e %d\n", sl, local, queues, sl, drops);
    }
}
