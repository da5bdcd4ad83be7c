package dev.sockit.plugin.analyzer.options;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockit.contracts.AnalyzerContract.OptionsRequest;
import dev.sockit.api.AuditLog;
import dev.sockit.api.AuditOp;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Protocol;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Status;
import dev.sockit.api.Units;
import dev.sockit.plugin.analyzer.AnalyzerInputException;
import dev.sockit.plugin.analyzer.model.HostFacts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sockit options}: applies socket options to real sockets on the loopback, reads back what the kernel made
 * of them with getsockopt, and explains the difference with the sysctls that shaped it.
 *
 * <p>TCP: a listener on {@code 127.0.0.1:0} (given {@code reuseAddress}, {@code reusePort}, {@code backlog} and
 * the buffer sizes, which accepted sockets inherit) and a client socket connected to it (given the rest); values are
 * read from the client, the listener's from the listener. UDP: one datagram socket bound to {@code 127.0.0.1:0}.
 * Options go through the JDK ({@code StandardSocketOptions} and the extended options it offers by name, such as
 * {@code TCP_KEEPIDLE}), so the probe needs no native library; options the JDK cannot set ({@code tcpCork},
 * {@code tcpUserTimeout}, {@code tcpFastOpen}, {@code tcpNotSentLowat}, {@code ipv6Only}) are reported as not
 * probed, with where sockit does apply them. On Linux the kernel doubles SO_RCVBUF and SO_SNDBUF and the JDK
 * halves what it reads back; the probe reports the kernel's figure (what {@code ss -m} shows as {@code rb}/{@code tb}).
 * Every socket operation is audited.
 */
public final class OptionsProbe {

    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("linux");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Options the JDK cannot set on a socket, with where sockit applies them. */
    private static final Map<String, String> NOT_PROBED = Map.of(
            "tcpCork", "the JDK cannot set TCP_CORK; tcp-server applies it on epoll and io_uring",
            "tcpUserTimeout", "the JDK cannot set TCP_USER_TIMEOUT; tcp-server applies it on epoll and io_uring",
            "tcpFastOpen", "the JDK cannot set TCP_FASTOPEN; tcp-server applies it on epoll and io_uring",
            "tcpNotSentLowat", "the JDK cannot set TCP_NOTSENT_LOWAT",
            "ipv6Only", "the JDK opens IPv6 sockets dual-stack and cannot set IPV6_V6ONLY on them");

    /** The sysctls that shape a TCP socket's options, shown with every TCP probe. */
    static final List<String> TCP_LIMITS = List.of("net.core.rmem_max", "net.core.wmem_max", "net.core.somaxconn",
            "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");
    /** The sysctls that shape a UDP socket's options. */
    static final List<String> UDP_LIMITS = List.of("net.core.rmem_max", "net.core.wmem_max", "net.core.rmem_default",
            "net.core.wmem_default", "net.ipv4.udp_mem");

    private final HostFacts limits;
    private final AuditLog audit;
    private final String process;

    /**
     * A probe that reads the sysctls in {@code limits} ({@code net.core.rmem_max}...) and audits as {@code process}.
     */
    public OptionsProbe(HostFacts limits, AuditLog audit, String process) {
        this.limits = limits;
        this.audit = audit;
        this.process = process;
    }

    /**
     * Applies {@code request}'s options and reports requested against effective values.
     *
     * @throws AnalyzerInputException for an unknown protocol, option or value
     */
    public Result probe(OptionsRequest request) {
        String proto = request.protocol().toLowerCase(Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            throw new AnalyzerInputException("protocol must be tcp or udp, not '" + request.protocol() + "'");
        }
        SocketOptions options = parse(request.set());
        Map<String, Object> requested = options.asMap();
        for (String name : requested.keySet()) {
            if (proto.equals("tcp") && name.equals("broadcast")) {
                throw new AnalyzerInputException("broadcast is a UDP option: use --udp");
            }
        }
        Probe probe = new Probe(proto, requested);
        try {
            if (proto.equals("tcp")) {
                probe.tcp(options);
            } else {
                probe.udp(options);
            }
        } catch (IOException e) {
            audit.record(AuditOp.ERROR, process, protocolOf(proto), 0, probe.local, "", "options: " + e);
            return Result.error("options", proto, probe.local, "the probe socket failed: " + e.getMessage(),
                    "Run it again; if it persists, check the loopback interface (ip addr show lo)");
        }
        return probe.result();
    }

    /** The options of {@code set}, bound as a config's {@code options} (durations, sizes, booleans). */
    static SocketOptions parse(Map<String, String> set) {
        ObjectNode node = MAPPER.createObjectNode();
        for (Map.Entry<String, String> e : set.entrySet()) {
            String v = e.getValue().trim();
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                node.put(e.getKey(), Boolean.parseBoolean(v));
            } else if (v.matches("-?\\d{1,18}")) {
                node.put(e.getKey(), Long.parseLong(v));
            } else {
                node.put(e.getKey(), v);
            }
        }
        try {
            return MAPPER.treeToValue(node, SocketOptions.class);
        } catch (UnrecognizedPropertyException e) {
            throw new AnalyzerInputException("unknown option '" + e.getPropertyName() + "' (options: "
                    + String.join(", ", SocketOptionTable.names()) + ")");
        } catch (JsonMappingException e) {
            String name = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            if (e.getCause() instanceof ConfigException c) {
                // sockit's own deserializers and checks: their message says what was expected
                throw new AnalyzerInputException("bad option value: " + (name == null ? "" : name + ": ")
                        + Quote.escape(firstLine(c.getMessage())));
            }
            // Jackson's words name Java types ("Cannot deserialize value of type java.lang.Boolean"): say it in ours
            throw new AnalyzerInputException("bad option value: " + (name == null ? "" : name + ": ")
                    + (name == null ? "" : Quote.of(set.get(name)) + " ") + "(expected: " + expected(name) + ")");
        } catch (IOException e) {
            throw new AnalyzerInputException("bad options: " + Quote.of(set.toString()));
        }
    }

    /** What option {@code name} takes, in a user's words. */
    private static String expected(String name) {
        OptionKey<?> key = name == null ? null : SocketOptionTable.byName(name);
        if (key == null) {
            return "a value of the option's kind, as in a config's options";
        }
        switch (key.type()) {
            case BOOLEAN:
                return "true or false";
            case DURATION:
                return "a duration: 250ms, 10s, 5m";
            default:
                return "a whole number from 0 to " + Integer.MAX_VALUE;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Protocol protocolOf(String proto) {
        return proto.equals("udp") ? Protocol.UDP : Protocol.TCP;
    }

    /** One run of the probe: the sockets, what was read, and the findings. */
    private final class Probe {
        private final String proto;
        private final Map<String, Object> requested;
        private final Map<String, JsonObject> report = new LinkedHashMap<>();
        private final JsonObject defaults = new JsonObject();
        private final List<String> findings = new ArrayList<>();
        private final List<String> recommendations = new ArrayList<>();
        private Status status = Status.SUCCESS;
        private String local = "";

        Probe(String proto, Map<String, Object> requested) {
            this.proto = proto;
            this.requested = requested;
        }

        void tcp(SocketOptions o) throws IOException {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                setIf(listener, "reuseAddress", StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
                setIf(listener, "reusePort", StandardSocketOptions.SO_REUSEPORT, o.reusePort());
                setIf(listener, "receiveBufferSize", StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize());
                int backlog = o.backlog() == null ? 0 : o.backlog();
                listener.bind(new InetSocketAddress(loopback, 0), backlog);
                String listening = ((InetSocketAddress) listener.getLocalAddress()).getAddress().getHostAddress() + ":"
                        + ((InetSocketAddress) listener.getLocalAddress()).getPort();
                audit.record(AuditOp.LISTEN, process, Protocol.TCP, 0, listening, "", "options probe");
                try (SocketChannel client = SocketChannel.open()) {
                    setIf(client, "reuseAddress", StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
                    setIf(client, "reusePort", StandardSocketOptions.SO_REUSEPORT, o.reusePort());
                    setIf(client, "tcpNoDelay", StandardSocketOptions.TCP_NODELAY, o.tcpNoDelay());
                    setIf(client, "keepAlive", StandardSocketOptions.SO_KEEPALIVE, o.keepAlive());
                    setIf(client, "keepAliveIdle", byName(client, "TCP_KEEPIDLE"), seconds(o.keepAliveIdle()));
                    setIf(client, "keepAliveInterval", byName(client, "TCP_KEEPINTERVAL"),
                            seconds(o.keepAliveInterval()));
                    setIf(client, "keepAliveCount", byName(client, "TCP_KEEPCOUNT"), o.keepAliveCount());
                    setIf(client, "soLinger", StandardSocketOptions.SO_LINGER, seconds(o.soLinger()));
                    setIf(client, "sendBufferSize", StandardSocketOptions.SO_SNDBUF, o.sendBufferSize());
                    setIf(client, "receiveBufferSize", StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize());
                    setIf(client, "trafficClass", StandardSocketOptions.IP_TOS, o.trafficClass());
                    setIf(client, "tcpQuickAck", byName(client, "TCP_QUICKACK"), o.tcpQuickAck());
                    client.connect(listener.getLocalAddress());
                    try (SocketChannel accepted = listener.accept()) {
                        local = ((InetSocketAddress) client.getLocalAddress()).getAddress().getHostAddress() + ":"
                                + ((InetSocketAddress) client.getLocalAddress()).getPort();
                        audit.record(AuditOp.CONNECT, process, Protocol.TCP, 1, local, listening, "options probe");
                        audit.record(AuditOp.ACCEPT, process, Protocol.TCP, 1, listening, local, "options probe");
                        readAll(client);
                        defaults.put("listener.receiveBufferSize", kernelBuffer(listener, StandardSocketOptions.SO_RCVBUF));
                        defaults.put("accepted.receiveBufferSize", kernelBuffer(accepted, StandardSocketOptions.SO_RCVBUF));
                        defaults.put("accepted.sendBufferSize", kernelBuffer(accepted, StandardSocketOptions.SO_SNDBUF));
                    }
                    audit.record(AuditOp.CLOSE, process, Protocol.TCP, 1, local, listening, "options probe");
                }
                backlog(o.backlog());
                audit.record(AuditOp.CLOSE, process, Protocol.TCP, 0, listening, "", "options probe");
            }
            notProbed();
            advise(o);
        }

        void udp(SocketOptions o) throws IOException {
            try (DatagramChannel socket = DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
                setIf(socket, "reuseAddress", StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
                setIf(socket, "reusePort", StandardSocketOptions.SO_REUSEPORT, o.reusePort());
                setIf(socket, "broadcast", StandardSocketOptions.SO_BROADCAST, o.broadcast());
                setIf(socket, "sendBufferSize", StandardSocketOptions.SO_SNDBUF, o.sendBufferSize());
                setIf(socket, "receiveBufferSize", StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize());
                setIf(socket, "trafficClass", StandardSocketOptions.IP_TOS, o.trafficClass());
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                local = "127.0.0.1:" + ((InetSocketAddress) socket.getLocalAddress()).getPort();
                audit.record(AuditOp.BIND, process, Protocol.UDP, 0, local, "", "options probe");
                readAll(socket);
                audit.record(AuditOp.CLOSE, process, Protocol.UDP, 0, local, "", "options probe");
            }
            for (String name : requested.keySet()) {
                if (!report.containsKey(name)) {
                    report.put(name, new JsonObject().put("requested", display(requested.get(name)))
                            .put("note", "a TCP option: not applied to a UDP socket"));
                    findings.add(name + " applies to TCP sockets only; not applied to the UDP socket");
                    status = Status.WARNING;
                }
            }
            advise(o);
        }

        /** Sets {@code option} to {@code value} when the config gave one, and audits it. */
        private <T> void setIf(NetworkChannel ch, String name, SocketOption<T> option, T value) throws IOException {
            if (value == null) {
                return;
            }
            if (option == null || !ch.supportedOptions().contains(option)) {
                report.put(name, new JsonObject().put("requested", display(requested.get(name)))
                        .put("note", "this JVM offers no such option on this platform"));
                findings.add(name + " cannot be set on this platform by the JVM");
                status = Status.WARNING;
                return;
            }
            try {
                ch.setOption(option, value);
            } catch (IOException | RuntimeException e) {
                report.put(name, new JsonObject().put("requested", display(requested.get(name)))
                        .put("error", e.toString()));
                findings.add(name + " was refused by the kernel: " + e.getMessage());
                status = Status.ERROR;
            }
        }

        /** Reads every option the socket offers; those requested are compared, the others are the defaults. */
        private void readAll(NetworkChannel ch) throws IOException {
            read(ch, "reuseAddress", StandardSocketOptions.SO_REUSEADDR);
            read(ch, "reusePort", StandardSocketOptions.SO_REUSEPORT);
            read(ch, "sendBufferSize", StandardSocketOptions.SO_SNDBUF);
            read(ch, "receiveBufferSize", StandardSocketOptions.SO_RCVBUF);
            read(ch, "trafficClass", StandardSocketOptions.IP_TOS);
            if (ch instanceof SocketChannel) {
                read(ch, "tcpNoDelay", StandardSocketOptions.TCP_NODELAY);
                read(ch, "keepAlive", StandardSocketOptions.SO_KEEPALIVE);
                read(ch, "keepAliveIdle", byName(ch, "TCP_KEEPIDLE"));
                read(ch, "keepAliveInterval", byName(ch, "TCP_KEEPINTERVAL"));
                read(ch, "keepAliveCount", byName(ch, "TCP_KEEPCOUNT"));
                read(ch, "soLinger", StandardSocketOptions.SO_LINGER);
                read(ch, "tcpQuickAck", byName(ch, "TCP_QUICKACK"));
            } else {
                read(ch, "broadcast", StandardSocketOptions.SO_BROADCAST);
            }
        }

        private void read(NetworkChannel ch, String name, SocketOption<?> option) throws IOException {
            if (option == null || !ch.supportedOptions().contains(option)) {
                return;
            }
            Object value = ch.getOption(option);
            Object effective = option == StandardSocketOptions.SO_RCVBUF || option == StandardSocketOptions.SO_SNDBUF
                    ? kernelBuffer((Integer) value) : value;
            if (name.startsWith("keepAlive") && !name.equals("keepAlive") && !name.equals("keepAliveCount")
                    || name.equals("soLinger")) {
                int s = (Integer) value;
                effective = s < 0 ? "off" : Units.format(Duration.ofSeconds(s));
            }
            Object wanted = requested.get(name);
            if (wanted == null) {
                defaults.put(name, effective);
                return;
            }
            if (report.containsKey(name)) {
                return;
            }
            JsonObject entry = new JsonObject().put("requested", display(wanted)).put("effective", effective);
            report.put(name, entry);
            audit.record(AuditOp.OPTION_SET, process, protocolOf(proto), 0, local, "",
                    name + " requested=" + display(wanted) + " effective=" + effective);
            compare(name, wanted, effective, entry);
        }

        private void compare(String name, Object wanted, Object effective, JsonObject entry) {
            if (name.equals("receiveBufferSize") || name.equals("sendBufferSize")) {
                int req = (Integer) wanted;
                int eff = (Integer) effective;
                String maxKey = name.equals("receiveBufferSize") ? "net.core.rmem_max" : "net.core.wmem_max";
                long max = sysctlLong(maxKey);
                String note;
                if (LINUX && max > 0 && req > max) {
                    note = "capped at " + maxKey + " = " + max + ", and doubled by the kernel for its bookkeeping";
                    recommendations.add("Raise " + maxKey + " to at least " + req + " (sysctl -w " + maxKey + "="
                            + req + ") for " + name + " " + req + " to take effect");
                    status = Status.WARNING;
                } else if (LINUX && eff == 2 * req) {
                    note = "the kernel doubles the size asked for, to leave room for its bookkeeping";
                } else {
                    note = eff == req ? "as requested" : "the kernel adjusted it";
                }
                entry.put("note", note);
                findings.add(name + ": requested " + req + ", the kernel applied " + eff + " (" + note + ")");
            } else {
                boolean same = String.valueOf(display(wanted)).equals(String.valueOf(effective));
                entry.put("note", same ? "as requested" : "differs from the request");
                findings.add(name + ": requested " + display(wanted) + ", effective " + effective
                        + (same ? "" : " (differs)"));
                if (!same && !name.equals("tcpQuickAck")) {
                    status = Status.WARNING;
                }
                if (name.equals("tcpQuickAck") && !same) {
                    entry.put("note", "TCP_QUICKACK is not sticky: the kernel clears it as it acknowledges");
                }
            }
        }

        private void backlog(Integer backlog) {
            if (backlog == null) {
                return;
            }
            long somaxconn = sysctlLong("net.core.somaxconn");
            JsonObject entry = new JsonObject().put("requested", backlog);
            if (somaxconn > 0) {
                long eff = Math.min(backlog, somaxconn);
                entry.put("effective", eff).put("note", eff < backlog ? "capped at net.core.somaxconn = " + somaxconn
                        : "within net.core.somaxconn = " + somaxconn);
                findings.add("backlog: requested " + backlog + ", the kernel allows " + eff
                        + (eff < backlog ? " (capped at net.core.somaxconn = " + somaxconn + ")" : ""));
                if (eff < backlog) {
                    recommendations.add("Raise net.core.somaxconn to at least " + backlog + " (sysctl -w "
                            + "net.core.somaxconn=" + backlog + ") for backlog " + backlog + " to take effect");
                    status = Status.WARNING;
                }
            } else {
                entry.put("note", "net.core.somaxconn is unknown here; the kernel caps the backlog at it");
                findings.add("backlog: requested " + backlog + "; the kernel caps it at net.core.somaxconn");
            }
            report.put("backlog", entry);
        }

        private void notProbed() {
            for (Map.Entry<String, String> e : NOT_PROBED.entrySet()) {
                if (requested.containsKey(e.getKey())) {
                    report.put(e.getKey(), new JsonObject().put("requested", display(requested.get(e.getKey())))
                            .put("note", e.getValue()));
                    findings.add(e.getKey() + " not probed: " + e.getValue());
                    status = status == Status.ERROR ? status : Status.WARNING;
                }
            }
        }

        /** Advice from the sysctls, whatever was set. */
        private void advise(SocketOptions o) {
            if (o.receiveBufferSize() != null && proto.equals("tcp")) {
                String rmem = limits.sysctl("net.ipv4.tcp_rmem");
                recommendations.add("Setting receiveBufferSize (SO_RCVBUF) turns off the kernel's receive-buffer "
                        + "autotuning for the socket" + (rmem == null ? "" : " (net.ipv4.tcp_rmem = " + rmem
                        + ", min/default/max)") + ": leave it unset unless a fixed size is the point");
            }
            if (proto.equals("tcp") && Boolean.TRUE.equals(o.keepAlive()) && o.keepAliveIdle() == null) {
                String time = limits.sysctl("net.ipv4.tcp_keepalive_time");
                recommendations.add("keepAlive without keepAliveIdle waits net.ipv4.tcp_keepalive_time"
                        + (time == null ? "" : " = " + time + " s") + " before the first probe: set keepAliveIdle");
            }
            String range = limits.sysctl("net.ipv4.ip_local_port_range");
            if (range != null) {
                String[] p = range.trim().split("\\s+");
                if (p.length == 2) {
                    try {
                        int ports = Integer.parseInt(p[1]) - Integer.parseInt(p[0]) + 1;
                        if (ports < 16384) {
                            recommendations.add("net.ipv4.ip_local_port_range (" + range.trim() + ") gives only "
                                    + ports + " ephemeral ports per destination: widen it for many outgoing "
                                    + "connections");
                        }
                    } catch (NumberFormatException ignored) {
                        // not a range: nothing to say about it
                    }
                }
            }
        }

        Result result() {
            Result.Builder b = Result.builder("options", proto).address(local).status(status);
            if (requested.isEmpty()) {
                b.finding("no option set: the effective defaults of a " + proto + " socket are in data.defaults");
            }
            findings.forEach(b::finding);
            String shown = limitsLine();
            if (!shown.isEmpty()) {
                b.finding("kernel limits: " + shown);
            }
            recommendations.stream().distinct().forEach(b::recommendation);
            JsonObject options = new JsonObject();
            report.forEach(options::put);
            JsonObject sysctls = new JsonObject();
            limits.sysctls().forEach(sysctls::put);
            return b.data(new JsonObject().put("protocol", proto).put("options", options).put("defaults", defaults)
                    .put("limits", sysctls).put("kernelDoublesBuffers", LINUX)
                    .put("notProbed", new JsonArray(new ArrayList<>(NOT_PROBED.keySet())))).build();
        }

        /** {@code name value} of each limit this protocol depends on that the host has, whitespace collapsed. */
        private String limitsLine() {
            List<String> parts = new ArrayList<>();
            for (String key : proto.equals("tcp") ? TCP_LIMITS : UDP_LIMITS) {
                String v = limits.sysctl(key);
                if (v != null) {
                    parts.add(key + " " + v.trim().replaceAll("\\s+", " "));
                }
            }
            return String.join(", ", parts);
        }

        private long sysctlLong(String key) {
            String v = limits.sysctl(key);
            if (v == null) {
                return -1;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** The socket option the JDK offers under {@code name} (an extended one, such as TCP_KEEPIDLE), or null. */
    @SuppressWarnings("unchecked")
    private static <T> SocketOption<T> byName(NetworkChannel ch, String name) {
        for (SocketOption<?> o : ch.supportedOptions()) {
            if (o.name().equals(name)) {
                return (SocketOption<T>) o;
            }
        }
        return null;
    }

    private static Integer seconds(Duration d) {
        return d == null ? null : (int) d.toSeconds();
    }

    private static Object display(Object value) {
        return value instanceof Duration d ? Units.format(d) : value;
    }

    /** The kernel's figure for a buffer size the JDK read: on Linux the JDK halves it, hiding the doubling. */
    private static int kernelBuffer(int jdkValue) {
        return LINUX ? jdkValue * 2 : jdkValue;
    }

    private static int kernelBuffer(NetworkChannel ch, SocketOption<Integer> option) throws IOException {
        return kernelBuffer(ch.getOption(option));
    }
}
