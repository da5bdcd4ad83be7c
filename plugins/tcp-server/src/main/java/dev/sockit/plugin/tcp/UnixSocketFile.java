package dev.sockit.plugin.tcp;

import dev.sockit.api.SockitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Makes the path of a unix domain socket free to bind, the way a port is checked before a TCP bind: nothing
 * there is fine; a socket that nobody listens on any more (a stale one, left by a process that died) is removed;
 * a socket someone listens on, or anything that is not a socket, is left alone and the start fails.
 */
final class UnixSocketFile {

    /** {@code S_IFMT}: the file-type bits of {@code st_mode}. */
    private static final int S_IFMT = 0170000;
    /** {@code S_IFSOCK}: the file type of a socket. */
    private static final int S_IFSOCK = 0140000;

    private UnixSocketFile() {
    }

    /** What {@link #prepare} found at the path. */
    enum Outcome {
        /** Nothing was there. */
        ABSENT,
        /** A socket nobody listened on was there, and was removed. */
        REMOVED_STALE
    }

    /**
     * Checks {@code path} off the event loop and removes a stale socket there.
     *
     * @return a future failed with a {@link SockitException} that says what is in the way
     */
    static Future<Outcome> prepare(Vertx vertx, String path) {
        return vertx.executeBlocking(() -> prepare(Path.of(path)));
    }

    /** {@link #prepare(Vertx, String)}, blocking. */
    static Outcome prepare(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.ABSENT;
        }
        if (!isSocket(path)) {
            throw new SockitException("cannot listen on unix socket " + path + ": the path exists and is not a"
                    + " socket (expected: no file, or a stale socket); remove it or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // Non-blocking: a listener with a full backlog leaves the connect pending, which means in use too.
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            Files.deleteIfExists(path);
            return Outcome.REMOVED_STALE;
        }
        throw new SockitException("unix socket " + path + " is already in use: a process is listening on it");
    }

    /** Whether {@code path} itself (not a link's target) is a socket. */
    static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new SockitException("cannot tell whether " + path + " is a socket on this platform: remove it"
                    + " or choose another path", e);
        }
    }
}
