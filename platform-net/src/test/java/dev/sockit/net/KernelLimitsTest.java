package dev.sockit.net;

import dev.sockit.api.SocketOptionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link KernelLimits} read from a {@code /proc/sys} tree through {@link Sysctl}. */
class KernelLimitsTest {

    @Test
    void reads_every_limit_from_a_proc_sys_tree(@TempDir Path procSys) throws IOException {
        write(procSys, "net/core/rmem_max", "4194304\n");
        write(procSys, "net/core/wmem_max", "212992\n");
        write(procSys, "net/core/somaxconn", "4096\n");
        write(procSys, "net/ipv4/tcp_rmem", "4096\t131072\t33554432\n");
        write(procSys, "net/ipv4/tcp_wmem", "4096 16384 4194304\n");
        write(procSys, "net/ipv4/tcp_fastopen", "3\n");
        KernelLimits limits = KernelLimits.read(Sysctl.at(procSys));
        assertEquals(new KernelLimits(4194304, 212992, 4096, new KernelLimits.TcpMem(4096, 131072, 33554432),
                new KernelLimits.TcpMem(4096, 16384, 4194304), 3), limits);
        assertTrue(limits.fastOpenForServers());
        assertEquals(4096, limits.toJson().getInteger("net.core.somaxconn"));
        assertEquals(33554432, limits.toJson().getJsonArray("net.ipv4.tcp_rmem").getInteger(2));
    }

    @Test
    void a_missing_or_garbled_file_leaves_its_limit_unknown(@TempDir Path procSys) throws IOException {
        write(procSys, "net/core/somaxconn", "many\n");
        write(procSys, "net/ipv4/tcp_rmem", "4096 131072\n");
        write(procSys, "net/ipv4/tcp_fastopen", "1\n");
        KernelLimits limits = KernelLimits.read(Sysctl.at(procSys));
        assertNull(limits.rmemMax());
        assertNull(limits.somaxconn());
        assertNull(limits.tcpRmem());
        assertFalse(limits.fastOpenForServers());
        assertFalse(limits.toJson().containsKey("net.core.somaxconn"));
    }

    @Test
    void reads_the_whole_value_of_a_sysctl_of_this_host_which_answers_only_the_first_read() throws IOException {
        Path somaxconn = Sysctl.PROC_SYS.resolve("net/core/somaxconn");
        assumeTrue(Files.isReadable(somaxconn), "no " + somaxconn);
        KernelLimits limits = KernelLimits.read(Sysctl.host());
        try (InputStream in = Files.newInputStream(somaxconn)) {
            byte[] once = new byte[64];
            int n = in.read(once);
            assertEquals(Integer.parseInt(new String(once, 0, n, StandardCharsets.US_ASCII).trim()),
                    limits.somaxconn());
        }
    }

    @Test
    void reads_the_same_limits_from_text_already_read_as_from_proc_sys(@TempDir Path procSys) throws IOException {
        write(procSys, "net/core/rmem_max", "4194304\n");
        write(procSys, "net/ipv4/tcp_wmem", "4096 16384 4194304\n");
        write(procSys, "net/ipv4/tcp_fastopen", "1\n");
        Sysctl sysctl = Sysctl.at(procSys);
        assertEquals(KernelLimits.read(sysctl), KernelLimits.of(sysctl::text));
    }

    @Test
    void names_the_sysctls_that_cap_each_buffer_option() {
        KernelLimits limits = new KernelLimits(4194304, 212992, 4096, new KernelLimits.TcpMem(1, 2, 3),
                new KernelLimits.TcpMem(4, 5, 6), 1);
        assertEquals("net.core.rmem_max", KernelLimits.bufferMaxName(SocketOptionTable.RECEIVE_BUFFER_SIZE));
        assertEquals("net.ipv4.tcp_wmem", KernelLimits.tcpMemName(SocketOptionTable.SEND_BUFFER_SIZE));
        assertEquals(212992, limits.bufferMax(SocketOptionTable.SEND_BUFFER_SIZE));
        assertEquals(3, limits.tcpMem(SocketOptionTable.RECEIVE_BUFFER_SIZE).max());
        assertThrows(IllegalArgumentException.class, () -> KernelLimits.bufferMaxName(SocketOptionTable.BACKLOG));
        assertFalse(limits.fastOpenForServers());
        assertNull(KernelLimits.UNKNOWN.fastOpenForServers());
    }

    @Test
    void reads_rmem_max_whole_and_leaves_it_unknown_when_absent(@TempDir Path procSys) throws IOException {
        assertNull(KernelLimits.read(Sysctl.at(procSys)).rmemMax());
        write(procSys, "net/core/rmem_max", "4194304\n");
        assertEquals(4194304, KernelLimits.read(Sysctl.at(procSys)).rmemMax());
    }

    @Test
    void reads_the_live_rmem_max_whole_where_there_is_one() {
        Integer live = KernelLimits.read(Sysctl.host()).rmemMax();
        assumeTrue(live != null, "no /proc/sys here");
        // A sysctl file read a byte at a time yields only its first digit; no real limit is below 4 KiB.
        assertTrue(live >= 4096, "rmem_max read as " + live);
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
