package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.SocketRow;

import java.util.ArrayList;
import java.util.List;

/** The few rows with the highest score seen so far, copied; a row that would not be kept is not copied. */
final class WorstRows {

    private final long[] scores;
    private final SampleRow[] rows;
    private int size;

    /** Keeps the {@code keep} highest-scoring rows. */
    WorstRows(int keep) {
        scores = new long[keep];
        rows = new SampleRow[keep];
    }

    /** Offers {@code row} with {@code score}; it is copied only if it ranks among the kept ones. */
    void offer(long score, SocketRow row) {
        if (size == scores.length && score <= scores[size - 1]) {
            return;
        }
        int i = size < scores.length ? size++ : size - 1;
        while (i > 0 && scores[i - 1] < score) {
            scores[i] = scores[i - 1];
            rows[i] = rows[i - 1];
            i--;
        }
        scores[i] = score;
        rows[i] = SampleRow.of(row);
    }

    /** The kept rows, highest score first. */
    List<SampleRow> rows() {
        List<SampleRow> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(rows[i]);
        }
        return out;
    }
}
