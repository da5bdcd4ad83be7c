package dev.sockit.plugin.tcp;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;
import dev.sockit.net.BufferVerdict;
import dev.sockit.net.KernelLimits;
import dev.sockit.net.KernelVerdicts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the kernel made of the requested socket options: for each option the config sets, the requested value, the
 * effective one and a note, plus recommendations where a kernel limit kept the request from being met. Pure: it
 * takes the request, the kernel limits and the values read back from the sockets, and opens nothing.
 *
 * <p>The kernel's rules are {@link KernelVerdicts}' (buffer sizes capped and doubled, the backlog capped at
 * {@code net.core.somaxconn} without a word, the ECN bits of IP_TOS, the Fast Open bit); this class turns their
 * verdicts into notes and recommendations for a {@code tcp-server}. Options are walked in {@link SocketOptionTable}
 * order and told apart by key.
 */
final class EffectiveOptions {

    /** The effective value of an option not read back yet: it is read from the first accepted connection. */
    static final String PENDING = "pending";
    /** The effective value of an option that cannot be read back; the note says why. */
    static final String UNKNOWN = "unknown";

    private EffectiveOptions() {
    }

    /**
     * Evaluates every option {@code options} sets.
     *
     * @param options  the options as configured
     * @param ignored  the options the transport did not apply, with the reason ({@link TcpOptionsMapper.Mapping})
     * @param limits   the kernel limits
     * @param readings what the sockets report, by option name; {@code null} before a connection was read
     */
    static Report evaluate(SocketOptions options, Map<String, String> ignored, KernelLimits limits,
                           Map<String, Reading> readings) {
        Objects.requireNonNull(limits, "limits");
        Map<String, Entry> entries = new LinkedHashMap<>();
        Set<String> recommendations = new LinkedHashSet<>();
        for (OptionKey<?> key : options.keys()) {
            String name = key.name();
            Object requested = key.configForm(options.get(key));
            String notApplied = ignored.get(name);
            // An option that was not applied has its warning already; what the kernel reports is noted only.
            Option option = new Option(key, requested, options, limits,
                    notApplied == null ? recommendations : new LinkedHashSet<>());
            if (notApplied != null) {
                option.note("not applied: " + notApplied);
            }
            Object effective;
            if (key == SocketOptionTable.BACKLOG) {
                effective = option.backlog();
            } else if (key == SocketOptionTable.TCP_FAST_OPEN) {
                effective = option.fastOpen();
            } else if (readings == null) {
                option.note("read back from the first accepted connection");
                option.predict();
                effective = PENDING;
            } else {
                Reading reading = readings.getOrDefault(name, Reading.unreadable("not read"));
                if (reading.readable()) {
                    effective = key.configForm(reading.value());
                    option.explain(effective);
                } else {
                    option.note(reading.unreadable());
                    effective = UNKNOWN;
                }
            }
            entries.put(name, new Entry(requested, effective, option.notes()));
        }
        return new Report(entries, new ArrayList<>(recommendations));
    }

    /** A value read from a socket in the form the config writes: durations as {@code 30s}, linger off as "off". */
    static Object configForm(String name, Object value) {
        return SocketOptionTable.byName(name).configForm(value);
    }

    /**
     * One value read from a socket, or why it could not be read.
     *
     * @param value      what getsockopt returned, as the transport reports it ({@code Integer}, {@code Boolean}…)
     * @param unreadable why there is no value; {@code null} when there is
     */
    record Reading(Object value, String unreadable) {

        static Reading of(Object value) {
            return new Reading(Objects.requireNonNull(value, "value"), null);
        }

        static Reading unreadable(String reason) {
            return new Reading(null, Objects.requireNonNull(reason, "reason"));
        }

        boolean readable() {
            return unreadable == null;
        }
    }

    /**
     * One option.
     *
     * @param requested the value in the config, in config form ({@code 65536}, {@code 30s}, {@code true})
     * @param effective what the kernel applied, in the same form; or {@link #PENDING} or {@link #UNKNOWN}
     * @param note      why the two differ, or what else matters; empty if nothing
     */
    record Entry(Object requested, Object effective, String note) {

        boolean pending() {
            return PENDING.equals(effective);
        }

        JsonObject toJson() {
            return new JsonObject().put("requested", requested).put("effective", effective).put("note", note);
        }
    }

    /**
     * The evaluation of all options.
     *
     * @param entries         by option name, in the order of {@link SocketOptions#asMap()}
     * @param recommendations one sentence each, for people
     */
    record Report(Map<String, Entry> entries, List<String> recommendations) {

        /** Nothing evaluated yet. */
        static final Report EMPTY = new Report(Map.of(), List.of());

        Report {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            recommendations = List.copyOf(recommendations);
        }

        /** {@code {name: {requested, effective, note}}}. */
        JsonObject entriesJson() {
            JsonObject json = new JsonObject();
            entries.forEach((name, entry) -> json.put(name, entry.toJson()));
            return json;
        }

        JsonArray recommendationsJson() {
            return new JsonArray(new ArrayList<>(recommendations));
        }
    }

    /** The evaluation of one option: collects its notes and adds its recommendations. */
    private static final class Option {
        private final OptionKey<?> key;
        private final Object requested;
        private final SocketOptions options;
        private final KernelLimits limits;
        private final Set<String> recommendations;
        private final List<String> notes = new ArrayList<>();

        Option(OptionKey<?> key, Object requested, SocketOptions options, KernelLimits limits,
               Set<String> recommendations) {
            this.key = key;
            this.requested = requested;
            this.options = options;
            this.limits = limits;
            this.recommendations = recommendations;
        }

        void note(String note) {
            notes.add(note);
        }

        String notes() {
            return String.join("; ", notes);
        }

        /** The listen backlog, which no getsockopt reports: the kernel's cap applied to the request. */
        Object backlog() {
            Integer somaxconn = limits.somaxconn();
            String unreported = "no getsockopt reports a listener's backlog (ss -ltn shows it as Send-Q)";
            if (somaxconn == null) {
                note(KernelLimits.SOMAXCONN + " could not be read and " + unreported);
                return UNKNOWN;
            }
            int backlog = options.get(SocketOptionTable.BACKLOG);
            int effective = KernelVerdicts.backlog(backlog, somaxconn);
            if (effective == backlog) {
                note("computed: at most " + KernelLimits.SOMAXCONN + "=" + somaxconn + ", so not capped; "
                        + unreported);
                return backlog;
            }
            note("capped by the kernel at " + KernelLimits.SOMAXCONN + "=" + somaxconn + " without an error; computed,"
                    + " as " + unreported);
            recommendations.add("Raise " + KernelLimits.SOMAXCONN + " to at least " + backlog + " (sysctl -w "
                    + KernelLimits.SOMAXCONN + "=" + backlog + ") to get the requested backlog of " + backlog
                    + "; the kernel capped it at " + somaxconn);
            return effective;
        }

        /** TCP_FASTOPEN on the listener: the transport keeps what it set and does not ask the kernel. */
        Object fastOpen() {
            Boolean forServers = limits.fastOpenForServers();
            if (Boolean.TRUE.equals(options.get(SocketOptionTable.TCP_FAST_OPEN)) && Boolean.FALSE.equals(forServers)) {
                int sysctl = limits.tcpFastOpen();
                note(KernelLimits.TCP_FASTOPEN + "=" + sysctl + " leaves Fast Open off for every listener (bit 0x2 is"
                        + " clear)");
                recommendations.add("Set bit 0x2 of " + KernelLimits.TCP_FASTOPEN + " (sysctl -w "
                        + KernelLimits.TCP_FASTOPEN + "=" + KernelVerdicts.withFastOpenForServers(sysctl)
                        + ") so that the listener accepts data in SYN packets; " + key + " has no effect until then");
                return false;
            }
            note("the transport does not read TCP_FASTOPEN back from the kernel");
            return UNKNOWN;
        }

        /** What is known before a connection is read: the buffer sizes follow from the kernel limits. */
        void predict() {
            if (!KernelVerdicts.isBufferSize(key)) {
                return;
            }
            Integer max = limits.bufferMax(key);
            if (max == null) {
                return;
            }
            BufferVerdict verdict = verdict(0); // nothing read yet: only what the rules predict is used
            note("Linux will report 2 × min(requested, " + verdict.maxName() + ") = " + verdict.expected());
            if (verdict.capped()) {
                recommendations.add(raiseBuffer(verdict));
            }
            autotuning();
        }

        /** Explains {@code effective}, read from a socket, against the request. */
        void explain(Object effective) {
            if (KernelVerdicts.isBufferSize(key)) {
                buffer((Integer) effective);
            } else if (key == SocketOptionTable.TRAFFIC_CLASS) {
                trafficClass(options.get(SocketOptionTable.TRAFFIC_CLASS), (Integer) effective);
            } else if (key.type() == OptionKey.Type.DURATION && key.unit() == ChronoUnit.SECONDS) {
                wholeSeconds(effective);
            } else if (key == SocketOptionTable.TCP_QUICK_ACK) {
                if (!requested.equals(effective)) {
                    note("TCP_QUICKACK is not sticky: the kernel enters and leaves quick-ack mode as traffic"
                            + " flows, so a read-back may differ from what was set");
                }
            } else if (key == SocketOptionTable.TCP_NOT_SENT_LOWAT && ((Number) effective).longValue() == 0) {
                note("0: the connection follows net.ipv4.tcp_notsent_lowat");
            } else {
                differs(effective);
            }
        }

        @SuppressWarnings("unchecked")
        private BufferVerdict verdict(long effective) {
            OptionKey<Integer> buffer = (OptionKey<Integer>) key;
            // Limits are known on Linux only, where the kernel doubles: judged only when the cap is known.
            return KernelVerdicts.buffer(buffer, options.get(buffer), effective, limits.bufferMax(key), true);
        }

        private void buffer(int effective) {
            BufferVerdict verdict = verdict(effective);
            if (verdict.max() != null) {
                if (verdict.asExpected()) {
                    note("doubled by the kernel (Linux keeps half for bookkeeping)");
                    if (verdict.capped()) {
                        note("capped at " + verdict.maxName() + "=" + verdict.max());
                        recommendations.add(raiseBuffer(verdict));
                    }
                } else if (verdict.raised()) {
                    note("raised by the kernel to its minimum buffer size");
                } else {
                    differs(effective);
                }
            } else {
                differs(effective);
            }
            KernelLimits.TcpMem tcp = limits.tcpMem(key);
            if (tcp != null && effective < tcp.defaultValue()) {
                note("smaller than a TCP connection starts with (" + KernelLimits.tcpMemName(key) + " default "
                        + tcp.defaultValue() + ")");
            }
            autotuning();
        }

        private void autotuning() {
            KernelLimits.TcpMem tcp = limits.tcpMem(key);
            String direction = key == SocketOptionTable.RECEIVE_BUFFER_SIZE ? "receive" : "send";
            note("setting it turns off the kernel's " + direction + "-buffer autotuning for the connection"
                    + (tcp == null ? "" : " (which grows it up to " + KernelLimits.tcpMemName(key) + " max "
                    + tcp.max() + ")"));
        }

        private static String raiseBuffer(BufferVerdict v) {
            return "Raise " + v.maxName() + " to at least " + v.requested() + " (sysctl -w " + v.maxName() + "="
                    + v.requested() + ") to get the requested buffer of " + v.requested() + " bytes; the kernel capped"
                    + " it at " + v.max() + " (reported as " + 2L * v.max() + ")";
        }

        /** IP_TOS on a TCP socket: the kernel overwrites the two ECN bits with its own. */
        private void trafficClass(int tos, int effective) {
            if (tos == effective) {
                return;
            }
            if (!KernelVerdicts.differsInEcnOnly(tos, effective)) {
                differs(effective);
                return;
            }
            note("the kernel keeps the two ECN bits (0x03) of IP_TOS to itself on TCP sockets");
            if (KernelVerdicts.withoutEcn(tos) != tos) {
                recommendations.add("Use a trafficClass with the two ECN bits clear, " + KernelVerdicts.withoutEcn(tos)
                        + " instead of " + tos + ": the kernel manages ECN on TCP connections and drops those bits");
            }
        }

        /** SO_LINGER and the keep-alive times count whole seconds; a fraction was rounded up when applied. */
        private void wholeSeconds(Object effective) {
            if (requested.equals(effective)) {
                return;
            }
            Duration asked = Units.parseDuration((String) requested);
            long seconds = asked.toSeconds() + (asked.equals(Duration.ofSeconds(asked.toSeconds())) ? 0 : 1);
            if (Units.format(Duration.ofSeconds(seconds)).equals(effective)) {
                note("the kernel counts whole seconds: rounded up to " + effective);
                recommendations.add("Give " + key + " in whole seconds (" + effective + " instead of " + requested
                        + "): the kernel counts whole seconds");
            } else {
                differs(effective);
            }
        }

        private void differs(Object effective) {
            if (requested.equals(effective)) {
                return;
            }
            note("the kernel reports " + effective + ", not the requested " + requested);
            recommendations.add("Check " + key + ": requested " + requested + ", but the kernel applied "
                    + effective);
        }
    }
}
