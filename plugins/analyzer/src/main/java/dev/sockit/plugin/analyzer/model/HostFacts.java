package dev.sockit.plugin.analyzer.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Host-wide facts beside the socket list: kernel counters and sysctls, from {@code /proc}, {@code ss -s},
 * {@code netstat -s} or the live host.
 *
 * <p>Counter keys are {@code <group>.<name>} exactly as {@code /proc/net/snmp} and {@code /proc/net/netstat}
 * name them ({@code TcpExt.ListenOverflows}, {@code TcpExt.ListenDrops}, {@code Tcp.RetransSegs},
 * {@code Udp.RcvbufErrors}, {@code Udp.InErrors}), and {@code sockstat.<PROTO>.<field>} for
 * {@code /proc/net/sockstat} and {@code sockstat6} ({@code sockstat.TCP.inuse}, {@code sockstat.TCP.orphan},
 * {@code sockstat.TCP.tw}, {@code sockstat.TCP.alloc}, {@code sockstat.TCP.mem} in pages,
 * {@code sockstat.UDP.mem}, {@code sockstat.sockets.used}, {@code sockstat.TCP6.inuse}). {@code ss -s} and
 * {@code netstat -s} map onto the same keys where they print the same counter. Sysctl keys are dotted names
 * ({@code net.ipv4.ip_local_port_range}, {@code net.core.somaxconn}) with the value as the kernel prints it.
 */
public final class HostFacts {

    /** What the counters of {@code /proc/net/snmp}, {@code netstat} and {@code ss -s} are: totals since boot. */
    public static final String BOOT_SPAN = "totals since boot";
    /** What nstat's counters are: it does not say whether it printed deltas or totals. */
    public static final String NSTAT_SPAN = "as nstat printed them: increases since its previous run, or totals since"
            + " boot when it ran with -a or for the first time";

    private final Map<String, Long> counters = new TreeMap<>();
    private String counterSpan = BOOT_SPAN;
    private final Map<String, String> sysctls = new TreeMap<>();

    public void counter(String key, long value) {
        counters.put(key, value);
    }

    /** The counter, or {@code -1} when unknown. */
    public long counter(String key) {
        Long v = counters.get(key);
        return v == null ? -1 : v;
    }

    public boolean hasCounter(String key) {
        return counters.containsKey(key);
    }

    public Map<String, Long> counters() {
        return Collections.unmodifiableMap(counters);
    }

    public void sysctl(String key, String value) {
        sysctls.put(key, value.trim());
    }

    /** The sysctl's value as printed, or {@code null}. */
    public String sysctl(String key) {
        return sysctls.get(key);
    }

    public Map<String, String> sysctls() {
        return Collections.unmodifiableMap(sysctls);
    }

    /** Says what span the counters cover ({@link #BOOT_SPAN} unless an input said otherwise). */
    public void counterSpan(String span) {
        this.counterSpan = span;
    }

    /** What span the counters cover, for a finding's text: {@link #BOOT_SPAN} or {@link #NSTAT_SPAN}. */
    public String counterSpan() {
        return counterSpan;
    }

    /** Adds every counter and sysctl of {@code other}, replacing those of the same key. */
    public void addAll(HostFacts other) {
        if (!other.counters.isEmpty()) {
            counterSpan = other.counterSpan;
        }
        counters.putAll(other.counters);
        sysctls.putAll(other.sysctls);
    }
}
