package dev.sockit.plugin.analyzer.options;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockit.api.AuditLog;
import dev.sockit.api.AuditOp;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.ConfigException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.Protocol;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.AnalyzerContract.OptionsRequest;
import dev.sockit.plugin.analyzer.model.HostFacts;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sockit options}: applies socket options to real sockets on the loopback, reads back what the kernel made
 * of them with getsockopt, and explains the difference with the sysctls that shaped it.
 *
 * <p>TCP: a listener on {@code 127.0.0.1:0} (given {@code reuseAddress}, {@code reusePort}, {@code backlog} and
 * the receive buffer, which accepted sockets inherit) and a client socket connected to it (given the rest); values
 * are read from the client. UDP: one datagram socket bound to {@code 127.0.0.1:0}. Options go through the JDK
 * ({@code StandardSocketOptions} and the extended options it offers by name, such as {@code TCP_KEEPIDLE}), so the
 * probe needs no native library; the options the JDK cannot set are reported as not probed, with where sockit does
 * apply them. On Linux the kernel doubles SO_RCVBUF and SO_SNDBUF and the JDK halves what it reads back; the probe
 * reports the kernel's figure (what {@code ss -m} shows as {@code rb}/{@code tb}). Every socket operation is audited.
 * The options, their JDK names and the sockets they apply to come from {@link SocketOptionTable}; the sockets are
 * {@link ProbeRun}'s, the advice {@link OptionAdvice}'s.
 */
public final class OptionsProbe {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
     * @throws BadRequestException for an unknown protocol, option or value
     */
    public Result probe(OptionsRequest request) {
        String proto = request.protocol().toLowerCase(Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            throw new BadRequestException("protocol must be tcp or udp, not '" + request.protocol() + "'");
        }
        SocketOptions options = parse(request.set());
        if (proto.equals("tcp")) {
            for (OptionKey<?> key : options.keys()) {
                if (!key.appliesTo(Protocol.TCP)) {
                    throw new BadRequestException(key + " is a UDP option: use --udp");
                }
            }
        }
        ProbeReport report = new ProbeReport(proto, options.asMap());
        ProbeRun run = new ProbeRun(report, new OptionAdvice(limits), audit, process);
        try {
            if (proto.equals("tcp")) {
                run.tcp(options);
            } else {
                run.udp(options);
            }
        } catch (IOException e) {
            audit.record(AuditOp.ERROR, process, proto.equals("udp") ? Protocol.UDP : Protocol.TCP, 0, report.local,
                    "", "options: " + e);
            return Result.error("options", proto, report.local, "the probe socket failed: " + e.getMessage(),
                    "Run it again; if it persists, check the loopback interface (ip addr show lo)");
        }
        List<String> notProbed = OptionAdvice.notProbed().stream().map(OptionKey::name).toList();
        return report.result(limits, notProbed);
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
            throw new BadRequestException("unknown option '" + e.getPropertyName() + "' (options: "
                    + String.join(", ", SocketOptionTable.names()) + ")");
        } catch (JsonMappingException e) {
            String name = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            if (e.getCause() instanceof ConfigException c) {
                // sockit's own deserializers and checks: their message says what was expected
                throw new BadRequestException("bad option value: " + (name == null ? "" : name + ": ")
                        + Quote.escape(firstLine(c.getMessage())));
            }
            // Jackson's words name Java types ("Cannot deserialize value of type java.lang.Boolean"): say it in ours
            throw new BadRequestException("bad option value: " + (name == null ? "" : name + ": ")
                    + (name == null ? "" : Quote.of(set.get(name)) + " ") + "(expected: " + expected(name) + ")");
        } catch (IOException e) {
            throw new BadRequestException("bad options: " + Quote.of(set.toString()));
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
}
