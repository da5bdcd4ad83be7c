package dev.sockit.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads kernel tunables by their sysctl name ({@code net.core.rmem_max}) from {@code /proc/sys}, or from another
 * root in tests. The one place sockit reads {@code /proc/sys}. A value that is missing (not Linux, a restricted
 * {@code /proc}) or unreadable is absent, never an exception. Reads block: call them off the event loop.
 */
public final class Sysctl {

    /** Where Linux publishes its tunables. */
    public static final Path PROC_SYS = Path.of("/proc/sys");

    private static final Sysctl HOST = new Sysctl(PROC_SYS);

    private final Path root;

    private Sysctl(Path root) {
        this.root = root;
    }

    /** The tunables of the host this JVM runs on. */
    public static Sysctl host() {
        return HOST;
    }

    /** The tunables below {@code root}, laid out as {@code /proc/sys} is ({@code net/core/rmem_max}). */
    public static Sysctl at(Path root) {
        return new Sysctl(Objects.requireNonNull(root, "root"));
    }

    /** The file that holds {@code name}: {@code net.core.rmem_max} is {@code <root>/net/core/rmem_max}. */
    public Path file(String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.endsWith(".")) {
            throw new IllegalArgumentException("not a sysctl name: '" + name + "'");
        }
        return root.resolve(name.replace('.', '/'));
    }

    /**
     * The value of {@code name} as the kernel prints it (first line, trimmed), or {@code null} if it cannot be
     * read. A sysctl file answers only the first read(2) at offset 0 and reports a size of 0, so it is read through
     * a buffered reader that asks for 8 KiB at once, never by size.
     */
    public String text(String name) {
        try (BufferedReader in = Files.newBufferedReader(file(name), StandardCharsets.US_ASCII)) {
            String line = in.readLine();
            return line == null ? null : line.trim();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The value of {@code name} as one number; empty if it cannot be read or is not one number. */
    public OptionalLong number(String name) {
        return parseNumber(text(name));
    }

    /**
     * The value of {@code name} as whitespace-separated numbers ({@code net.ipv4.tcp_rmem} is
     * {@code 4096 131072 6291456}); {@code null} if it cannot be read or a part is not a number.
     */
    public long[] numbers(String name) {
        return parseNumbers(text(name));
    }

    /**
     * A sysctl value as the kernel prints it ({@code "4096"}), read here or elsewhere (a report of another host),
     * as one number; empty for {@code null} or anything but one number.
     */
    public static OptionalLong parseNumber(String text) {
        long[] values = parseNumbers(text);
        return values == null || values.length != 1 ? OptionalLong.empty() : OptionalLong.of(values[0]);
    }

    /**
     * A sysctl value as the kernel prints it ({@code "4096\t131072\t6291456"}), read here or elsewhere, as its
     * whitespace-separated numbers; {@code null} for {@code null}, an empty value or a part that is not a number.
     */
    public static long[] parseNumbers(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("\\s+");
        long[] values = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                values[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return values;
    }
}
