package dev.sockit.net;

import dev.sockit.api.SocketOptionTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link KernelVerdicts} and {@link BufferVerdict}: the kernel's rules, and one real socket that follows them. */
class KernelVerdictsTest {

    @Test
    void a_buffer_within_the_cap_is_doubled_and_one_above_it_is_capped_then_doubled() {
        BufferVerdict within = KernelVerdicts.buffer(SocketOptionTable.RECEIVE_BUFFER_SIZE, 65536, 131072, 212992,
                true);
        assertTrue(within.asExpected());
        assertFalse(within.capped());
        assertFalse(within.fellShort());
        assertEquals("net.core.rmem_max", within.maxName());

        BufferVerdict above = KernelVerdicts.buffer(SocketOptionTable.SEND_BUFFER_SIZE, 1 << 20, 2 * 212992, 212992,
                true);
        assertTrue(above.capped());
        assertTrue(above.asExpected());
        assertTrue(above.fellShort());
        assertEquals(2 * 212992, above.expected());
        assertEquals("net.core.wmem_max", above.maxName());
    }

    @Test
    void a_tiny_buffer_is_raised_and_an_unknown_cap_predicts_the_doubled_request() {
        BufferVerdict tiny = KernelVerdicts.buffer(SocketOptionTable.RECEIVE_BUFFER_SIZE, 1, 2304, 212992, true);
        assertTrue(tiny.raised());
        BufferVerdict unknown = KernelVerdicts.buffer(SocketOptionTable.RECEIVE_BUFFER_SIZE, 4096, 8192, null, true);
        assertTrue(unknown.asExpected());
        assertFalse(unknown.capped());
        BufferVerdict notDoubling = KernelVerdicts.buffer(SocketOptionTable.RECEIVE_BUFFER_SIZE, 4096, 4096, null,
                false);
        assertTrue(notDoubling.asExpected());
        assertFalse(notDoubling.fellShort());
    }

    @Test
    void only_buffer_sizes_get_a_buffer_verdict() {
        assertThrows(IllegalArgumentException.class, () -> new BufferVerdict(SocketOptionTable.BACKLOG, 1, 1, null,
                true));
    }

    @Test
    void the_backlog_is_capped_at_somaxconn_and_fast_open_needs_bit_2() {
        assertEquals(128, KernelVerdicts.backlog(4096, 128));
        assertEquals(100, KernelVerdicts.backlog(100, 4096));
        assertTrue(KernelVerdicts.fastOpenForServers(3));
        assertFalse(KernelVerdicts.fastOpenForServers(1));
        assertEquals(3, KernelVerdicts.withFastOpenForServers(1));
    }

    @Test
    void the_ecn_bits_of_ip_tos_are_the_kernels() {
        assertTrue(KernelVerdicts.differsInEcnOnly(0x13, 0x10));
        assertFalse(KernelVerdicts.differsInEcnOnly(0x20, 0x10));
        assertEquals(0x10, KernelVerdicts.withoutEcn(0x13));
    }

    @Test
    void a_real_datagram_socket_on_this_linux_host_follows_the_buffer_rules() throws IOException {
        assumeTrue(KernelVerdicts.LINUX, "the rules are Linux's");
        KernelLimits limits = KernelLimits.read(Sysctl.host());
        assumeTrue(limits.rmemMax() != null, "net.core.rmem_max is not readable here");
        int requested = Math.min(65536, limits.rmemMax());
        try (DatagramChannel socket = DatagramChannel.open()) {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, requested);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int read = socket.getOption(StandardSocketOptions.SO_RCVBUF);
            BufferVerdict verdict = KernelVerdicts.buffer(SocketOptionTable.RECEIVE_BUFFER_SIZE, requested,
                    KernelVerdicts.kernelFigureOfJdkRead(read), limits.rmemMax(),
                    KernelVerdicts.kernelDoublesBuffers());
            assertTrue(verdict.asExpected() || verdict.raised(), verdict.toString());
            assertFalse(verdict.fellShort(), verdict.toString());
        }
    }
}
