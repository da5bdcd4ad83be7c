package dev.sockit.plugin.tcp;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.sockit.plugin.tcp.TcpServerTestSupport.LOOPBACK;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.await;
import static dev.sockit.plugin.tcp.TcpServerTestSupport.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Clients sockit did not write: {@code socat}, or {@code ncat} where socat is missing, talk to the server as a
 * user's tools would. Skipped when neither is on the PATH.
 */
@ExtendWith(VertxExtension.class)
class TcpServerExternalClientTest {

    private static final String ID = "external";
    /** A line with every printable ASCII character, a tab and a UTF-8 character: all must come back as sent. */
    private static final String LINE = "sockit \t!\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~ \u00e9\n";

    @Test
    void socat_or_ncat_gets_a_line_echoed_byte_exact(Vertx vertx, VertxTestContext test, @TempDir Path dir)
            throws Exception {
        Optional<Path> socat = onPath("socat");
        Optional<Path> ncat = onPath("ncat");
        assumeTrue(socat.isPresent() || ncat.isPresent(), "neither socat nor ncat is installed");
        int port = await(deploy(vertx, ID, new TcpServerConfig(LOOPBACK, 0, null, null, null, null), 1)).port();
        // socat ends when the server closes after the client's EOF; ncat is told to do the same.
        List<String> command = socat.isPresent()
                ? List.of(socat.get().toString(), "-t", "5", "-", "TCP:" + LOOPBACK + ":" + port)
                : List.of(ncat.get().toString(), "--wait", "5", LOOPBACK, Integer.toString(port));
        assertEquals(LINE, run(command, dir));
        test.completeNow();
    }

    @Test
    void socat_reads_the_daytime_line_over_TLS(Vertx vertx, VertxTestContext test, @TempDir Path dir)
            throws Exception {
        Optional<Path> socat = onPath("socat");
        assumeTrue(socat.isPresent(), "socat is not installed");
        TlsConfig selfSigned = new TlsConfig(null, null, true);
        int port = await(deploy(vertx, ID, new TcpServerConfig(LOOPBACK, 0, TcpServerConfig.Handler.DAYTIME, null,
                null, null, null, null, null, null, selfSigned), 1)).port();
        // Test only: verify=0, since nobody can verify a self-signed certificate. The server closes after the line.
        String line = run(List.of(socat.get().toString(), "-u", "OPENSSL:" + LOOPBACK + ":" + port + ",verify=0",
                "-"), dir);
        assertTrue(line.matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d\\d:\\d\\d:\\d\\d-UTC\r\n"), line);
        test.completeNow();
    }

    /** Runs {@code command} with {@link #LINE} on stdin and returns its stdout; killed after 15 seconds. */
    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path in = Files.writeString(dir.resolve("in.txt"), LINE, StandardCharsets.UTF_8);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            boolean ended = process.waitFor(15, TimeUnit.SECONDS);
            assertTrue(ended, command + " did not end: " + Files.readString(err));
            assertEquals(0, process.exitValue(), command + ": " + Files.readString(err));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }

    /** The executable {@code name} in a directory of PATH, if any. */
    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
