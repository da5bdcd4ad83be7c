package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code .tar.gz} capture bundles, unpacked with the system's {@code tar} into a fresh temporary folder: the member
 * names are listed first and a bundle with an absolute name or a {@code ..} in one is refused, and what was unpacked
 * must stay within the analyzer's {@code maxInputBytes} per file and {@link InputSet#MAX_FILES} files.
 */
final class Bundles {

    private Bundles() {
    }

    /** Unpacks {@code tarball} into a new temporary folder and returns it; the caller deletes it. */
    static Path unpack(Path tarball, long maxFileBytes) {
        String label = Quote.escape(tarball.toString());
        List<String> names = run(label, "tar", "-tzf", tarball.toString()).lines().toList();
        if (names.size() > InputSet.MAX_FILES * 2) {
            throw new BadRequestException(label + ": " + names.size() + " entries, more than a capture holds");
        }
        for (String n : names) {
            if (n.startsWith("/") || n.equals("..") || n.startsWith("../") || n.contains("/../")
                    || n.endsWith("/..")) {
                throw new BadRequestException(label + ": holds " + Quote.of(n) + ", a name outside its own folder");
            }
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("sockit-bundle-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary folder to unpack " + tarball + " into", e);
        }
        try {
            run(label, "tar", "-xzf", tarball.toString(), "-C", dir.toString(), "--no-same-owner",
                    "--no-same-permissions");
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (Files.size(f) > maxFileBytes) {
                        throw new BadRequestException(label + ": " + dir.relativize(f) + " is more than maxInputBytes ("
                                + maxFileBytes + ")");
                    }
                }
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new BadRequestException(label + ": cannot be unpacked (" + Quote.escape(e.getMessage()) + ")");
        }
    }

    /** The one folder a capture tarball holds, or {@code dir} itself when it holds more or files. */
    static Path root(Path dir) {
        try (Stream<Path> in = Files.list(dir)) {
            List<Path> all = in.toList();
            return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : dir;
        } catch (IOException e) {
            return dir;
        }
    }

    private static String run(String label, String... command) {
        Path errors = null;
        try {
            // stderr to a file, so that neither stream can fill while the other is read
            errors = Files.createTempFile("sockit-tar-", ".err");
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            String out;
            try (InputStream o = p.getInputStream()) {
                out = new String(o.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(Capture.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BadRequestException(label + ": tar did not finish within "
                        + Capture.COMMAND_TIMEOUT.toSeconds() + " s");
            }
            String err = Files.readString(errors).strip();
            if (err.contains("Removing leading")) {
                // GNU tar lists "../x" and "/x" as "x" and says so: the archive names something outside its folder
                throw new BadRequestException(label + ": holds a name outside its own folder (tar: "
                        + Quote.escape(err) + ")");
            }
            if (p.exitValue() != 0 || !err.isEmpty()) {
                throw new BadRequestException(label + ": not a readable .tar.gz (" + Quote.escape(err) + ")");
            }
            return out;
        } catch (IOException e) {
            throw new BadRequestException(label + ": cannot be unpacked: " + Quote.escape(String.valueOf(
                    e.getMessage())) + " (is tar installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted unpacking " + label, e);
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** Deletes {@code dir} and all below it, as far as it can. */
    static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder left behind is all that can go wrong here
        }
    }
}
