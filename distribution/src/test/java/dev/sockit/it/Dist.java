package dev.sockit.it;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The distribution as a user gets it: {@code sockit-VERSION.tar.gz} unpacked with {@code tar} into a fresh
 * directory, started with {@code bin/sockit}. Each launched process is kept by its PID and only that PID is
 * signalled.
 */
public final class Dist {

    private static final AtomicInteger COPIES = new AtomicInteger();

    private final Path home;

    private Dist(Path home) {
        this.home = home;
    }

    /** Unpacks the tar.gz under {@code dir} and returns the installation. */
    public static Dist unpack(Path dir) {
        Path tarball = Path.of(System.getProperty("sockit.dist", "target/sockit.tar.gz"));
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("no distribution at " + tarball + " (run mvn verify, not only test)");
        }
        try {
            Path target = Files.createDirectories(dir.resolve("install-" + COPIES.incrementAndGet()));
            Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", target.toString())
                    .redirectErrorStream(true).start();
            String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IllegalStateException("tar failed: " + out);
            }
            try (Stream<Path> s = Files.list(target)) {
                return new Dist(s.findFirst().orElseThrow());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path home() {
        return home;
    }

    public Path lib() {
        return home.resolve("lib");
    }

    public Path plugins() {
        return home.resolve("plugins");
    }

    public Path log() {
        return home.resolve("logs").resolve("sockit.log");
    }

    /** Starts {@code bin/sockit args...}; stdout and stderr go to files beside the installation. */
    Launched launch(String... args) throws IOException {
        return launch(Map.of(), args);
    }

    /** Starts {@code bin/sockit args...} with extra environment variables. */
    Launched launch(Map<String, String> env, String... args) throws IOException {
        return launch(env, new java.io.File("/dev/null"), args);
    }

    /** Runs {@code bin/sockit args...} to its end (at most 60 s), reading standard input from {@code input}. */
    Launched runWithInput(Path input, String... args) throws IOException, InterruptedException {
        Launched l = launch(Map.of(), input.toFile(), args);
        if (!l.process().waitFor(60, TimeUnit.SECONDS)) {
            l.process().destroyForcibly();
            throw new IllegalStateException("sockit " + String.join(" ", args) + " did not end within 60 s");
        }
        return l;
    }

    private Launched launch(Map<String, String> env, java.io.File input, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin").resolve("sockit").toString());
        cmd.addAll(List.of(args));
        int n = COPIES.incrementAndGet();
        Path out = home.resolveSibling("run-" + n + ".out");
        Path err = home.resolveSibling("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(input));
        pb.environment().putAll(env);
        Process p = pb.start();
        return new Launched(p, out, err);
    }

    /** Runs {@code bin/sockit args...} to its end (at most 60 s). */
    Launched run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** Runs {@code bin/sockit args...} with extra environment variables to its end (at most 60 s). */
    Launched run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Launched l = launch(env, args);
        if (!l.process().waitFor(60, TimeUnit.SECONDS)) {
            l.process().destroyForcibly();
            throw new IllegalStateException("sockit " + String.join(" ", args) + " did not end within 60 s");
        }
        return l;
    }

    /** A launched {@code bin/sockit}. */
    record Launched(Process process, Path out, Path err) {

        /** Waits (at most {@code seconds}) for the first stdout line, the start Result, and parses it. */
        JsonObject firstResult(int seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(out),
                        StandardCharsets.UTF_8))) {
                    String line = r.readLine();
                    if (line != null && line.endsWith("}")) {
                        return new JsonObject(line);
                    }
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("sockit exited with " + process.exitValue()
                            + " before printing a Result; stderr: " + stderr());
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no Result from sockit within " + seconds + " s; stderr: " + stderr());
        }

        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Sends SIGTERM to this process (and only it) and waits for its exit code. */
        int terminate(int seconds) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("sockit did not stop within " + seconds + " s of SIGTERM");
            }
            return process.exitValue();
        }
    }
}
