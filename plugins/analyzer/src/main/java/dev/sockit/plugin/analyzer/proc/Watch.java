package dev.sockit.plugin.analyzer.proc;

import dev.sockit.api.Checks;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Samples a {@link LiveHost} a number of times at an interval and reports, for each interval, how fast sockets
 * enter TIME_WAIT, the rates of the {@link #COUNTERS counters} that show trouble, and the state counts. One
 * {@link #sample()} reads {@code net/tcp}, {@code tcp6}, {@code udp}, {@code udp6} and the counters (no owner
 * scan); {@link #run} blocks between samples, so it belongs on a worker, while a caller with its own timer calls
 * {@link #sample()} and {@link #interval} itself.
 *
 * <p>TIME_WAIT sockets entered in an interval are the change in their count plus those that left it meanwhile:
 * {@code TcpExt.TW} (expired), {@code TcpExt.TWKilled} (killed early) and {@code TcpExt.TWRecycled} (reused for a
 * new connection by {@code tcp_tw_reuse}).
 */
public final class Watch {

    /** The most samples one watch takes. */
    public static final int MAX_SAMPLES = 3600;
    /** The shortest interval between samples. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** The longest interval between samples. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** The counters whose change per second each interval reports. */
    public static final List<String> COUNTERS = List.of("TcpExt.ListenOverflows", "TcpExt.ListenDrops",
            "Tcp.RetransSegs", "Udp.RcvbufErrors", "Tcp.ActiveOpens", "Tcp.PassiveOpens", "TcpExt.TW",
            "TcpExt.TWKilled", "TcpExt.TWRecycled");

    private static final List<String> TIME_WAIT_ENDED = List.of("TcpExt.TW", "TcpExt.TWKilled", "TcpExt.TWRecycled");

    /**
     * The host at one moment.
     *
     * @param epochMs   wall-clock time of the sample
     * @param nanos     {@link System#nanoTime()} of the sample, for the interval's length
     * @param tcpStates TCP sockets (v4 and v6) per state, states with none left out
     * @param udpStates UDP sockets (v4 and v6) per state
     * @param counters  the {@link #COUNTERS} the host has
     */
    public record Sample(long epochMs, long nanos, Map<String, Long> tcpStates, Map<String, Long> udpStates,
                         Map<String, Long> counters) {

        /** TCP sockets in TIME_WAIT. */
        public long timeWait() {
            return tcpStates.getOrDefault(TcpState.TIME_WAIT.label(), 0L);
        }
    }

    /**
     * What changed between two samples; plain values, maps and strings, ready for JSON.
     *
     * @param index              1 for the interval between the first and second sample
     * @param startEpochMs       wall-clock time of the first sample
     * @param endEpochMs         wall-clock time of the second sample
     * @param seconds            the interval's length
     * @param tcpStates          TCP sockets per state at the end
     * @param udpStates          UDP sockets per state at the end
     * @param timeWait           TIME_WAIT sockets at the end
     * @param timeWaitDelta      change in the TIME_WAIT count
     * @param newTimeWait        sockets that entered TIME_WAIT: the change plus those that left it
     * @param newTimeWaitPerSecond {@code newTimeWait} per second
     * @param counterDeltas      change of each counter both samples have (0 if it went down, as after a reset)
     * @param counterRates       the same per second
     */
    public record Interval(int index, long startEpochMs, long endEpochMs, double seconds,
                           Map<String, Long> tcpStates, Map<String, Long> udpStates, long timeWait,
                           long timeWaitDelta, long newTimeWait, double newTimeWaitPerSecond,
                           Map<String, Long> counterDeltas, Map<String, Double> counterRates) {
    }

    private final LiveHost host;
    private final int samples;
    private final Duration interval;

    /**
     * A watch of {@code host} taking {@code samples} samples (2 to {@link #MAX_SAMPLES}), {@code interval} apart
     * ({@link #MIN_INTERVAL} to {@link #MAX_INTERVAL}).
     */
    public Watch(LiveHost host, int samples, Duration interval) {
        this.host = Checks.notNull(host, "host");
        this.samples = Checks.inRange(samples, 2, MAX_SAMPLES, "samples");
        this.interval = Checks.inRangeOrNull(Checks.notNull(interval, "interval"), MIN_INTERVAL, MAX_INTERVAL,
                "interval");
    }

    /**
     * Takes the samples, sleeping between them, and hands each interval to {@code out} as soon as it ends
     * ({@code samples - 1} of them). Returns early, with the interrupt flag set, when the thread is interrupted.
     */
    public void run(Consumer<Interval> out) throws IOException {
        Sample previous = sample();
        long next = previous.nanos();
        for (int i = 1; i < samples; i++) {
            next += interval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Sample current = sample();
            out.accept(interval(i, previous, current));
            previous = current;
        }
    }

    /** Reads the host once: state counts of TCP and UDP sockets and the {@link #COUNTERS}. */
    public Sample sample() throws IOException {
        long epochMs = System.currentTimeMillis();
        long nanos = System.nanoTime();
        Map<TcpState, Long> tcp = new EnumMap<>(TcpState.class);
        Map<TcpState, Long> udp = new EnumMap<>(TcpState.class);
        ParseReport report = new ParseReport();
        host.readSockets(LiveHost.Query.all(), row -> {
            if (row.proto == Proto.TCP) {
                tcp.merge(row.state, 1L, Long::sum);
            } else if (row.proto == Proto.UDP) {
                udp.merge(row.state, 1L, Long::sum);
            }
        }, report);
        HostFacts facts = new HostFacts();
        host.readCounters(facts, report);
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String key : COUNTERS) {
            if (facts.hasCounter(key)) {
                counters.put(key, facts.counter(key));
            }
        }
        return new Sample(epochMs, nanos, labels(tcp), labels(udp), Collections.unmodifiableMap(counters));
    }

    /** The change from {@code from} to {@code to}, the {@code index}th interval of a watch. */
    public static Interval interval(int index, Sample from, Sample to) {
        double seconds = Math.max(1e-9, (to.nanos() - from.nanos()) / 1e9);
        Map<String, Long> deltas = new LinkedHashMap<>();
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String key : COUNTERS) {
            Long a = from.counters().get(key);
            Long b = to.counters().get(key);
            if (a != null && b != null) {
                long d = Math.max(0, b - a);
                deltas.put(key, d);
                rates.put(key, d / seconds);
            }
        }
        long timeWaitDelta = to.timeWait() - from.timeWait();
        long left = 0;
        for (String key : TIME_WAIT_ENDED) {
            left += deltas.getOrDefault(key, 0L);
        }
        long entered = Math.max(0, timeWaitDelta + left);
        return new Interval(index, from.epochMs(), to.epochMs(), seconds, to.tcpStates(), to.udpStates(),
                to.timeWait(), timeWaitDelta, entered, entered / seconds, Collections.unmodifiableMap(deltas),
                Collections.unmodifiableMap(rates));
    }

    private static Map<String, Long> labels(Map<TcpState, Long> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((state, n) -> out.put(state.label(), n));
        return Collections.unmodifiableMap(out);
    }
}
