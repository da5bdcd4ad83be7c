package dev.sockit.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link ProcFds} on a /proc tree built of real symbolic links, and on this host. */
class ProcFdsTest {

    @Test
    void finds_the_sockets_each_process_holds_in_pid_order(@TempDir Path proc) throws IOException {
        process(proc, 300, "nginx", "socket:[42]", "/dev/null", "socket:[43]");
        process(proc, 20, "java", "pipe:[7]", "socket:[44]");
        Files.createDirectories(proc.resolve("self"));
        ProcFds fds = ProcFds.at(proc);
        assertEquals(List.of(20L, 300L), fds.pids());
        List<String> seen = new ArrayList<>();
        ProcFds.Scan scan = fds.sockets(fds.pids(), 100, (pid, fd, inode) -> seen.add(pid + "/" + fd + "=" + inode));
        assertEquals(List.of("20/1=44", "300/0=42", "300/2=43"), sorted(seen));
        assertEquals(new ProcFds.Scan(0, false, false), scan);
        assertEquals(300, fds.pidHolding(43, 100));
        assertEquals(-1, fds.pidHolding(99, 100));
        assertEquals("nginx", fds.program(300));
        assertNull(fds.program(999));
    }

    @Test
    void stops_at_its_cap_of_fd_links_and_counts_processes_it_cannot_read(@TempDir Path proc) throws IOException {
        process(proc, 1, "a", "socket:[1]", "socket:[2]", "socket:[3]");
        Files.createDirectories(proc.resolve("2"));
        ProcFds fds = ProcFds.at(proc);
        assertTrue(fds.sockets(fds.pids(), 2, (pid, fd, inode) -> true).stoppedAtMax());
        ProcFds.Scan all = fds.sockets(fds.pids(), 100, (pid, fd, inode) -> true);
        assertFalse(all.stoppedAtMax());
        assertEquals(1, all.unreadable(), "pid 2 has no fd directory");
    }

    @Test
    void finds_this_jvm_as_the_holder_of_its_listener() throws IOException {
        assumeTrue(Files.isReadable(ProcFds.PROC.resolve("self/fd")), "no /proc here");
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long inode = PortChecker.host().holderInode(dev.sockit.api.Protocol.TCP, held.getLocalPort());
            assertTrue(inode > 0);
            long self = ProcessHandle.current().pid();
            assertEquals(self, ProcFds.host().pidHolding(inode, PortChecker.MAX_FDS));
            assertEquals("java", ProcFds.host().program(self));
        }
    }

    private static void process(Path proc, long pid, String comm, String... links) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("fd"));
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("comm"), comm + "\n");
        for (int fd = 0; fd < links.length; fd++) {
            Files.createSymbolicLink(dir.resolve(Integer.toString(fd)), Path.of(links[fd]));
        }
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }
}
