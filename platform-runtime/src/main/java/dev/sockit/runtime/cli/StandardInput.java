package dev.sockit.runtime.cli;

import dev.sockit.runtime.config.SockitHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * What this process's standard input is, found without reading it: a pipe or a file a command may read, or a
 * terminal, nothing (closed), or something else (a socket, a device, a directory) that it must refuse.
 *
 * <p>On Linux {@code /proc/self/fd/0} tells: missing means closed; {@code pipe:[N]} a pipe; a path the file, FIFO,
 * device or terminal it names. When fd 0 was closed at start the JVM takes it for the first file it opens itself
 * ({@code lib/modules} of the JDK), so a regular file under {@code java.home} or the sockit home's {@code lib/} or
 * {@code plugins/} counts as closed;
 * {@code bin/sockit} also gives such a JVM {@code /dev/null} on fd 0 and sets {@code -Dsockit.stdin=closed}, so it
 * never sees a file of its own there. Where there is no {@code /proc} but {@code /dev/fd/0} (macOS, BSD), its file
 * type tells the kinds apart and {@link System#console()} the terminal; elsewhere the kind is {@link Kind#UNKNOWN}.
 *
 * @param kind        what it is
 * @param description how a message names it ({@code a pipe}, {@code /dev/null}, {@code a socket}...)
 * @param path        a path that opens it anew for reading ({@code /proc/self/fd/0}), or {@code null} where there is
 *                    none and only {@link System#in} reads it
 */
record StandardInput(Kind kind, String description, Path path) {

    /** The kinds a command tells apart. */
    enum Kind {
        /** An anonymous pipe or a FIFO: read as a stream. */
        PIPE,
        /** A regular file. */
        FILE,
        /** A terminal: a person typing, or nothing at all. */
        TERMINAL,
        /** Closed: nothing to read. */
        CLOSED,
        /** A socket, a device, a directory: not input a command reads. */
        OTHER,
        /** No way to tell on this platform: read {@link System#in}. */
        UNKNOWN
    }

    /** The system property {@code bin/sockit} sets to {@code closed} when it started the JVM with fd 0 closed. */
    static final String PROPERTY = "sockit.stdin";

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFSOCK = 0140000;

    /** The standard input of this process. */
    static StandardInput current() {
        if ("closed".equals(System.getProperty(PROPERTY))) {
            return new StandardInput(Kind.CLOSED, "closed", null);
        }
        Path proc = Path.of("/proc/self/fd/0");
        if (Files.isDirectory(proc.getParent())) {
            return inspect(proc, true, System.console() != null, ownDirectories());
        }
        Path devFd = Path.of("/dev/fd/0");
        if (Files.isDirectory(devFd.getParent())) {
            return inspect(devFd, false, System.console() != null, ownDirectories());
        }
        return new StandardInput(System.console() != null ? Kind.TERMINAL : Kind.UNKNOWN, "standard input", null);
    }

    /**
     * What {@code fd0} (a {@code /proc/self/fd/0} like link when {@code isLink}, else a {@code /dev/fd/0} like
     * node) is; {@code console} is whether Java sees a console; a regular file under one of {@code own} is the
     * JVM's own, on a closed fd 0.
     */
    static StandardInput inspect(Path fd0, boolean isLink, boolean console, List<Path> own) {
        if (!Files.exists(fd0, LinkOption.NOFOLLOW_LINKS)) {
            return new StandardInput(Kind.CLOSED, "closed", null);
        }
        String target = null;
        if (isLink) {
            try {
                target = Files.readSymbolicLink(fd0).toString();
            } catch (IOException | UnsupportedOperationException e) {
                // Not a link after all: the file type below still tells
            }
        }
        if (target != null && target.startsWith("pipe:")) {
            return new StandardInput(Kind.PIPE, "a pipe", fd0);
        }
        if (target != null && target.startsWith("socket:")) {
            return new StandardInput(Kind.OTHER, "a socket", null);
        }
        if (target != null && (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
                || target.equals("/dev/console"))) {
            return new StandardInput(Kind.TERMINAL, "the terminal " + target, null);
        }
        int type;
        try {
            type = ((Integer) Files.getAttribute(fd0, "unix:mode")) & S_IFMT;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // fd 0 went away since, or is of a kind stat cannot follow (anon_inode:...)
            return new StandardInput(Kind.OTHER, target == null ? "unreadable" : target, null);
        }
        String name = target == null ? "standard input" : target;
        switch (type) {
            case S_IFIFO:
                return new StandardInput(Kind.PIPE, target == null ? "a pipe" : "the FIFO " + target, fd0);
            case S_IFREG:
                if (target != null && ownFile(Path.of(target), own)) {
                    return new StandardInput(Kind.CLOSED, "closed", null);
                }
                return new StandardInput(Kind.FILE, target == null ? "a file" : "the file " + target, fd0);
            case S_IFCHR:
                if (target == null && console) {
                    return new StandardInput(Kind.TERMINAL, "the terminal", null);
                }
                return new StandardInput(Kind.OTHER, target == null ? "a device" : target, null);
            case S_IFDIR:
                return new StandardInput(Kind.OTHER, "the directory " + name, null);
            case S_IFSOCK:
                return new StandardInput(Kind.OTHER, "a socket", null);
            default:
                return new StandardInput(Kind.OTHER, name, null);
        }
    }

    private static boolean ownFile(Path file, List<Path> own) {
        return file.isAbsolute() && own.stream().anyMatch(file::startsWith);
    }

    /** Where the files the JVM opens itself live: the JDK, and the jars of the sockit home. */
    private static List<Path> ownDirectories() {
        List<Path> dirs = new java.util.ArrayList<>();
        dirs.add(Path.of(System.getProperty("java.home")));
        String home = System.getProperty(SockitHome.PROPERTY);
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, "lib"));
            dirs.add(Path.of(home, "plugins"));
        }
        return dirs.stream().map(StandardInput::real).toList();
    }

    /** {@code p} with its links resolved, as {@code /proc} names files; as given when it cannot be. */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** True for a pipe or a file: something a command reads to its end. */
    boolean readable() {
        return kind == Kind.PIPE || kind == Kind.FILE || kind == Kind.UNKNOWN;
    }
}
