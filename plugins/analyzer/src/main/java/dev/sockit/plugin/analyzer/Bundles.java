package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.plugin.analyzer.proc.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
        try {
            Command.Outcome o = Command.run(List.of(command), Capture.COMMAND_TIMEOUT, 1 << 20);
            if (!o.finished()) {
                throw new BadRequestException(label + ": tar did not finish within "
                        + Capture.COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (o.stderr().contains("Removing leading")) {
                // GNU tar lists "../x" and "/x" as "x" and says so: the archive names something outside its folder
                throw new BadRequestException(label + ": holds a name outside its own folder (tar: "
                        + Quote.escape(o.stderr()) + ")");
            }
            if (o.exit() != 0 || !o.stderr().isEmpty()) {
                throw new BadRequestException(label + ": not a readable .tar.gz (" + Quote.escape(o.stderr()) + ")");
            }
            return o.stdout();
        } catch (IOException e) {
            throw new BadRequestException(label + ": cannot be unpacked: " + Quote.escape(String.valueOf(
                    e.getMessage())) + " (is tar installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted unpacking " + label, e);
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
