package dev.sockit.plugin.generator;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Generates the C tcp-server (payload echo) for every I/O model the emitter writes, builds it with gcc and
 * AddressSanitizer + UndefinedBehaviorSanitizer (the build this test runs; the plain gcc and clang builds are checked
 * by {@link CGeneratorCompileTest}) and drives it with {@link EchoDriver}'s checks: 50 clients of 64 KiB each, 4 MiB
 * through a slow reader, a peer that resets mid-stream followed by a new connection; byte-exact, no sanitizer report,
 * a clean exit on SIGTERM. The {@code blocking} model is iterative (one connection at a time), so its 50 clients run
 * one after another.
 */
class CGeneratorEchoTest {

    static Stream<String> models() {
        return new CGenerator().covered().get("tcp-server").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void generated_server_echoes_byte_exact_under_sanitizers(String io, @TempDir Path tmp) throws Exception {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .build();
        GenerateRequest request = new GenerateRequest("tcp-server", "c", io, "posix", null, 7007, 128, options,
                "echo");
        Path program = CBuild.build(request, tmp.resolve("asan"), "gcc", CBuild.STRICT + " -O1 -g "
                + CBuild.SANITIZE, CBuild.SANITIZE);
        try (CServer server = CServer.start(program, tmp.resolve("server.err"))) {
            server.assumeRunning();
            EchoDriver.checks(server.port(), EchoDriver.Shape.ECHO, "blocking".equals(io) ? 1 : 50);
            server.assertHealthy();
        }
    }
}
