package dev.sockit.plugin.generator;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generates the C tcp-server, builds it with gcc (plain and with ASan/UBSan) and drives it with real sockets:
 * concurrent connections, a slow reader of a large payload, a peer that resets mid-stream.
 */
class CGeneratorEchoTest {

    private static final String SANITIZE = "-fsanitize=address,undefined";

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "poll"})
    void generated_server_builds_without_warnings_and_echoes_byte_exact(String io, @TempDir Path tmp)
            throws Exception {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .build();
        GenerateRequest request = new GenerateRequest("tcp-server", "c", io, "posix", null, 7007, 128, options,
                null);
        Path plain = tmp.resolve("plain");
        Path sanitized = tmp.resolve("sanitized");
        CGenerator generator = new CGenerator();
        generator.generate(request, plain);
        generator.generate(request, sanitized);
        make(plain);
        make(sanitized, "CFLAGS=-std=c11 -Wall -Wextra -Werror -pedantic -O1 -g " + SANITIZE, "LDFLAGS=" + SANITIZE);

        EchoDriver.drive(List.of(plain.resolve("tcp-server").toString()), tmp.resolve("plain.err"), 5);
        Path err = tmp.resolve("sanitized.err");
        EchoDriver.drive(List.of(sanitized.resolve("tcp-server").toString()), err, 5);
        String stderr = Files.readString(err);
        assertFalse(stderr.contains("ERROR: AddressSanitizer"), stderr);
        assertFalse(stderr.contains("runtime error"), stderr);
    }

    private static void make(Path dir, String... vars) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", dir.toString()));
        cmd.addAll(Arrays.asList(vars));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("make is needed to build the generated C code: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make timed out");
        if (out.contains("not found") && out.contains("cc")) {
            fail("gcc (cc) is needed to build the generated C code: " + out);
        }
        assertEquals(0, p.exitValue(), "make " + cmd + " failed:\n" + out);
        assertTrue(Files.isExecutable(dir.resolve("tcp-server")), "no tcp-server after make:\n" + out);
    }
}
