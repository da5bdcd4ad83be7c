package dev.sockit.plugin.analyzer.proc;

import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.net.ProcFds;
import dev.sockit.net.Sysctl;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketSink;
import dev.sockit.plugin.analyzer.model.TcpState;
import dev.sockit.plugin.analyzer.parse.InputParser;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sockets, counters and sysctls of the host this runs on, read from {@code /proc} (or from a copy of it under
 * another root, for tests and for a tree captured elsewhere) through the {@code /proc} parsers. Needs nothing
 * installed; {@link #ss} offers {@code ss}' view where it is installed. Blocking file I/O: call it off the event loop.
 *
 * <p>Sockets come from {@code net/tcp}, {@code tcp6}, {@code udp}, {@code udp6} and {@code unix}, counters from
 * {@code net/sockstat}, {@code sockstat6}, {@code snmp} and {@code netstat}, sysctls ({@link #SYSCTLS}) from
 * {@code sys/}. A file that is missing or unreadable is noted in the report and skipped. The owner (pid, program,
 * fd) of each socket is found only when the {@link Query} asks for it, by reading every {@code <pid>/fd} link:
 * processes that cannot be read are skipped and the scan stops after {@link Query#maxFds()} links.
 *
 * <p>{@code /proc/net} shows the network namespace of the reading process: in a container, the container's sockets.
 */
public final class LiveHost {

    /** Where the kernel mounts procfs. */
    public static final Path DEFAULT_PROC_ROOT = Path.of("/proc");

    /** The sysctls read into {@link HostFacts}, by their dotted names. */
    public static final List<String> SYSCTLS = List.of(
            "net.ipv4.ip_local_port_range", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_tw_reuse",
            "net.ipv4.tcp_max_tw_buckets", "net.ipv4.tcp_max_syn_backlog", "net.ipv4.tcp_syncookies",
            "net.core.somaxconn", "net.core.rmem_max", "net.core.wmem_max", "net.core.rmem_default",
            "net.core.wmem_default", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.tcp_mem",
            "net.ipv4.udp_mem", "net.ipv4.tcp_max_orphans", "net.ipv4.tcp_orphan_retries",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_moderate_rcvbuf", "net.core.netdev_max_backlog");

    /** The {@code ss} command line {@link #ss} runs: TCP and UDP, numeric, processes, memory, info, extended, timers. */
    public static final List<String> SS_COMMAND = List.of("ss", "-tuanpmieo");

    /** The longest {@link #ss} may be given. */
    public static final Duration MAX_SS_TIMEOUT = Duration.ofMinutes(5);

    /**
     * What to read and which sockets to keep.
     *
     * @param port    keep sockets whose local or remote port is this one; {@link #ANY_PORT} for all (unix sockets
     *                have no port and are left out when a port is given)
     * @param pid     keep sockets this process holds; {@link #ANY_PID} for all
     * @param owners  find the pid, program and fd of each socket (costly on a busy host; implied by a pid)
     * @param maxFds  how many {@code /proc/<pid>/fd} links the owner scan reads at most
     */
    public record Query(int port, long pid, boolean owners, int maxFds) {

        /** {@link #port()} for every port. */
        public static final int ANY_PORT = 0;
        /** {@link #pid()} for every process. */
        public static final long ANY_PID = -1;
        /** The default {@link #maxFds()}. */
        public static final int DEFAULT_MAX_FDS = 100_000;

        /** Checks the ranges: a port of 0-65535, a pid of -1 or more, 1 to 10,000,000 fds. */
        public Query {
            Checks.inRange(port, 0, 65535, "port");
            if (pid < ANY_PID) {
                throw new ConfigException("pid", pid + " (expected: -1 for any, or a pid)");
            }
            Checks.inRange(maxFds, 1, 10_000_000, "maxFds");
        }

        /** Every socket, without owners. */
        public static Query all() {
            return new Query(ANY_PORT, ANY_PID, false, DEFAULT_MAX_FDS);
        }

        /** This query for sockets on {@code port} only. */
        public Query withPort(int port) {
            return new Query(port, pid, owners, maxFds);
        }

        /** This query for sockets held by {@code pid} only. */
        public Query withPid(long pid) {
            return new Query(port, pid, owners, maxFds);
        }

        /** This query with or without the owner scan. */
        public Query withOwners(boolean owners) {
            return new Query(port, pid, owners, maxFds);
        }

        /** This query with another cap on the fd links scanned. */
        public Query withMaxFds(int maxFds) {
            return new Query(port, pid, owners, maxFds);
        }
    }

    /** The process that holds a socket, found through {@code /proc/<pid>/fd/<fd> -> socket:[inode]}. */
    public record SocketOwner(long pid, String program, long fd) {
    }

    /** Reads what {@code ss} prints; {@link #ss} hands it the process' standard output. */
    @FunctionalInterface
    public interface OutputReader {

        /** Reads {@code out}, to its end or as far as it needs. */
        void read(InputStream out) throws IOException;
    }

    private final Path procRoot;
    private final ByteOrder order;
    private final ProcFds fds;

    /** The host this JVM runs on, through {@link #DEFAULT_PROC_ROOT}. */
    public LiveHost() {
        this(DEFAULT_PROC_ROOT);
    }

    /** The host whose procfs is at (or was copied to) {@code procRoot}, read in this machine's byte order. */
    public LiveHost(Path procRoot) {
        this.procRoot = Checks.notNull(procRoot, "procRoot");
        this.order = ByteOrder.nativeOrder();
        this.fds = ProcFds.at(procRoot);
    }

    /** The procfs root read. */
    public Path procRoot() {
        return procRoot;
    }

    /** Reads the sockets the query keeps into {@code sink}, and every counter and sysctl into {@code facts}. */
    public void read(Query query, SocketSink sink, HostFacts facts, ParseReport report) throws IOException {
        if (report.format() == null) {
            report.format("live");
        }
        readSockets(query, sink, report, true);
        readCounters(facts, report);
        readSysctls(facts, report);
    }

    /** Reads the TCP, UDP and unix sockets the query keeps into {@code sink}, with their owners when asked. */
    public void readSockets(Query query, SocketSink sink, ParseReport report) throws IOException {
        readSockets(query, sink, report, false);
    }

    /**
     * {@link #readSockets}, with {@code backlogs}: the listeners' backlogs from {@code ss -Hltn} too (one more
     * process per look, so only for the full analysis, not for each sample of a watch).
     */
    private void readSockets(Query query, SocketSink sink, ParseReport report, boolean backlogs) throws IOException {
        Map<Long, SocketOwner> owners = query.owners() || query.pid() != Query.ANY_PID
                ? socketOwners(query.pid(), query.maxFds(), report) : Map.of();
        // the live kernel's listener backlogs, which /proc does not show, when this is the live kernel's /proc
        Map<Integer, Long> limits = backlogs && procRoot.equals(DEFAULT_PROC_ROOT) ? ListenBacklogs.read(report)
                : Map.of();
        SocketSink filtered = row -> {
            if (row.state == TcpState.LISTEN && row.sendQ <= 0) {
                Long backlog = limits.get(row.localPort);
                if (backlog != null) {
                    row.sendQ = backlog;
                }
            }
            if (!owners.isEmpty()) {
                SocketOwner owner = owners.get(row.inode);
                if (owner != null) {
                    row.pid = owner.pid();
                    row.program = owner.program();
                    row.fd = owner.fd();
                }
            }
            if (query.port() != Query.ANY_PORT && row.localPort != query.port() && row.remotePort != query.port()) {
                return;
            }
            if (query.pid() != Query.ANY_PID && row.pid != query.pid()) {
                return;
            }
            sink.accept(row);
        };
        InputParser tcp = new ProcNetTcpParser(order);
        InputParser udp = new ProcNetUdpParser(order);
        HostFacts none = new HostFacts();
        parse(tcp, "net/tcp", filtered, none, report);
        parse(tcp, "net/tcp6", filtered, none, report);
        parse(udp, "net/udp", filtered, none, report);
        parse(udp, "net/udp6", filtered, none, report);
        if (query.port() == Query.ANY_PORT) {
            parse(new ProcNetUnixParser(), "net/unix", filtered, none, report);
        }
    }

    /** Reads the counters of {@code net/sockstat}, {@code sockstat6}, {@code snmp} and {@code netstat}. */
    public void readCounters(HostFacts facts, ParseReport report) throws IOException {
        SocketSink none = row -> { };
        InputParser sockstat = new ProcSockstatParser();
        InputParser snmp = new ProcSnmpParser();
        parse(sockstat, "net/sockstat", none, facts, report);
        parse(sockstat, "net/sockstat6", none, facts, report);
        parse(snmp, "net/snmp", none, facts, report);
        parse(snmp, "net/netstat", none, facts, report);
    }

    /** Reads the {@link #SYSCTLS} from {@code sys/}; those that are missing are named in one note. */
    public void readSysctls(HostFacts facts, ParseReport report) throws IOException {
        List<String> missing = new ArrayList<>();
        Sysctl sysctl = Sysctl.at(procRoot.resolve("sys"));
        for (String key : SYSCTLS) {
            String value = sysctl.text(key);
            if (value == null) {
                missing.add(key);
            } else {
                facts.sysctl(key, value);
            }
        }
        if (!missing.isEmpty()) {
            report.note("sysctls not readable under " + procRoot.resolve("sys") + ": " + String.join(", ", missing));
        }
    }

    /**
     * The owner of every socket inode that a process holds: of process {@code pid} only, or of all when it is
     * {@link Query#ANY_PID}. Processes that cannot be read (gone, or not ours) are skipped and counted in a note;
     * the scan stops after {@code maxFds} fd links, with a note. Of two processes holding one socket (after a
     * fork), the lower pid is kept.
     */
    public Map<Long, SocketOwner> socketOwners(long pid, int maxFds, ParseReport report) throws IOException {
        Map<Long, SocketOwner> owners = new HashMap<>();
        List<Long> pids = pid == Query.ANY_PID ? fds.pids() : List.of(pid);
        Map<Long, String> programs = new HashMap<>();
        ProcFds.Scan scan = fds.sockets(pids, maxFds, (p, fd, inode) -> {
            if (!owners.containsKey(inode)) {
                owners.put(inode, new SocketOwner(p, programs.computeIfAbsent(p, fds::program), fd));
            }
            return true;
        });
        if (scan.stoppedAtMax()) {
            report.note("owner scan stopped after " + maxFds + " fd links; later processes show no pid");
        } else if (scan.unreadable() > 0) {
            report.note(scan.unreadable() + " of " + pids.size() + " processes could not be read (gone, or not"
                    + " permitted); their sockets show no pid");
        }
        return owners;
    }

    /** True when an executable {@code ss} is on the {@code PATH}. */
    public static boolean ssInstalled() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ss"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@link #SS_COMMAND} and hands its output to {@code reader}; returns {@code ss}' exit code. The process
     * is killed when it runs longer than {@code timeout} (then this throws), or when the reader throws or stops
     * reading early: it never outlives the call.
     */
    public static int ss(Duration timeout, OutputReader reader) throws IOException {
        Checks.inRangeOrNull(Checks.notNull(timeout, "timeout"), Duration.ofMillis(1), MAX_SS_TIMEOUT, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process = new ProcessBuilder(SS_COMMAND).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    killed.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sockit-ss-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            process.getOutputStream().close();
            try (InputStream out = process.getInputStream()) {
                reader.read(out);
            }
            long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                killed.set(true);
            }
            if (killed.get()) {
                throw new IOException("ss did not finish within " + timeout.toMillis() + " ms");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ss", e);
        } finally {
            process.destroyForcibly();
            watchdog.interrupt();
        }
    }

    private void parse(InputParser parser, String file, SocketSink sink, HostFacts facts, ParseReport report)
            throws IOException {
        Path path = procRoot.resolve(file);
        try (InputStream in = Files.newInputStream(path)) {
            parser.parse(in, sink, facts, report);
        } catch (NoSuchFileException | AccessDeniedException e) {
            report.note(path + " not readable (" + e.getClass().getSimpleName() + "), skipped");
        }
    }
}
