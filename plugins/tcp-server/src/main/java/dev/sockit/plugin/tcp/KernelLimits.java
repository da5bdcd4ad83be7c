package dev.sockit.plugin.tcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux limits that decide what the kernel makes of requested socket options, as {@code /proc/sys} states
 * them. A limit is {@code null} where its file is missing (not Linux, a restricted {@code /proc}) or unreadable.
 *
 * @param rmemMax     {@code net.core.rmem_max}: the largest SO_RCVBUF a process may request
 * @param wmemMax     {@code net.core.wmem_max}: the largest SO_SNDBUF a process may request
 * @param somaxconn   {@code net.core.somaxconn}: the largest listen(2) backlog
 * @param tcpRmem     {@code net.ipv4.tcp_rmem}: the range receive-buffer autotuning works in
 * @param tcpWmem     {@code net.ipv4.tcp_wmem}: the range send-buffer autotuning works in
 * @param tcpFastOpen {@code net.ipv4.tcp_fastopen}: bit {@code 0x2} enables Fast Open on listeners
 */
record KernelLimits(Integer rmemMax, Integer wmemMax, Integer somaxconn, TcpMem tcpRmem, TcpMem tcpWmem,
                    Integer tcpFastOpen) {

    /** Where Linux publishes its tunables. */
    static final Path PROC_SYS = Path.of("/proc/sys");
    /** No limit known. */
    static final KernelLimits UNKNOWN = new KernelLimits(null, null, null, null, null, null);

    /** {@code tcp_fastopen} bit without which no listener accepts data in a SYN, TCP_FASTOPEN or not. */
    static final int FASTOPEN_SERVER = 0x2;

    /** Reads the limits below {@code procSys} (normally {@link #PROC_SYS}); blocks, so call it off the event loop. */
    static KernelLimits read(Path procSys) {
        return new KernelLimits(
                integer(procSys.resolve("net/core/rmem_max")),
                integer(procSys.resolve("net/core/wmem_max")),
                integer(procSys.resolve("net/core/somaxconn")),
                TcpMem.parse(text(procSys.resolve("net/ipv4/tcp_rmem"))),
                TcpMem.parse(text(procSys.resolve("net/ipv4/tcp_wmem"))),
                integer(procSys.resolve("net/ipv4/tcp_fastopen")));
    }

    /** Whether the kernel lets listeners accept Fast Open data; {@code null} when unknown. */
    Boolean fastOpenForServers() {
        return tcpFastOpen == null ? null : (tcpFastOpen & FASTOPEN_SERVER) != 0;
    }

    /** The limits under their sysctl names; unknown ones are left out. */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        putIfKnown(json, "net.core.rmem_max", rmemMax);
        putIfKnown(json, "net.core.wmem_max", wmemMax);
        putIfKnown(json, "net.core.somaxconn", somaxconn);
        putIfKnown(json, "net.ipv4.tcp_rmem", tcpRmem == null ? null : tcpRmem.toJson());
        putIfKnown(json, "net.ipv4.tcp_wmem", tcpWmem == null ? null : tcpWmem.toJson());
        putIfKnown(json, "net.ipv4.tcp_fastopen", tcpFastOpen);
        return json;
    }

    private static void putIfKnown(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    private static Integer integer(Path file) {
        String text = text(file);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The first line of the file, or {@code null} if it cannot be read: a missing limit is reported as unknown. A
     * sysctl file answers only the first read(2) at offset 0 (a later read at an offset gets end-of-file), and it
     * reports a size of 0, so {@link Files#readString} would see only the first byte; a buffered reader asks for
     * 8 KiB at once.
     */
    private static String text(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return in.readLine();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /**
     * One of {@code tcp_rmem} and {@code tcp_wmem}: three sizes in bytes.
     *
     * @param min          the least a TCP socket's buffer is given under memory pressure
     * @param defaultValue the size a new TCP socket starts with
     * @param max          the most autotuning grows the buffer to; SO_RCVBUF and SO_SNDBUF are not bound by it
     */
    record TcpMem(int min, int defaultValue, int max) {

        /** Parses {@code "4096 131072 6291456"}; {@code null} for anything else. */
        static TcpMem parse(String text) {
            if (text == null) {
                return null;
            }
            String[] parts = text.trim().split("\\s+");
            if (parts.length != 3) {
                return null;
            }
            try {
                return new TcpMem(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        JsonArray toJson() {
            return new JsonArray().add(min).add(defaultValue).add(max);
        }
    }
}
