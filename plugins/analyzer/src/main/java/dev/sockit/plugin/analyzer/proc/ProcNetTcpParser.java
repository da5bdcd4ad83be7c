package dev.sockit.plugin.analyzer.proc;

import dev.sockit.net.ProcNetRow;
import dev.sockit.net.ProcNetTable;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;
import dev.sockit.plugin.analyzer.parse.Format;

import java.nio.ByteOrder;

/**
 * Reads {@code /proc/net/tcp} and {@code /proc/net/tcp6} ({@link Format#PROC_TCP}).
 *
 * <ul>
 *   <li>{@code tx_queue:rx_queue} become {@code sendQ}/{@code recvQ}. For a listener the kernel prints the
 *       connections waiting in the accept queue as {@code rx_queue} (so {@code recvQ}) and does not print the
 *       queue's limit, so {@code sendQ} stays unknown there (where {@code ss} shows the backlog).</li>
 *   <li>{@code tr} names the timer as {@code ss -o} does: 1 {@code on} (retransmit), 2 {@code keepalive},
 *       3 {@code timewait}, 4 {@code persist} (zero-window probe, which also sets {@code zeroWindow}).
 *       {@code tm->when} and {@code rto} count clock ticks of {@code USER_HZ}, which is 100 on every Linux
 *       architecture sockit runs on, so one tick is 10 ms.</li>
 *   <li>{@code timerRetrans} is {@code retrnsmt}, or the probes sent ({@code timeout} column) for the keepalive
 *       and zero-window timers, as {@code ss} shows them.</li>
 *   <li>{@code rto}, {@code snd_cwnd} and {@code ssthresh} are read when the line has them, except for
 *       listeners; an unbounded ssthresh ({@code -1}) stays unknown.</li>
 * </ul>
 *
 * Addresses are read as a little-endian host prints them unless another byte order is given.
 */
public final class ProcNetTcpParser extends ProcInetParser {

    /** Milliseconds per {@code USER_HZ} clock tick. */
    public static final long MS_PER_TICK = 10;

    /** A parser for files from a little-endian host (x86, arm64). */
    public ProcNetTcpParser() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    /** A parser for files from a host of byte order {@code order} ({@link ByteOrder#nativeOrder()} for this one). */
    public ProcNetTcpParser(ByteOrder order) {
        super(order, Proto.TCP);
    }

    /** {@link Format#PROC_TCP}. */
    @Override
    public Format format() {
        return Format.PROC_TCP;
    }

    @Override
    TcpState state(int code) {
        return TcpState.ofKernel(code);
    }

    @Override
    ProcNetTable table(ByteOrder order) {
        return ProcNetTable.tcp(order);
    }

    @Override
    void finish(ProcNetRow net, SocketRow row) {
        boolean listener = row.state == TcpState.LISTEN;
        if (listener) {
            row.sendQ = SocketRow.UNKNOWN;
        }
        int timer = net.timer();
        if (timer != 0) {
            row.timer = timerName(timer);
            row.timerMs = net.timerWhen() * MS_PER_TICK;
            row.timerRetrans = timer == 2 || timer == 4 ? net.timeout() : net.retransmits();
            row.zeroWindow = timer == 4;
        }
        // refcount pointer rto ato quick/pingpong cwnd ssthresh: not read for listeners
        if (listener || net.rto() < 0) {
            return;
        }
        row.rtoMs = net.rto() * MS_PER_TICK;
        if (net.cwnd() < 0) {
            return;
        }
        row.cwnd = net.cwnd();
        if (net.ssthresh() >= 0) {
            row.ssthresh = net.ssthresh();
        }
    }

    private static String timerName(int timer) {
        switch (timer) {
            case 1: return "on";
            case 2: return "keepalive";
            case 3: return "timewait";
            case 4: return "persist";
            default: return "unknown";
        }
    }
}
