package dev.sockit.plugin.tcp;

import java.util.ArrayList;
import java.util.List;

/** The counts a {@link ByteCountingHandler} reports, recorded for a test: totals and each report. */
final class CountsRecorder implements ByteCountingHandler.Counts {

    long received;
    long sent;
    final List<Integer> readBatches = new ArrayList<>();
    final List<Long> sentReports = new ArrayList<>();

    @Override
    public void received(int bytes) {
        received += bytes;
        readBatches.add(bytes);
    }

    @Override
    public void sent(long bytes) {
        sent += bytes;
        sentReports.add(bytes);
    }

    /** A counter reporting here. */
    ByteCountingHandler handler() {
        return new ByteCountingHandler(this);
    }
}
