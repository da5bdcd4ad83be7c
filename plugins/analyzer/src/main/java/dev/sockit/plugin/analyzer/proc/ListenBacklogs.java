package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.ParseReport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backlog of each TCP listener of the live host, by port, from {@code ss -Hltn}: {@code /proc/net/tcp} shows a
 * listener's accept queue but not its limit (its tx_queue column is 0), and only the kernel's sock_diag, which
 * {@code ss} reads, gives it. Without {@code ss} the map is empty and a note says so.
 */
final class ListenBacklogs {

    private static final long TIMEOUT_SECONDS = 10;

    private ListenBacklogs() {
    }

    /** Port to backlog (the largest where two listeners share a port); empty when {@code ss} cannot tell. */
    static Map<Integer, Long> read(ParseReport report) {
        Map<Integer, Long> backlogs = new HashMap<>();
        try {
            Process p = new ProcessBuilder("ss", "-Hltn").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                report.note("listener backlogs unknown: ss -Hltn did not finish within " + TIMEOUT_SECONDS + " s");
                return Map.of();
            }
            // LISTEN 0 4096 127.0.0.1:8080 0.0.0.0:*
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[0].equals("LISTEN")) {
                    continue;
                }
                int colon = f[3].lastIndexOf(':');
                try {
                    int port = Integer.parseInt(f[3].substring(colon + 1));
                    backlogs.merge(port, Long.parseLong(f[2]), Math::max);
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // a line of another shape: that listener's backlog stays unknown
                }
            }
        } catch (IOException e) {
            report.note("listener backlogs unknown: ss cannot be run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return backlogs;
    }
}
