package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Builds and checks generated C programs in the tests: with the program's own Makefile (the command a user runs),
 * for gcc or clang, plain or with sanitizers, and with cppcheck. The kqueue model is built on Linux against the
 * declaration header and the kqueue-over-epoll shim kept under the test resources ({@code kqueue/}).
 */
final class CBuild {

    /** The compiler flags every combination must pass. */
    static final String STRICT = "-std=c11 -Wall -Wextra -Werror -pedantic";
    /** The sanitizers of the build the run tests start. */
    static final String SANITIZE = "-fsanitize=address,undefined -fno-sanitize-recover=undefined";
    /**
     * cppcheck's flags: warning (real bugs: uninitialized data, bad printf arguments, wrong sizes), style (dead or
     * redundant code, needlessly wide scopes), performance and portability (assumptions about type sizes); the posix
     * library teaches it the POSIX calls, so a descriptor from socket/accept4 that is not closed is a resource leak.
     * Errors exit 1. No suppressions.
     */
    static final List<String> CPPCHECK = List.of("cppcheck", "--error-exitcode=1",
            "--enable=warning,style,performance,portability", "--std=c11", "--library=posix", "--inline-suppr",
            "--quiet", "-D_GNU_SOURCE");

    private CBuild() {
    }

    /** Every role, model and payload the C emitter writes. */
    static Stream<GenerateRequest> combinations() {
        CGenerator generator = new CGenerator();
        List<GenerateRequest> all = new ArrayList<>();
        generator.covered().forEach((role, models) -> {
            for (String io : models) {
                for (String payload : generator.payloads(role)) {
                    all.add(request(role, io, payload));
                }
            }
        });
        return all.stream();
    }

    static GenerateRequest request(String role, String io, String payload) {
        return new GenerateRequest(role, "c", io, "posix", null, 7007, 128, null, payload);
    }

    /** Generates request into dir and builds it with make, cc and cflags (plus ldflags); returns the program. */
    static Path build(GenerateRequest request, Path dir, String cc, String cflags, String ldflags) throws Exception {
        CGenerator generator = new CGenerator();
        generator.generate(request, dir);
        List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", dir.toString(), "CC=" + cc,
                "CFLAGS=" + cflags, "LDFLAGS=" + ldflags));
        if ("kqueue".equals(request.io())) {
            Path shim = kqueueShim(dir.resolve("kqueue-shim"));
            cmd.add("CPPFLAGS=-D_GNU_SOURCE -I" + shim);
            cmd.add("LDLIBS=" + shim.resolve("kqueue_shim.c"));
        }
        String out = run(cmd, 120);
        Path program = dir.resolve(generator.program(request));
        assertTrue(Files.isExecutable(program), "no " + program + " after " + cmd + ":\n" + out);
        return program;
    }

    /** Runs cppcheck on the generated source in dir; fails with its report. */
    static void cppcheck(GenerateRequest request, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(CPPCHECK);
        cmd.add(dir.resolve(CGenerator.source(request)).toString());
        String out = run(cmd, 120);
        assertTrue(out.isBlank(), "cppcheck reported:\n" + out);
    }

    /** Runs cmd, failing with its output unless it exits 0 within timeoutSeconds; returns its output. */
    static String run(List<String> cmd, int timeoutSeconds) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(cmd.get(0) + " is needed to check the generated C code (.ci/run installs it): "
                    + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd + " timed out after " + timeoutSeconds + " s:\n" + out);
        }
        if (out.contains("not found") && out.contains(cmd.get(0).equals("make") ? "cc" : cmd.get(0))) {
            fail(cmd + ": a tool is missing (.ci/run installs gcc, clang, cppcheck, liburing-dev):\n" + out);
        }
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
        return out;
    }

    /**
     * Builds {@code preload/recv_errors.c} (a recvfrom(2) interposer for {@code LD_PRELOAD}: a datagram whose text is
     * an errno name becomes that error) into {@code dir}; returns the shared object.
     */
    static Path recvErrorsShim(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path source = dir.resolve("recv_errors.c");
        try (InputStream in = CBuild.class.getResourceAsStream("preload/recv_errors.c")) {
            assertTrue(in != null, "preload/recv_errors.c on the test class path");
            Files.copy(in, source);
        }
        Path shim = dir.resolve("recv_errors.so");
        run(List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror", "-o", shim.toString(),
                source.toString(), "-ldl"), 60);
        return shim;
    }

    /** Copies the kqueue declaration header and shim from the test resources into dir. */
    static Path kqueueShim(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sys"));
        for (String name : List.of("sys/event.h", "kqueue_shim.c", "kqueue_shim_check.c")) {
            try (InputStream in = CBuild.class.getResourceAsStream("kqueue/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("test resource kqueue/" + name + " is missing");
                }
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        return dir;
    }
}
