package dev.sockit.plugin.analyzer.options;

import dev.sockit.api.AuditLog;
import dev.sockit.api.AuditOp;
import dev.sockit.api.OptionKey;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.net.KernelVerdicts;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the probe: opens the loopback sockets, sets each requested option the JDK can set (by its
 * {@link OptionKey#standardOption()} or extended {@link OptionKey#jdkName()}), reads every option back with
 * getsockopt and hands the comparison to {@link OptionAdvice}. Buffer sizes the JDK reads are turned into the
 * kernel's figure ({@link KernelVerdicts#kernelFigureOfJdkRead}). Every socket operation is audited.
 */
final class ProbeRun {

    private final ProbeReport report;
    private final OptionAdvice advice;
    private final AuditLog audit;
    private final String process;
    private final Protocol protocol;

    ProbeRun(ProbeReport report, OptionAdvice advice, AuditLog audit, String process) {
        this.report = report;
        this.advice = advice;
        this.audit = audit;
        this.process = process;
        this.protocol = report.proto.equals("udp") ? Protocol.UDP : Protocol.TCP;
    }

    /**
     * A listener on {@code 127.0.0.1:0} given the listener's options and the receive buffer (which accepted sockets
     * inherit), and a client connected to it given every TCP option; values are read from the client.
     */
    void tcp(SocketOptions o) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            for (OptionKey<?> key : SocketOptionTable.all()) {
                if (key.appliesTo(OptionKey.Role.LISTENER) || key == SocketOptionTable.RECEIVE_BUFFER_SIZE) {
                    setIf(listener, key, o);
                }
            }
            Integer backlog = o.get(SocketOptionTable.BACKLOG);
            listener.bind(new InetSocketAddress(loopback, 0), backlog == null ? 0 : backlog);
            String listening = address(listener);
            audit.record(AuditOp.LISTEN, process, Protocol.TCP, 0, listening, "", "options probe");
            try (SocketChannel client = SocketChannel.open()) {
                for (OptionKey<?> key : SocketOptionTable.all()) {
                    if (key.appliesTo(Protocol.TCP)) {
                        setIf(client, key, o);
                    }
                }
                client.connect(listener.getLocalAddress());
                try (SocketChannel accepted = listener.accept()) {
                    report.local = address(client);
                    audit.record(AuditOp.CONNECT, process, Protocol.TCP, 1, report.local, listening, "options probe");
                    audit.record(AuditOp.ACCEPT, process, Protocol.TCP, 1, listening, report.local, "options probe");
                    readAll(client);
                    putBuffer("listener.", listener, SocketOptionTable.RECEIVE_BUFFER_SIZE);
                    putBuffer("accepted.", accepted, SocketOptionTable.RECEIVE_BUFFER_SIZE);
                    putBuffer("accepted.", accepted, SocketOptionTable.SEND_BUFFER_SIZE);
                }
                audit.record(AuditOp.CLOSE, process, Protocol.TCP, 1, report.local, listening, "options probe");
            }
            advice.backlog(report, backlog);
            audit.record(AuditOp.CLOSE, process, Protocol.TCP, 0, listening, "", "options probe");
        }
        advice.notProbed(report);
        advice.advise(report, o);
    }

    /** One datagram socket bound to {@code 127.0.0.1:0}, given every UDP option. */
    void udp(SocketOptions o) throws IOException {
        try (DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET)) {
            for (OptionKey<?> key : SocketOptionTable.all()) {
                if (key.appliesTo(Protocol.UDP)) {
                    setIf(socket, key, o);
                }
            }
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            report.local = "127.0.0.1:" + ((InetSocketAddress) socket.getLocalAddress()).getPort();
            audit.record(AuditOp.BIND, process, Protocol.UDP, 0, report.local, "", "options probe");
            readAll(socket);
            audit.record(AuditOp.CLOSE, process, Protocol.UDP, 0, report.local, "", "options probe");
        }
        for (OptionKey<?> key : o.keys()) {
            if (!report.hasEntry(key)) {
                report.entry(key).put("note", "a TCP option: not applied to a UDP socket");
                report.findings.add(key + " applies to TCP sockets only; not applied to the UDP socket");
                report.warn();
            }
        }
        advice.advise(report, o);
    }

    /** Sets {@code key} when the request gives it and the JDK can set it; notes why not otherwise. */
    private void setIf(NetworkChannel ch, OptionKey<?> key, SocketOptions o) throws IOException {
        Object value = o.get(key);
        if (value == null || !key.isSocketOption() || key.jdkName() == null) {
            return;
        }
        SocketOption<Object> option = jdkOption(ch, key);
        if (option == null) {
            report.entry(key).put("note", "this JVM offers no such option on this platform");
            report.findings.add(key + " cannot be set on this platform by the JVM");
            report.warn();
            return;
        }
        try {
            // The JDK takes whole seconds for SO_LINGER and the keep-alive times.
            ch.setOption(option, value instanceof Duration d ? (Object) (int) d.toSeconds() : value);
        } catch (IOException | RuntimeException e) {
            report.entry(key).put("error", e.toString());
            report.findings.add(key + " was refused by the kernel: " + e.getMessage());
            report.fail();
        }
    }

    /**
     * Reads every option the socket offers; those requested are compared, the others are the defaults. Options of
     * both protocols first, then those of this socket's protocol only, each in table order.
     */
    private void readAll(NetworkChannel ch) throws IOException {
        List<OptionKey<?>> shared = new ArrayList<>();
        List<OptionKey<?>> own = new ArrayList<>();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (!key.isSocketOption() || key.jdkName() == null || !key.appliesTo(protocol)) {
                continue;
            }
            Protocol other = protocol == Protocol.TCP ? Protocol.UDP : Protocol.TCP;
            (key.appliesTo(other) ? shared : own).add(key);
        }
        for (OptionKey<?> key : shared) {
            read(ch, key);
        }
        for (OptionKey<?> key : own) {
            read(ch, key);
        }
    }

    private void read(NetworkChannel ch, OptionKey<?> key) throws IOException {
        SocketOption<Object> option = jdkOption(ch, key);
        if (option == null) {
            return;
        }
        Object value = ch.getOption(option);
        Object effective = KernelVerdicts.isBufferSize(key) ? KernelVerdicts.kernelFigureOfJdkRead((Integer) value)
                : key.configForm(value);
        Object wanted = report.requested(key);
        if (wanted == null) {
            report.defaults.put(key.name(), effective);
            return;
        }
        if (report.hasEntry(key)) {
            return;
        }
        JsonObject entry = report.entry(key).put("effective", effective);
        audit.record(AuditOp.OPTION_SET, process, protocol, 0, report.local, "",
                key + " requested=" + ProbeReport.display(wanted) + " effective=" + effective);
        advice.compare(report, key, wanted, effective, entry);
    }

    /** The JDK's option for {@code key} on {@code ch}, or {@code null} when this JVM offers none there. */
    @SuppressWarnings("unchecked")
    private static SocketOption<Object> jdkOption(NetworkChannel ch, OptionKey<?> key) {
        SocketOption<?> standard = key.standardOption();
        if (standard != null) {
            return ch.supportedOptions().contains(standard) ? (SocketOption<Object>) standard : null;
        }
        for (SocketOption<?> o : ch.supportedOptions()) {
            if (o.name().equals(key.jdkName())) {
                return (SocketOption<Object>) o;
            }
        }
        return null;
    }

    private static String address(NetworkChannel ch) throws IOException {
        InetSocketAddress a = (InetSocketAddress) ch.getLocalAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The kernel's figure for buffer {@code key} of {@code ch}, as default {@code <socket>.<name>}. */
    private void putBuffer(String socket, NetworkChannel ch, OptionKey<Integer> key) throws IOException {
        Integer read = (Integer) ch.getOption(jdkOption(ch, key));
        report.defaults.put(socket + key.name(), KernelVerdicts.kernelFigureOfJdkRead(read));
    }
}
