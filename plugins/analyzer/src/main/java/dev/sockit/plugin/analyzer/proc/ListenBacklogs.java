package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.ParseReport;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
            Command.Outcome o = Command.run(java.util.List.of("ss", "-Hltn"), Duration.ofSeconds(TIMEOUT_SECONDS),
                    4 << 20);
            if (!o.finished()) {
                report.note("listener backlogs unknown: ss -Hltn did not finish within " + TIMEOUT_SECONDS + " s");
                return Map.of();
            }
            String out = o.stdout();
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
