package dev.sockit.plugin.analyzer.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external tool run with a deadline, for the analyzer's captures, bundles and live backlogs: standard output goes
 * to a file (the caller's, or a temporary one read back bounded) and standard error to a temporary file, so that
 * neither stream can fill and block the other, and a tool that hangs is killed at the deadline instead of blocking
 * the worker that waits for it.
 */
public final class Command {

    /** How much of standard error is kept. */
    static final int MAX_STDERR = 4096;

    /**
     * What a run gave.
     *
     * @param finished false when the deadline passed (the process was killed)
     * @param exit     its exit code, -1 when it did not finish
     * @param stdout   standard output, bounded ({@code ""} when it went to the caller's file)
     * @param stderr   standard error, at most {@link #MAX_STDERR} bytes, stripped
     */
    public record Outcome(boolean finished, int exit, String stdout, String stderr) {

        /** Finished with exit 0. */
        public boolean ok() {
            return finished && exit == 0;
        }
    }

    private Command() {
    }

    /** Runs {@code command}, keeping at most {@code maxStdout} bytes of standard output. */
    public static Outcome run(List<String> command, Duration timeout, int maxStdout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("sockit-cmd-", ".out");
        try {
            Outcome o = run(command, timeout, out);
            return new Outcome(o.finished(), o.exit(), read(out, maxStdout), o.stderr());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs {@code command} with its standard output written to {@code stdout}. */
    public static Outcome run(List<String> command, Duration timeout, Path stdout)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile("sockit-cmd-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Outcome(false, -1, "", read(err, MAX_STDERR).strip());
            }
            return new Outcome(true, p.exitValue(), "", read(err, MAX_STDERR).strip());
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        }
    }
}
