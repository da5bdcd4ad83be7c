package dev.sockit.plugin.analyzer.proc;

import dev.sockit.api.ConfigException;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.proc.ProcRows.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.sockit.plugin.analyzer.proc.ProcRows.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link LiveHost} on a copy of the captured procfs tree with processes made up around it ({@code fd} links to
 * {@code socket:[inode]}), and on this host's own {@code ss}.
 */
@Timeout(60)
class LiveHostTest {

    private static final long LISTENER_INODE = 566282;

    @TempDir
    Path root;

    private final ParseReport report = new ParseReport();

    @BeforeEach
    void copyFixtureTree() throws IOException {
        Path fixtures = ProcRows.fixtureRoot();
        try (Stream<Path> files = Files.walk(fixtures)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = root.resolve(fixtures.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        process(4711, "nginx", Map.of(3, "socket:[" + LISTENER_INODE + "]", 4, "anon_inode:[eventfd]",
                5, "pipe:[77]", 9, "socket:[567385]"));
        process(4712, "nginx-worker", Map.of(7, "socket:[" + LISTENER_INODE + "]", 8, "socket:[566296]"));
        Files.createDirectories(root.resolve("99"));
    }

    @Test
    void reads_sockets_counters_and_sysctls_of_the_tree() throws IOException {
        List<Row> rows = new ArrayList<>();
        HostFacts facts = new HostFacts();
        new LiveHost(root).read(LiveHost.Query.all(), row -> rows.add(Row.of(row)), facts, report);

        assertEquals(29 + 20 + 2 + 1 + 8, rows.size());
        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        assertEquals("live", report.format());
        assertEquals(8, where(rows, r -> r.proto() == Proto.UNIX).size());
        assertTrue(rows.stream().allMatch(r -> r.pid() == -1), "no owner scan unless asked");
        assertEquals(3, facts.counter("sockstat.TCP.tw"));
        assertEquals(20, facts.counter("sockstat.TCP6.inuse"));
        assertEquals(24169, facts.counter("Udp.RcvbufErrors"));
        assertTrue(facts.hasCounter("TcpExt.ListenOverflows"));
        assertEquals(LiveHost.SYSCTLS.size(), facts.sysctls().size());
        assertEquals("4096", facts.sysctl("net.core.somaxconn"));
        assertEquals("32768\t60999", facts.sysctl("net.ipv4.ip_local_port_range"));
        assertTrue(report.notes().isEmpty(), report.notes()::toString);
    }

    @Test
    void maps_inodes_to_the_lowest_pid_holding_them_with_program_and_fd() throws IOException {
        List<Row> rows = new ArrayList<>();
        new LiveHost(root).readSockets(LiveHost.Query.all().withOwners(true), row -> rows.add(Row.of(row)), report);

        Row listener = where(rows, r -> r.inode() == LISTENER_INODE).get(0);
        assertEquals(4711, listener.pid());
        assertEquals("nginx", listener.program());
        assertEquals(3, listener.fd());
        Row udp = where(rows, r -> r.inode() == 566296).get(0);
        assertEquals(4712, udp.pid());
        assertEquals("nginx-worker", udp.program());
        Row unix = where(rows, r -> r.inode() == 567385).get(0);
        assertEquals(4711, unix.pid());
        assertNull(where(rows, r -> r.inode() == 566286).get(0).program());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("1 of 3 processes could not be read")),
                report.notes()::toString);
    }

    @Test
    void keeps_only_the_sockets_of_a_port_or_of_a_pid() throws IOException {
        List<Row> onPort = new ArrayList<>();
        new LiveHost(root).readSockets(LiveHost.Query.all().withPort(53369), row -> onPort.add(Row.of(row)), report);
        assertEquals(7, onPort.size(), onPort::toString);
        assertTrue(onPort.stream().allMatch(r -> r.onPort(53369)));

        List<Row> ofPid = new ArrayList<>();
        new LiveHost(root).readSockets(LiveHost.Query.all().withPid(4711), row -> ofPid.add(Row.of(row)), report);
        assertEquals(2, ofPid.size(), ofPid::toString);
        assertTrue(ofPid.stream().allMatch(r -> r.pid() == 4711));
    }

    @Test
    void stops_the_owner_scan_at_its_cap_and_says_so() throws IOException {
        Map<Long, LiveHost.SocketOwner> owners = new LiveHost(root).socketOwners(LiveHost.Query.ANY_PID, 2, report);

        assertTrue(owners.size() <= 2);
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("owner scan stopped after 2 fd links")),
                report.notes()::toString);
    }

    @Test
    void notes_and_skips_files_that_are_missing() throws IOException {
        Files.delete(root.resolve("net/tcp6"));
        Files.delete(root.resolve("sys/net/core/somaxconn"));
        List<Row> rows = new ArrayList<>();
        HostFacts facts = new HostFacts();
        new LiveHost(root).read(LiveHost.Query.all(), row -> rows.add(Row.of(row)), facts, report);

        assertEquals(29 + 2 + 1 + 8, rows.size());
        assertNull(facts.sysctl("net.core.somaxconn"));
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("tcp6") && n.contains("skipped")),
                report.notes()::toString);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("net.core.somaxconn")), report.notes()::toString);
    }

    @Test
    void rejects_a_query_out_of_range() {
        assertEquals("port: 70000 (expected: 0-65535)",
                assertThrows(ConfigException.class, () -> LiveHost.Query.all().withPort(70000)).getMessage());
        assertThrows(ConfigException.class, () -> LiveHost.Query.all().withPid(-2));
        assertThrows(ConfigException.class, () -> LiveHost.Query.all().withMaxFds(0));
    }

    @Test
    void ss_lists_a_listener_of_ours_and_exits() throws IOException {
        assumeTrue(LiveHost.ssInstalled(), "ss (iproute2) is not installed");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 4);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            StringBuilder out = new StringBuilder();

            int exit = LiveHost.ss(Duration.ofSeconds(10),
                    in -> out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)));

            assertEquals(0, exit);
            assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("tcp") && l.contains("LISTEN")
                    && l.contains("127.0.0.1:" + port + " ")), out::toString);
        }
    }

    @Test
    void ss_is_stopped_when_the_reader_fails() {
        assumeTrue(LiveHost.ssInstalled(), "ss (iproute2) is not installed");
        IOException e = assertThrows(IOException.class, () -> LiveHost.ss(Duration.ofSeconds(10), in -> {
            throw new IOException("reader gave up");
        }));
        assertEquals("reader gave up", e.getMessage());
    }

    private void process(long pid, String comm, Map<Integer, String> fds) throws IOException {
        Path dir = Files.createDirectories(root.resolve(Long.toString(pid)).resolve("fd"));
        Files.writeString(dir.getParent().resolve("comm"), comm + "\n");
        for (Map.Entry<Integer, String> fd : fds.entrySet()) {
            Files.createSymbolicLink(dir.resolve(Integer.toString(fd.getKey())), Path.of(fd.getValue()));
        }
    }
}
