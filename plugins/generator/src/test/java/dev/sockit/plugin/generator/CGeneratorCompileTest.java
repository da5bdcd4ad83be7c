package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The kqueue programs run on Linux over the test shim, so the shim must behave as kqueue is documented to:
     * {@code kqueue/kqueue_shim_check.c} checks EV_ADD, udata, EV_CLEAR, level-triggered reports, EV_DELETE, EV_EOF
     * and EV_ERROR on a socket pair, built with the strict flags and the sanitizers.
     */
    @Test
    void the_kqueue_test_shim_behaves_as_kqueue_is_documented(@TempDir Path tmp) throws Exception {
        Path shim = CBuild.kqueueShim(tmp.resolve("kqueue"));
        Path check = tmp.resolve("kqueue_shim_check");
        List<String> cc = new ArrayList<>(List.of("gcc"));
        cc.addAll(List.of(CBuild.STRICT.split(" ")));
        cc.addAll(List.of(CBuild.SANITIZE.split(" ")));
        cc.addAll(List.of("-D_GNU_SOURCE", "-I" + shim, "-o", check.toString(),
                shim.resolve("kqueue_shim_check.c").toString(), shim.resolve("kqueue_shim.c").toString()));
        CBuild.run(cc, 120);
        String out = CBuild.run(List.of(check.toString()), 30);
        assertTrue(out.contains("every check holds"), out);
    }

    @Test
    void the_tcp_server_covers_every_posix_model_of_the_matrix_with_every_payload() {
        CGenerator generator = new CGenerator();
        assertEquals(GeneratorContract.models("c", "posix"), generator.covered().get("tcp-server"));
        assertEquals(GeneratorContract.PAYLOADS, generator.payloads("tcp-server"));
    }

    @Test
    void the_tcp_client_covers_every_posix_model_of_the_matrix_with_every_payload() {
        CGenerator generator = new CGenerator();
        assertEquals(GeneratorContract.models("c", "posix"), generator.covered().get("tcp-client"));
        assertEquals(GeneratorContract.PAYLOADS, generator.payloads("tcp-client"));
    }
}
