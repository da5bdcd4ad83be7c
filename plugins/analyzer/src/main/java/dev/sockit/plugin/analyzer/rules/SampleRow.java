package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.SocketRow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of the parts of a {@link SocketRow} a finding quotes as evidence. Numbers the input did not give are
 * {@code -1} and left out of {@link #toMap()}.
 *
 * @param line    the input line
 * @param proto   {@code tcp}, {@code udp}...
 * @param state   the state's label
 * @param local   the local end, {@code 127.0.0.1:8080}
 * @param remote  the remote end
 * @param pid     the owning process, or -1
 * @param program the owning program, or {@code null}
 * @param recvQ   Recv-Q
 * @param sendQ   Send-Q
 * @param rcvBuf  skmem {@code rb}
 * @param sndBuf  skmem {@code tb}
 * @param rttMs   smoothed round-trip time in milliseconds
 * @param retrans retransmissions: {@code retrans} total, else the timer's count
 * @param drops   packets dropped at the socket
 */
public record SampleRow(long line, String proto, String state, String local, String remote, long pid,
                        String program, long recvQ, long sendQ, long rcvBuf, long sndBuf, double rttMs,
                        long retrans, long drops) {

    /** Copies what evidence needs from {@code row}. */
    public static SampleRow of(SocketRow row) {
        long retrans = row.retransTotal >= 0 ? row.retransTotal : row.timerRetrans;
        return new SampleRow(row.line, row.proto.json(), row.state.label(), row.local(), row.remote(), row.pid,
                row.program, row.recvQ, row.sendQ, row.rcvBuf, row.sndBuf, row.rttMs, retrans, row.drops);
    }

    /** The known parts as a map for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", line);
        m.put("proto", proto);
        m.put("state", state);
        m.put("local", local);
        m.put("remote", remote);
        putKnown(m, "pid", pid);
        if (program != null) {
            m.put("program", program);
        }
        putKnown(m, "recvQ", recvQ);
        putKnown(m, "sendQ", sendQ);
        putKnown(m, "rcvBuf", rcvBuf);
        putKnown(m, "sndBuf", sndBuf);
        if (rttMs >= 0) {
            m.put("rttMs", rttMs);
        }
        putKnown(m, "retrans", retrans);
        putKnown(m, "drops", drops);
        return m;
    }

    private static void putKnown(Map<String, Object> m, String key, long value) {
        if (value >= 0) {
            m.put(key, value);
        }
    }
}
