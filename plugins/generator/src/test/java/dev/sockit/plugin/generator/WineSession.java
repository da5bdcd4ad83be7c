package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One wine prefix (under {@code target/}) and one wineserver for a whole test class of the Winsock emitter, and the
 * MinGW-w64 build of its output. The first start of a prefix takes seconds, a program in a running prefix a tenth of
 * one, so a class starts one session and runs its programs in it. CI ({@code .ci/run}) installs
 * {@code gcc-mingw-w64-x86-64} and {@code wine}/{@code wine64}; without them {@link #start} skips the class with that
 * reason, which fails CI's skip check, so CI must have them.
 */
final class WineSession {

    private final Path mingw;
    private final Path wine;
    private final Path wineserver;
    private final Map<String, String> env;
    private final Process server;

    private WineSession(Path mingw, Path wine, Path wineserver, Map<String, String> env, Process server) {
        this.mingw = mingw;
        this.wine = wine;
        this.wineserver = wineserver;
        this.env = env;
        this.server = server;
    }

    /** Starts the wineserver of the prefix and boots the prefix; skips the calling class without MinGW or wine. */
    static WineSession start() throws Exception {
        Path mingw = onPath(WinsockGenerator.MINGW_CC).orElse(null);
        Path wine = onPath("wine64").or(() -> onPath("wine")).orElse(null);
        Path wineserver = onPath("wineserver").or(() -> existing("/usr/lib/wine/wineserver64")).orElse(null);
        Assumptions.assumeTrue(mingw != null && wine != null && wineserver != null,
                "MinGW-w64 (" + WinsockGenerator.MINGW_CC + ") or wine is not installed: .ci/run installs"
                        + " gcc-mingw-w64-x86-64 and wine/wine64 (found compiler " + mingw + ", wine " + wine
                        + ", wineserver " + wineserver + ")");
        Path prefix = Path.of("target", "wine-prefix").toAbsolutePath();
        Files.createDirectories(prefix);
        // no Mono or Gecko install prompts, no debug channels: a headless console prefix
        Map<String, String> env = Map.of("WINEPREFIX", prefix.toString(), "WINEDEBUG", "-all",
                "WINEDLLOVERRIDES", "mscoree,mshtml=");
        ProcessBuilder pb = new ProcessBuilder(wineserver.toString(), "-f", "-p")
                .redirectErrorStream(true).redirectOutput(prefix.resolveSibling("wineserver.log").toFile());
        pb.environment().putAll(env);
        Process server = pb.start();
        long start = System.nanoTime();
        ProcessBuilder boot = new ProcessBuilder(wine.toString(), "wineboot", "-i").redirectErrorStream(true)
                .redirectOutput(prefix.resolveSibling("wineboot.log").toFile());
        boot.environment().putAll(env);
        Process p = boot.start();
        WineSession session = new WineSession(mingw, wine, wineserver, env, server);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            session.stop();
            throw new AssertionError("wineboot failed or took over 180 s: "
                    + Files.readString(prefix.resolveSibling("wineboot.log")));
        }
        System.out.printf("wine prefix %s ready in %d ms%n", prefix,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return session;
    }

    /** Stops the wineserver (and with it every program still running in the prefix). */
    void stop() throws Exception {
        ProcessBuilder kill = new ProcessBuilder(wineserver.toString(), "-k").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        kill.environment().putAll(env);
        kill.start().waitFor(30, TimeUnit.SECONDS);
        if (!server.waitFor(15, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The wine launcher. */
    Path wine() {
        return wine;
    }

    /** The environment every program of the session runs with. */
    Map<String, String> env() {
        return env;
    }

    /** A process builder for {@code exe args} under wine in this session's prefix. */
    ProcessBuilder command(Path exe, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(wine.toString(), exe.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }

    /** Renders {@code request} into {@code dir} and builds it; returns the program. */
    Path build(GenerateRequest request, Path dir) throws Exception {
        WinsockGenerator g = new WinsockGenerator();
        write(g.render(request), dir);
        return make(dir, g.program(request));
    }

    /** Builds {@code dir} with MinGW-w64; the build must print nothing (no warning) and produce {@code program}. */
    Path make(Path dir, String program) throws Exception {
        List<String> cmd = List.of("make", "-s", "-C", dir.toString(), "CC=" + mingw);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make timed out");
        assertEquals(0, p.exitValue(), "make " + cmd + " failed:\n" + out);
        assertTrue(out.isBlank(), "the build printed something (a warning?):\n" + out);
        assertTrue(Files.isRegularFile(dir.resolve(program)), "no " + program + " after make:\n" + out);
        return dir.resolve(program);
    }

    /** Writes rendered files into {@code dir}, creating it. */
    static void write(Map<String, String> files, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Ends {@code p} (it is a wine program of this session), waiting a bounded time. */
    static void end(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> existing(String path) {
        return Files.isExecutable(Path.of(path)) ? Optional.of(Path.of(path)) : Optional.empty();
    }
}
