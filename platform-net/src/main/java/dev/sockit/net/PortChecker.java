package dev.sockit.net;

import dev.sockit.api.PortCheck;
import dev.sockit.api.PortInUseException;
import dev.sockit.api.Protocol;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether a port can be bound, as the operating system says: a bind for a moment (with SO_REUSEADDR, as the
 * servers bind); when the port is taken, the holder is found on Linux: the socket's inode from
 * {@code /proc/net/tcp*} (a listener) or {@code /proc/net/udp*} (any socket) through {@link ProcNetTable}, then the
 * process whose {@code /proc/<pid>/fd} links to it through {@link ProcFds}. A holder whose pid is this JVM's is
 * reported as a process of this runtime ({@link PortCheck#heldByThisRuntime()}). Blocks: run it off the event
 * loop ({@code ProcessContext.checkPort} does).
 */
public final class PortChecker {

    /** The most fd links read when looking for the holder. */
    static final int MAX_FDS = 1_000_000;

    private static final PortChecker HOST = new PortChecker(ProcFds.PROC);

    private final Path proc;
    private final ProcFds fds;

    private PortChecker(Path proc) {
        this.proc = proc;
        this.fds = ProcFds.at(proc);
    }

    /** A checker on this host's {@code /proc}. */
    public static PortChecker host() {
        return HOST;
    }

    /** A checker that looks for holders under {@code proc} (binding still happens on this host). */
    public static PortChecker at(Path proc) {
        return new PortChecker(Objects.requireNonNull(proc, "proc"));
    }

    /** Whether {@code host:port} can be bound for {@code protocol}; port 0 is always free. */
    public PortCheck check(Protocol protocol, String host, int port) {
        if (port == 0) {
            return PortCheck.free(protocol, host, port);
        }
        try (NetworkChannel ch = protocol == Protocol.TCP ? ServerSocketChannel.open() : DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(host, port));
            return PortCheck.free(protocol, host, port);
        } catch (BindException e) {
            if (!PortInUseException.isAddressInUse(e)) {
                // Not a busy port (no such local address, permission): the real bind reports it.
                return PortCheck.free(protocol, host, port);
            }
            long inode = holderInode(protocol, port);
            long pid = inode > 0 ? fds.pidHolding(inode, MAX_FDS) : -1;
            String program = pid > 0 ? fds.program(pid) : null;
            return new PortCheck(protocol, host, port, false, pid, program, String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // Unresolvable host and the like: not a busy port; the real bind reports it with its address.
            return PortCheck.free(protocol, host, port);
        }
    }

    /** The inode of a socket holding {@code port}: a listener for TCP, any socket for UDP; -1 if none seen. */
    public long holderInode(Protocol protocol, int port) {
        ProcNetTable table = ProcNetTable.host(protocol);
        long[] inode = {-1};
        for (String file : table.files()) {
            table.forEach(proc.resolve(ProcNetTable.DIR).resolve(file), row -> {
                if (inode[0] < 0 && holds(row, protocol, port)) {
                    inode[0] = row.inode();
                }
            });
            if (inode[0] > 0) {
                return inode[0];
            }
        }
        return -1;
    }

    /** Whether {@code row} holds {@code port}: a TCP listener on it, or a UDP socket bound to it. */
    static boolean holds(ProcNetRow row, Protocol protocol, int port) {
        return row.localPort() == port && (protocol != Protocol.TCP || row.listening()) && row.inode() > 0;
    }
}
