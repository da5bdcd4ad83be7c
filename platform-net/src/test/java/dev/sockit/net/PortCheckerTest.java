package dev.sockit.net;

import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Port checks against real sockets on loopback and the live /proc. */
class PortCheckerTest {

    private final PortChecker checker = PortChecker.host();

    @Test
    void a_tcp_port_held_by_this_jvm_is_in_use_by_another_process_of_this_runtime() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            PortCheck check = checker.check(Protocol.TCP, "127.0.0.1", port);
            assertFalse(check.free());
            assertEquals(ProcessHandle.current().pid(), check.pid());
            assertEquals("java", check.program());
            // Never "stop pid <our own>": the holder is a process of this runtime.
            assertEquals("tcp port " + port + " on 127.0.0.1 is already in use (another process of this runtime)",
                    check.message());
            assertEquals("Choose another port: another process of this runtime uses it", check.recommendation());
        }
    }

    @Test
    void a_udp_port_held_by_this_jvm_is_in_use_by_another_process_of_this_runtime() throws IOException {
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            PortCheck check = checker.check(Protocol.UDP, "127.0.0.1", held.getLocalPort());
            assertFalse(check.free());
            assertEquals(ProcessHandle.current().pid(), check.pid());
            assertEquals("udp port " + held.getLocalPort() + " on 127.0.0.1 is already in use (another process of"
                    + " this runtime)", check.message());
            assertFalse(check.recommendation().contains("stop pid"), check.recommendation());
        }
    }

    @Test
    void a_port_nobody_holds_is_free_and_port_zero_always_is() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertTrue(checker.check(Protocol.TCP, "127.0.0.1", port).free());
        assertTrue(checker.check(Protocol.TCP, "127.0.0.1", 0).free());
    }

    @Test
    void reads_the_inode_of_a_listening_row_and_skips_other_states_and_ports(@TempDir Path proc) throws IOException {
        String listen = "   0: 0100007F:1B5F 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 "
                + "123456 1 0000000000000000 100 0 0 10 0";
        String established = "   1: 0100007F:1B5F 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000  "
                + "      0 654321 1 0000000000000000 20 4 30 10 -1";
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
                + " inode";
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), header + "\n" + established + "\n" + listen + "\n");
        PortChecker fixture = PortChecker.at(proc);
        assertEquals(123456, fixture.holderInode(Protocol.TCP, 7007));
        assertEquals(-1, fixture.holderInode(Protocol.TCP, 7008));
        Files.writeString(proc.resolve("net/tcp"), header + "\n" + established + "\n");
        assertEquals(-1, fixture.holderInode(Protocol.TCP, 7007), "an established row holds no listening port");
        assertEquals(-1, PortChecker.at(proc.resolve("missing")).holderInode(Protocol.TCP, 7007));
    }

    @Test
    void finds_the_inode_of_a_live_listener_in_this_hosts_table() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long inode = checker.holderInode(Protocol.TCP, held.getLocalPort());
            assertTrue(inode > 0, "inode " + inode);
            assertEquals(ProcessHandle.current().pid(), ProcFds.host().pidHolding(inode, 1_000_000));
        }
    }
}
