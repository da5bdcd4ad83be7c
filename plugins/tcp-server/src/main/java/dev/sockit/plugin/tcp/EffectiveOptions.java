package dev.sockit.plugin.tcp;

import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
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
 * <p>The Linux rules it explains: SO_RCVBUF and SO_SNDBUF are capped at {@code net.core.rmem_max} and
 * {@code wmem_max}, then doubled (the kernel keeps half for bookkeeping), and setting either turns off autotuning of
 * that buffer; the listen backlog is capped at {@code net.core.somaxconn} without a word, and no getsockopt reports
 * it; on TCP sockets the kernel keeps the two ECN bits of IP_TOS to itself; TCP_QUICKACK is not sticky; a listener
 * accepts Fast Open data only when {@code net.ipv4.tcp_fastopen} has bit {@code 0x2}.
 */
final class EffectiveOptions {

    /** The effective value of an option not read back yet: it is read from the first accepted connection. */
    static final String PENDING = "pending";
    /** The effective value of an option that cannot be read back; the note says why. */
    static final String UNKNOWN = "unknown";

    /** The options of the listener; the others are read from an accepted connection. */
    static final Set<String> LISTENER_OPTIONS = Set.of("reuseAddress", "reusePort", "backlog", "tcpFastOpen");

    private static final int ECN_MASK = 0x03;

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
        options.asMap().forEach((name, requested) -> {
            String notApplied = ignored.get(name);
            // An option that was not applied has its warning already; what the kernel reports is noted only.
            Option option = new Option(name, requested, options, limits,
                    notApplied == null ? recommendations : new LinkedHashSet<>());
            if (notApplied != null) {
                option.note("not applied: " + notApplied);
            }
            Object effective;
            if (name.equals("backlog")) {
                effective = option.backlog();
            } else if (name.equals("tcpFastOpen")) {
                effective = option.fastOpen();
            } else if (readings == null) {
                option.note("read back from the first accepted connection");
                option.predict();
                effective = PENDING;
            } else {
                Reading reading = readings.getOrDefault(name, Reading.unreadable("not read"));
                if (reading.readable()) {
                    effective = configForm(name, reading.value());
                    option.explain(effective);
                } else {
                    option.note(reading.unreadable());
                    effective = UNKNOWN;
                }
            }
            entries.put(name, new Entry(requested, effective, option.notes()));
        });
        return new Report(entries, new ArrayList<>(recommendations));
    }

    /** A value read from a socket in the form the config writes: durations as {@code 30s}, linger off as "off". */
    static Object configForm(String name, Object value) {
        switch (name) {
            case "keepAliveIdle":
            case "keepAliveInterval":
                return Units.format(Duration.ofSeconds(((Number) value).longValue()));
            case "soLinger":
                int seconds = ((Number) value).intValue();
                return seconds < 0 ? "off" : Units.format(Duration.ofSeconds(seconds));
            case "tcpUserTimeout":
                return Units.format(Duration.ofMillis(((Number) value).longValue()));
            default:
                return value;
        }
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
        private final String name;
        private final Object requested;
        private final SocketOptions options;
        private final KernelLimits limits;
        private final Set<String> recommendations;
        private final List<String> notes = new ArrayList<>();

        Option(String name, Object requested, SocketOptions options, KernelLimits limits,
               Set<String> recommendations) {
            this.name = name;
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
                note("net.core.somaxconn could not be read and " + unreported);
                return UNKNOWN;
            }
            int backlog = options.backlog();
            if (backlog <= somaxconn) {
                note("computed: at most net.core.somaxconn=" + somaxconn + ", so not capped; " + unreported);
                return backlog;
            }
            note("capped by the kernel at net.core.somaxconn=" + somaxconn + " without an error; computed, as "
                    + unreported);
            recommendations.add("Raise net.core.somaxconn to at least " + backlog + " (sysctl -w net.core.somaxconn="
                    + backlog + ") to get the requested backlog of " + backlog + "; the kernel capped it at "
                    + somaxconn);
            return somaxconn;
        }

        /** TCP_FASTOPEN on the listener: the transport keeps what it set and does not ask the kernel. */
        Object fastOpen() {
            Boolean forServers = limits.fastOpenForServers();
            if (Boolean.TRUE.equals(options.tcpFastOpen()) && Boolean.FALSE.equals(forServers)) {
                int sysctl = limits.tcpFastOpen();
                note("net.ipv4.tcp_fastopen=" + sysctl + " leaves Fast Open off for every listener (bit 0x2 is clear)");
                recommendations.add("Set bit 0x2 of net.ipv4.tcp_fastopen (sysctl -w net.ipv4.tcp_fastopen="
                        + (sysctl | KernelLimits.FASTOPEN_SERVER) + ") so that the listener accepts data in SYN"
                        + " packets; tcpFastOpen has no effect until then");
                return false;
            }
            note("the transport does not read TCP_FASTOPEN back from the kernel");
            return UNKNOWN;
        }

        /** What is known before a connection is read: the buffer sizes follow from the kernel limits. */
        void predict() {
            if (name.equals("receiveBufferSize")) {
                predictBuffer(options.receiveBufferSize(), limits.rmemMax(), "net.core.rmem_max", "receive");
            } else if (name.equals("sendBufferSize")) {
                predictBuffer(options.sendBufferSize(), limits.wmemMax(), "net.core.wmem_max", "send");
            }
        }

        private void predictBuffer(int size, Integer max, String maxName, String direction) {
            if (max == null) {
                return;
            }
            long applied = Math.min(size, max);
            note("Linux will report 2 × min(requested, " + maxName + ") = " + 2 * applied);
            if (size > max) {
                recommendations.add(raiseBuffer(size, max, maxName));
            }
            autotuning(direction);
        }

        /** Explains {@code effective}, read from a socket, against the request. */
        void explain(Object effective) {
            switch (name) {
                case "receiveBufferSize":
                    buffer(options.receiveBufferSize(), (Integer) effective, limits.rmemMax(), "net.core.rmem_max",
                            limits.tcpRmem(), "net.ipv4.tcp_rmem", "receive");
                    return;
                case "sendBufferSize":
                    buffer(options.sendBufferSize(), (Integer) effective, limits.wmemMax(), "net.core.wmem_max",
                            limits.tcpWmem(), "net.ipv4.tcp_wmem", "send");
                    return;
                case "trafficClass":
                    trafficClass(options.trafficClass(), (Integer) effective);
                    return;
                case "keepAliveIdle":
                case "keepAliveInterval":
                case "soLinger":
                    wholeSeconds(effective);
                    return;
                case "tcpQuickAck":
                    if (!requested.equals(effective)) {
                        note("TCP_QUICKACK is not sticky: the kernel enters and leaves quick-ack mode as traffic"
                                + " flows, so a read-back may differ from what was set");
                    }
                    return;
                case "tcpNotSentLowat":
                    if (((Number) effective).longValue() == 0) {
                        note("0: the connection follows net.ipv4.tcp_notsent_lowat");
                    } else {
                        differs(effective);
                    }
                    return;
                default:
                    differs(effective);
            }
        }

        private void buffer(int size, int effective, Integer max, String maxName, KernelLimits.TcpMem tcp,
                            String tcpName, String direction) {
            if (max != null) {
                long applied = Math.min(size, max);
                if (effective == 2 * applied) {
                    note("doubled by the kernel (Linux keeps half for bookkeeping)");
                    if (size > max) {
                        note("capped at " + maxName + "=" + max);
                        recommendations.add(raiseBuffer(size, max, maxName));
                    }
                } else if (effective > 2 * applied) {
                    note("raised by the kernel to its minimum buffer size");
                } else {
                    differs(effective);
                }
            } else {
                differs(effective);
            }
            if (tcp != null && effective < tcp.defaultValue()) {
                note("smaller than a TCP connection starts with (" + tcpName + " default " + tcp.defaultValue() + ")");
            }
            autotuning(direction);
        }

        private void autotuning(String direction) {
            KernelLimits.TcpMem tcp = direction.equals("receive") ? limits.tcpRmem() : limits.tcpWmem();
            String sysctl = direction.equals("receive") ? "net.ipv4.tcp_rmem" : "net.ipv4.tcp_wmem";
            note("setting it turns off the kernel's " + direction + "-buffer autotuning for the connection"
                    + (tcp == null ? "" : " (which grows it up to " + sysctl + " max " + tcp.max() + ")"));
        }

        private static String raiseBuffer(int size, int max, String maxName) {
            return "Raise " + maxName + " to at least " + size + " (sysctl -w " + maxName + "=" + size
                    + ") to get the requested buffer of " + size + " bytes; the kernel capped it at " + max
                    + " (reported as " + 2L * max + ")";
        }

        /** IP_TOS on a TCP socket: the kernel overwrites the two ECN bits with its own. */
        private void trafficClass(int tos, int effective) {
            if (tos == effective) {
                return;
            }
            if ((tos & ~ECN_MASK) != (effective & ~ECN_MASK)) {
                differs(effective);
                return;
            }
            note("the kernel keeps the two ECN bits (0x03) of IP_TOS to itself on TCP sockets");
            if ((tos & ECN_MASK) != 0) {
                recommendations.add("Use a trafficClass with the two ECN bits clear, " + (tos & ~ECN_MASK)
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
                recommendations.add("Give " + name + " in whole seconds (" + effective + " instead of " + requested
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
            recommendations.add("Check " + name + ": requested " + requested + ", but the kernel applied "
                    + effective);
        }
    }
}
