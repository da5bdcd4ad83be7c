package dev.sockit.runtime;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for people: the process table and the plugin table. */
public final class Tables {

    private Tables() {
    }

    /** Rows of {@code PROCESS KIND STATE INSTANCES ADDRESS DETAIL} from process JSON records. */
    public static List<String> processTable(List<JsonObject> processes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PROCESS", "KIND", "STATE", "INSTANCES", "ADDRESS", "DETAIL"});
        for (JsonObject p : processes) {
            rows.add(new String[] {p.getString("id", ""), p.getString("kind", ""), p.getString("state", ""),
                String.valueOf(p.getValue("instances", "")), p.getString("address", ""), p.getString("cause", "")});
        }
        return format(rows);
    }

    /** Rows of {@code PLUGIN VERSION STATE KINDS FILE REASON} from plugin JSON records. */
    public static List<String> pluginTable(List<JsonObject> plugins) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PLUGIN", "VERSION", "STATE", "KINDS", "FILE", "REASON"});
        for (JsonObject p : plugins) {
            rows.add(new String[] {p.getString("id", ""), p.getString("version", ""), p.getString("state", ""),
                String.join(",", p.getJsonArray("kinds").stream().map(String::valueOf).toList()),
                p.getString("path", ""), p.getString("reason", "")});
        }
        return format(rows);
    }

    private static List<String> format(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                b.append(row[i]);
                if (i < cols - 1) {
                    b.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }
}
