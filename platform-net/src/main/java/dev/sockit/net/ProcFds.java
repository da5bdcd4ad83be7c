package dev.sockit.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Who holds a socket: the {@code /proc/<pid>/fd/<fd> -> socket:[inode]} links of the processes this JVM may read,
 * under {@code /proc} or a copy of it. The one scan of them, used by the port check (which process holds a port)
 * and by the analyzer (the owner of every socket). Processes that cannot be read (gone, or another user's) are
 * skipped and counted. Blocks: call it off the event loop.
 */
public final class ProcFds {

    /** Where the kernel mounts procfs. */
    public static final Path PROC = Path.of("/proc");

    private static final ProcFds HOST = new ProcFds(PROC);
    private static final String SOCKET_LINK = "socket:[";
    private static final int MAX_COMM = 4096;

    private final Path proc;

    private ProcFds(Path proc) {
        this.proc = proc;
    }

    /** The processes of the host this JVM runs on. */
    public static ProcFds host() {
        return HOST;
    }

    /** The processes under {@code proc}, laid out as {@code /proc} is. */
    public static ProcFds at(Path proc) {
        return new ProcFds(Objects.requireNonNull(proc, "proc"));
    }

    /** Told of each socket a process holds; returns false to end the scan. */
    @FunctionalInterface
    public interface SocketVisitor {

        /** Process {@code pid} holds socket {@code inode} as file descriptor {@code fd}. */
        boolean socket(long pid, long fd, long inode);
    }

    /**
     * How a scan went.
     *
     * @param unreadable  processes whose {@code fd} directory could not be read
     * @param stoppedAtMax true when the scan stopped at its cap of fd links, before the last process
     * @param stopped     true when the visitor ended the scan
     */
    public record Scan(int unreadable, boolean stoppedAtMax, boolean stopped) {
    }

    /** The pids under the root, in ascending order. */
    public List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path entry : entries) {
                long pid = parseLong(entry.getFileName().toString());
                if (pid > 0) {
                    pids.add(pid);
                }
            }
        }
        Collections.sort(pids);
        return pids;
    }

    /**
     * Tells {@code visitor} of every socket the processes {@code pids} hold, in their order, reading at most
     * {@code maxFds} fd links in all.
     */
    public Scan sockets(List<Long> pids, int maxFds, SocketVisitor visitor) {
        int scanned = 0;
        int unreadable = 0;
        for (long pid : pids) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("fd"))) {
                for (Path fd : fds) {
                    if (scanned++ >= maxFds) {
                        return new Scan(unreadable, true, false);
                    }
                    long inode = socketInode(fd);
                    if (inode >= 0 && !visitor.socket(pid, parseLong(fd.getFileName().toString()), inode)) {
                        return new Scan(unreadable, false, true);
                    }
                }
            } catch (IOException | DirectoryIteratorException | SecurityException e) {
                unreadable++;
            }
        }
        return new Scan(unreadable, false, false);
    }

    /** The lowest pid of a process holding socket {@code inode}, or -1 if none can be seen within {@code maxFds}. */
    public long pidHolding(long inode, int maxFds) {
        long[] holder = {-1};
        try {
            sockets(pids(), maxFds, (pid, fd, i) -> {
                if (i == inode) {
                    holder[0] = pid;
                    return false;
                }
                return true;
            });
        } catch (IOException e) {
            return -1;
        }
        return holder[0];
    }

    /** The command name of {@code pid} ({@code /proc/<pid>/comm}), or {@code null} when it cannot be read. */
    public String program(long pid) {
        try (InputStream in = Files.newInputStream(proc.resolve(Long.toString(pid)).resolve("comm"))) {
            String s = new String(in.readNBytes(MAX_COMM), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException | SecurityException e) {
            // The process exited or hides its name.
            return null;
        }
    }

    /** The inode of the socket {@code fd} links to, or -1 for another file or a link gone since the listing. */
    static long socketInode(Path fd) {
        String target;
        try {
            target = Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // The fd was closed between the listing and the read, or is no link: it holds no socket now.
            return -1;
        }
        if (!target.startsWith(SOCKET_LINK) || !target.endsWith("]")) {
            return -1;
        }
        return parseLong(target.substring(SOCKET_LINK.length(), target.length() - 1));
    }

    /** The non-negative decimal {@code s}, or {@code -1}. */
    static long parseLong(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
