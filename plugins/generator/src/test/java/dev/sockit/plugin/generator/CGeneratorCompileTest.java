package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every role, I/O model and payload the C emitter writes (taken from the emitter, so a new model is checked without
 * touching this test) compiles with {@code gcc} and {@code clang} under {@code -std=c11 -Wall -Wextra -Werror
 * -pedantic} and passes cppcheck ({@link CBuild#CPPCHECK}). The sanitizer build of each model is the one the run
 * tests start ({@link CGeneratorEchoTest}, {@link CGeneratorPayloadTest}).
 */
class CGeneratorCompileTest {

    static Stream<GenerateRequest> combinations() {
        return CBuild.combinations();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void compiles_with_gcc_and_clang_without_a_warning_and_passes_cppcheck(GenerateRequest request, @TempDir Path tmp)
            throws Exception {
        CBuild.build(request, tmp.resolve("gcc"), "gcc", CBuild.STRICT + " -O2", "");
        CBuild.build(request, tmp.resolve("clang"), "clang", CBuild.STRICT + " -O2", "");
        CBuild.cppcheck(request, tmp.resolve("gcc"));
    }

    @Test
    void the_tcp_server_covers_every_posix_model_of_the_matrix_with_every_payload() {
        CGenerator generator = new CGenerator();
        assertEquals(GeneratorContract.models("c", "posix"), generator.covered().get("tcp-server"));
        assertEquals(GeneratorContract.PAYLOADS, generator.payloads("tcp-server"));
    }
}
