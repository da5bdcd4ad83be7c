package dev.sockit.runtime;

import dev.sockit.api.Endpoint;
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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks whether a port can be bound by binding it for a moment (with SO_REUSEADDR, as the servers do), and
 * when it cannot, finds the holder on Linux: the socket inode from {@code /proc/net/tcp*} or
 * {@code /proc/net/udp*}, then the process whose {@code /proc/<pid>/fd} links to it. It also knows which process
 * of this runtime has claimed which address ({@link EndpointClaims}): a port another process of this runtime
 * claimed is reported taken by that process before anything is bound, and a holder whose pid is this JVM's is
 * reported as a process of this runtime. Blocking: run it off the event loop.
 */
final class ProcPortChecker {

    private static final String TCP_LISTEN = "0A";
    private static final int MAX_PIDS = 100_000;

    private final Path proc;
    private final EndpointClaims claims;

    ProcPortChecker(Path proc, EndpointClaims claims) {
        this.proc = proc;
        this.claims = claims;
    }

    /** A checker on the live host's {@code /proc}, with no claims yet. */
    static ProcPortChecker live() {
        return new ProcPortChecker(Path.of("/proc"), new EndpointClaims());
    }

    /** The addresses the processes of this runtime have claimed. */
    EndpointClaims claims() {
        return claims;
    }

    /**
     * Whether process {@code owner} of this runtime can bind {@code host:port} for {@code protocol}: not when
     * another process of this runtime has claimed it (that process is named), nor when the operating system says
     * it is taken. A free port is claimed for {@code owner}. Port 0 is always free.
     */
    PortCheck check(String owner, Protocol protocol, String host, int port) {
        if (port == 0) {
            return PortCheck.free(protocol, host, port);
        }
        Endpoint endpoint = protocol == Protocol.TCP ? Endpoint.tcp(host, port) : Endpoint.udp(host, port);
        Optional<EndpointClaims.Claim> taken = claims.claim(owner, endpoint);
        if (taken.isPresent()) {
            return PortCheck.heldByProcess(protocol, host, port, taken.get().owner());
        }
        PortCheck check = check(protocol, host, port);
        if (!check.free()) {
            claims.release(owner, endpoint);
        }
        return check;
    }

    /**
     * Whether {@code host:port} can be bound for {@code protocol}, as the operating system says; port 0 is always
     * free. A holder whose pid is this JVM's is reported as another process of this runtime.
     */
    PortCheck check(Protocol protocol, String host, int port) {
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
            long inode = findInode(protocol, port);
            long pid = inode > 0 ? findPid(inode) : -1;
            return new PortCheck(protocol, host, port, false, pid, pid > 0 ? programOf(pid) : "",
                    String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // Unresolvable host and the like: not a busy port; the real bind reports it with its address.
            return PortCheck.free(protocol, host, port);
        }
    }

    /** The inode of a socket holding {@code port}: a listener for TCP, any socket for UDP; -1 if none seen. */
    long findInode(Protocol protocol, int port) {
        List<String> tables = protocol == Protocol.TCP ? List.of("tcp", "tcp6") : List.of("udp", "udp6");
        for (String table : tables) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file)) {
                    long inode = inodeIfHolder(line, protocol, port);
                    if (inode > 0) {
                        return inode;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
    }

    /** Parses one {@code /proc/net/tcp}-style row; returns its inode if it holds {@code port}. */
    static long inodeIfHolder(String line, Protocol protocol, int port) {
        String[] f = line.trim().split("\\s+");
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        if (f.length < 10 || !f[0].endsWith(":")) {
            return -1;
        }
        int colon = f[1].lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        try {
            int localPort = Integer.parseInt(f[1].substring(colon + 1), 16);
            if (localPort != port || (protocol == Protocol.TCP && !TCP_LISTEN.equals(f[3]))) {
                return -1;
            }
            return Long.parseLong(f[9]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The pid of a process with a file descriptor on socket {@code inode}; -1 if none can be seen. */
    long findPid(long inode) {
        String target = "socket:[" + inode + "]";
        int looked = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, ProcPortChecker::isPidDir)) {
            for (Path pidDir : pids) {
                if (++looked > MAX_PIDS) {
                    break;
                }
                if (holds(pidDir.resolve("fd"), target)) {
                    return Long.parseLong(pidDir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static boolean isPidDir(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static boolean holds(Path fdDir, String target) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (target.equals(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // The fd closed while we looked, or is not a link: not the holder.
                }
            }
        } catch (IOException e) {
            // Another user's process, or it exited: not visible to us.
        }
        return false;
    }

    /** The command name of {@code pid} from {@code /proc/<pid>/comm}, or empty. */
    String programOf(long pid) {
        try {
            return Files.readString(proc.resolve(Long.toString(pid)).resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
