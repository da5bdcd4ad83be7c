package dev.sockit.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real external program (socat, openssl) run to its end with a time limit, its standard input fed from bytes.
 * Used by the distribution tests as the peer a user would use; each launched process is kept and only it ended.
 */
record ExternalCommand(int exit, byte[] stdout, String stderr) {

    /** Skips unless {@code program} is on the PATH; CI installs it ({@code .ci/run}) and fails on the skip. */
    static void requireTool(String program, String aptPackage) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, program));
        }
        assumeTrue(found, program + " is not installed (apt-get install " + aptPackage + ")");
    }

    /** Runs {@code command} with {@code stdin} as its input; fails if it has not ended within {@code seconds}. */
    static ExternalCommand run(List<String> command, byte[] stdin, int seconds) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException closedEarly) {
                // The program ended before reading all of its input; its exit code and output tell why.
            }
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s");
            }
            return new ExternalCommand(p.exitValue(), out.get(10, TimeUnit.SECONDS),
                    new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("could not read the output of " + String.join(" ", command), e);
        }
    }

    /** Runs {@code command} without input and checks that it exits 0. */
    static ExternalCommand ok(List<String> command) {
        ExternalCommand c = run(command, new byte[0], 60);
        if (c.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + c.exit() + ": " + c.stderr());
        }
        return c;
    }

    String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Reads {@code s} to its end on a thread of its own (the common pool has one thread on two cores). */
    private static CompletableFuture<byte[]> drain(InputStream s) {
        CompletableFuture<byte[]> all = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (s) {
                all.complete(s.readAllBytes());
            } catch (IOException e) {
                all.completeExceptionally(e);
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
        return all;
    }
}
