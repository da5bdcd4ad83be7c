package dev.sockit.api.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Linux native transports the tests run on, by the name sockit reports: {@code epoll} and {@code io_uring}
 * (both native jars are on the test class path). A test skips, with the cause, where one cannot load; CI fails
 * on that skip (.ci/check-skips), so on the CI host both run.
 */
public final class LinuxTransports {

    /** The parameter values of a test that runs on each. */
    public static final String EPOLL = "epoll";
    public static final String IO_URING = "io_uring";

    private LinuxTransports() {
    }

    /** A Vert.x on the transport {@code name}; skips the test where it cannot load. */
    public static Vertx vertxOn(String name) {
        Transport transport = switch (name) {
            case EPOLL -> Transport.EPOLL;
            case IO_URING -> Transport.IO_URING;
            default -> throw new IllegalArgumentException("not a Linux native transport: " + name);
        };
        assumeTrue(transport != null && transport.available(), () -> name + " cannot load here: "
                + (transport == null ? "its classes are not on the class path" : transport.unavailabilityCause()));
        return Vertx.builder().withTransport(transport).build();
    }

    /**
     * Checks that the process runs on {@code name}: its status says so and, for io_uring, the JVM holds io_uring
     * instances open.
     */
    public static void assertRunsOn(String name, JsonObject status) {
        if (name.equals(IO_URING)) {
            assertTrue(ioUringRings() > 0, "no io_uring instance is open in this JVM");
        }
        assertEquals(name, status.getString("transport"), status.encode());
    }

    /**
     * The io_uring instances this JVM holds open, counted from its file descriptors: proof, independent of what
     * the code under test reports, that a Vert.x runs on io_uring.
     */
    public static long ioUringRings() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("anon_inode:[io_uring]");
                } catch (IOException | UnsupportedOperationException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
