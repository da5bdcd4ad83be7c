package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The C emitter for POSIX: turns a validated {@link GenerateRequest} into {@code <role>.c}, a {@code Makefile} and a
 * {@code README.md}. The source is put together from shared templates under {@code c/}: {@code common.c.tmpl}
 * (includes, signals, errors, connection options) for every program; for a server {@code server.c.tmpl} (bounded
 * buffers, listener), the payload ({@code payload_<payload>.c.tmpl}), the connection handling its model shares with
 * others, its loop ({@code loop_<io>.c.tmpl}, see {@link CModel}) and {@code main.c.tmpl}; for a client {@code
 * client.c.tmpl} (connect, checking the reply), {@code client_payload_<payload>.c.tmpl}, {@code
 * client_loop_<io>.c.tmpl} and {@code client_main.c.tmpl}. Templates have {@code {{NAME}}} placeholders; every
 * placeholder must be filled, or generation fails. It covers {@code tcp-server} with every POSIX model and
 * {@code tcp-client} likewise (the readiness models share {@code client_nonblocking.c.tmpl}), each with every
 * payload.
 */
public final class CGenerator implements Emitter {

    /** The I/O models this emitter writes, in the matrix's order. */
    public static final List<String> MODELS = List.copyOf(CModel.ALL.keySet());
    /** The I/O models of the tcp-client it writes. */
    public static final List<String> CLIENT_MODELS = List.copyOf(CModel.CLIENTS.keySet());
    /** The payloads of UDP programs: a datagram is already a frame, so line and length-prefixed do not apply. */
    public static final List<String> UDP_PAYLOADS = List.of("echo", "discard");
    /** Datagrams the generated udp-client sends when not told otherwise. */
    public static final int UDP_COUNT = 200;
    /** The payloads it writes. */
    public static final List<String> PAYLOADS = List.of("echo", "discard", "line", "length-prefixed");
    /** Bytes of input and of output buffered per connection in the generated program. */
    public static final int BUF_SIZE = 16384;
    /** Connections the generated program holds at once unless the request says ({@code maxConnections}). */
    public static final int MAX_CONNS = 512;
    /**
     * The most {@code maxConnections} a C server takes: it keeps a static table of that many connections, each with
     * two {@link #BUF_SIZE} buffers, which at this size is 128 MiB of address space (touched only as used).
     */
    public static final int MAX_CONNS_LIMIT = 4096;
    /** The longest line (without its newline) of the {@code line} payload. */
    public static final int MAX_LINE = 4096;
    /** The largest frame body of the {@code length-prefixed} payload: a whole frame fits in one buffer. */
    public static final int MAX_FRAME = BUF_SIZE - 4;
    /** Bytes the generated client sends when not told otherwise. */
    public static final int CLIENT_BYTES = 1024 * 1024;
    /** Seconds a generated client waits for any progress. */
    public static final int CLIENT_TIMEOUT_S = 10;
    /** Seconds a blocking connection may stay silent before it is closed unless the request says otherwise. */
    public static final int IDLE_TIMEOUT_S = 30;

    /** The UDP models whose README has notes of their own ({@code c/notes_udp_<role>_<io>.md.tmpl}). */
    private static final Set<String> UDP_IO_NOTES = Set.of("threads", "io_uring");

    private static final Map<String, String> PAYLOAD_TITLES = Map.of("echo", "echo", "discard", "discard",
            "line", "line echo", "length-prefixed", "length-prefixed frame echo");

    @Override
    public String lang() {
        return "c";
    }

    @Override
    public String platform() {
        return "posix";
    }

    @Override
    public Map<String, List<String>> covered() {
        Map<String, List<String>> covered = new LinkedHashMap<>();
        covered.put("tcp-server", MODELS);
        covered.put("tcp-client", CLIENT_MODELS);
        covered.put("udp-server", List.copyOf(CModel.UDP_SERVERS.keySet()));
        covered.put("udp-client", List.copyOf(CModel.UDP_CLIENTS.keySet()));
        return Collections.unmodifiableMap(covered);
    }

    /** The payloads this emitter writes for {@code role}. */
    public List<String> payloads(String role) {
        if (role.startsWith("udp-")) {
            return UDP_PAYLOADS;
        }
        return covered().containsKey(role) ? PAYLOADS : List.of();
    }

    @Override
    public String program(GenerateRequest request) {
        return request.role();
    }

    @Override
    public String build(GenerateRequest request, Path dir) {
        return "make -C " + dir;
    }

    @Override
    public String run(GenerateRequest request, Path dir) {
        return dir.resolve(program(request)) + " " + request.host() + " " + request.port();
    }

    /**
     * A TCP server honours {@code maxConnections} on every model (its connection table, or the thread count, has
     * that size), and {@code idleTimeoutMillis} on every model: the blocking ones time out with
     * {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}, the readiness loops sweep their table (idle_sweep.c.tmpl), io_uring
     * sweeps it on a timeout request and cancels a silent connection's request.
     */
    @Override
    public Set<String> honours(GenerateRequest request) {
        if (!"tcp-server".equals(request.role())) {
            return Set.of();
        }
        return Set.of(GenerateService.MAX_CONNECTIONS, GenerateService.IDLE_TIMEOUT);
    }

    /**
     * Renders the files of {@code request}, by file name, in a stable order.
     *
     * @throws BadRequestException when the request is invalid or not covered by this emitter yet
     */
    @Override
    public Map<String, String> render(GenerateRequest request) {
        request.validate();
        request = Emitters.withDefaults(request); // TCP_NODELAY on unless asked otherwise
        if (!"c".equals(request.lang()) || !"posix".equals(request.platform()) || !covers(request)
                || !payloads(request.role()).contains(request.payload())) {
            throw new BadRequestException("the C emitter writes, on posix, " + covered() + " with payloads "
                    + PAYLOADS + " (udp: " + UDP_PAYLOADS + ") so far; got " + request.role() + ", "
                    + request.lang() + ", " + request.platform() + ", " + request.payload() + " with io '"
                    + request.io() + "'");
        }
        boolean client = request.role().endsWith("-client");
        boolean udp = request.role().startsWith("udp-");
        int maxConns = request.maxConnections() == null ? MAX_CONNS : request.maxConnections();
        if (maxConns > MAX_CONNS_LIMIT && honours(request).contains(GenerateService.MAX_CONNECTIONS)) {
            throw new BadRequestException("maxConnections " + maxConns + " (expected: 1-" + MAX_CONNS_LIMIT
                    + " for C: the server keeps a static table of that many connections with two "
                    + BUF_SIZE / 1024 + " KiB buffers each)");
        }
        long idleMillis = request.idleTimeoutMillis() != null
                ? request.idleTimeoutMillis() : IDLE_TIMEOUT_S * 1000L;
        CModel model = (udp ? client ? CModel.UDP_CLIENTS : CModel.UDP_SERVERS
                : client ? CModel.CLIENTS : CModel.ALL).get(request.io());
        String payload = request.payload();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NODELAY_NOTE", Emitters.nodelayNote(request));
        values.put("ROLE", request.role());
        String args = !client ? "[HOST [PORT]]" : udp ? "[HOST [PORT [COUNT]]]" : "[HOST [PORT [BYTES|-]]]";
        values.put("USAGE", request.role() + " " + args + "   (defaults: " + request.host() + " " + request.port()
                + ")");
        values.put("UDP_ARGS", args);
        values.put("UDP_COUNT", Integer.toString(UDP_COUNT));
        values.put("SOURCE", source(request));
        values.put("IO", model.name());
        values.put("IO_TITLE", model.title());
        values.put("PAYLOAD", payload);
        values.put("PAYLOAD_TITLE", PAYLOAD_TITLES.get(payload));
        values.put("HOST", request.host());
        values.put("PORT", Integer.toString(request.port()));
        values.put("BACKLOG", Integer.toString(request.backlog()));
        values.put("BUF", Integer.toString(BUF_SIZE));
        values.put("MAX", Integer.toString(maxConns));
        values.put("MAX_LINE", Integer.toString(MAX_LINE));
        values.put("MAX_FRAME", Integer.toString(MAX_FRAME));
        values.put("IDLE_TIMEOUT", idleMillis % 1000 == 0 ? idleMillis / 1000 + " s" : idleMillis + " ms");
        values.put("IDLE_TIMEOUT_MS", Long.toString(idleMillis));
        // the readiness loops wait at most this long, then sweep the table for idle connections
        values.put("IDLE_SWEEP_MS", Long.toString(Math.max(10, Math.min(1000, idleMillis / 4))));
        values.put("CLIENT_BYTES", Integer.toString(CLIENT_BYTES));
        values.put("CLIENT_TIMEOUT", Integer.toString(CLIENT_TIMEOUT_S));
        values.put("EXPECTED", "discard".equals(payload) ? "0" : "ex.len");
        values.put("IO_INCLUDES", model.includes());
        values.put("PAYLOAD_DEFINES", payloadDefines(payload));
        values.put("LISTEN_FLAGS", model.listenFlags());
        values.put("MAIN_INIT", model.connTable() ? "    conns_init();\n" : "");
        values.put("MAKE_LIBS", model.makeLibs());
        String listenerOptions = optionLines(udp || client ? request.options() : serverOptions(request.options()),
                OptionKey.Role.LISTENER);
        String connectionOptions = optionLines(request.options(), OptionKey.Role.CONNECTION);
        values.put("LISTENER_OPTIONS", orNothingToSet(listenerOptions));
        values.put("CONNECTION_OPTIONS", orNothingToSet(connectionOptions));
        // -Wunused-function: a helper is written only when the program calls it
        values.put("OPTION_HELPER", ((client ? "" : listenerOptions) + connectionOptions).contains("set_int_option(")
                ? resource("set_int_option.c.tmpl") : "");
        values.put("BUFFER_APPEND", "discard".equals(payload) ? "" : resource("buffer_append.c.tmpl"));
        if (udp) {
            return renderUdp(request, client, values);
        }
        String notes = "notes_" + (client ? "client_" : "") + model.name() + ".md.tmpl";
        values.put("IO_NOTES", fill(resource(notes), values));
        values.put("PAYLOAD_NOTES", fill(resource("notes_payload_" + payload + ".md.tmpl"), values));
        values.put("CLIENT_NOTES", client ? fill(resource("notes_client.md.tmpl"), values) : "");

        List<String> parts = new ArrayList<>();
        parts.add("common.c.tmpl");
        if (client) {
            parts.addAll(List.of("client.c.tmpl", "client_payload_" + payload + ".c.tmpl"));
            parts.addAll(model.parts());
            parts.addAll(List.of("client_loop_" + model.name() + ".c.tmpl", "client_main.c.tmpl"));
        } else {
            parts.addAll(List.of("listener_options.c.tmpl", "server.c.tmpl", "payload_" + payload + ".c.tmpl"));
            parts.addAll(model.parts());
            parts.addAll(List.of("loop_" + model.name() + ".c.tmpl", "main.c.tmpl"));
        }
        return files(request, parts, client ? "README_client.md.tmpl" : "README.md.tmpl", values);
    }

    /** The files of a udp-server or udp-client: one socket, datagrams whole or nothing. */
    private static Map<String, String> renderUdp(GenerateRequest request, boolean client, Map<String, String> values) {
        boolean echo = "echo".equals(request.payload());
        values.put("UDP_PAYLOAD_NOTE", client
                ? echo ? "Each datagram waits for the same bytes back (stop and wait, 1 s, sent again up to 3 times;"
                        + " a late reply to an earlier datagram is skipped)."
                        : "After the last datagram, nothing may come back within 1 s."
                : echo ? "each datagram goes back whole to its sender." : "each datagram is dropped; nothing is sent.");
        values.put("UDP_REPLY", fill(resource("udp_reply_" + request.payload() + ".c.tmpl"), values));
        values.put("UDP_EXCHANGE", fill(resource("udp_exchange_" + request.payload() + ".c.tmpl"), values));
        // the client's reply wait, by model (the blocking client waits with poll on its blocking socket)
        values.put("UDP_WAIT", client ? fill(resource("udp_wait_" + ("blocking".equals(request.io()) ? "poll"
                : request.io()) + ".c.tmpl"), values) : "");
        values.put("UDP_WAIT_DONE", switch (request.io()) {
            case "threads" -> "    stop_receiver(fd);\n";
            case "io_uring" -> "    ring_done();\n";
            case "epoll", "epoll-lt", "kqueue" -> "    if (waiter >= 0) {\n        close_fd(waiter);\n    }\n";
            default -> "";
        });
        // the threads server's workers count dropped replies at once
        values.put("UDP_COUNTER_TYPE", "threads".equals(request.io()) ? "atomic_ulong" : "unsigned long");
        values.put("UDP_FLAG_TYPE", "threads".equals(request.io()) ? "atomic_int" : "int");
        values.put("UDP_URING_PAYLOAD", !client && "io_uring".equals(request.io())
                ? resource("udp_uring_" + request.payload() + ".c.tmpl") : "");
        values.put("UDP_IO_NOTES", UDP_IO_NOTES.contains(request.io())
                ? fill(resource("notes_udp_" + (client ? "client_" : "server_") + request.io() + ".md.tmpl"), values)
                : "");
        values.put("UDP_NOTES", fill(resource(client ? "notes_udp_client.md.tmpl" : "notes_udp_server.md.tmpl"),
                values));
        CModel model = (client ? CModel.UDP_CLIENTS : CModel.UDP_SERVERS).get(request.io());
        List<String> parts = new ArrayList<>(List.of("common.c.tmpl"));
        if (client) {
            parts.add("udp_client.c.tmpl");
        } else {
            parts.addAll(List.of("listener_options.c.tmpl", "udp_server.c.tmpl"));
            parts.addAll(model.parts());
            parts.addAll(List.of("udp_loop_" + request.io() + ".c.tmpl", "udp_main.c.tmpl"));
        }
        return files(request, parts, "README_udp.md.tmpl", values);
    }

    private static Map<String, String> files(GenerateRequest request, List<String> parts, String readme,
                                             Map<String, String> values) {
        StringBuilder source = new StringBuilder(64 * 1024);
        for (String part : parts) {
            source.append(fill(resource(part), values));
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(source(request), source.toString());
        files.put("Makefile", fill(resource("Makefile.tmpl"), values));
        files.put("README.md", fill(resource(readme), values));
        return files;
    }

    /** The source file's name: {@code tcp_server.c} for {@code tcp-server}. */
    static String source(GenerateRequest request) {
        return request.role().replace('-', '_') + ".c";
    }

    private static String payloadDefines(String payload) {
        return switch (payload) {
            case "line" -> "#define MAX_LINE " + MAX_LINE + "\n#define LINE_TOO_LONG \"error: line too long\\n\"\n";
            case "length-prefixed" -> "#define MAX_FRAME (BUF_SIZE - 4)\n";
            default -> "";
        };
    }

    /**
     * Writes the files of {@code request} into {@code dir}, creating it.
     *
     * @return the written files, in order
     */
    public List<Path> generate(GenerateRequest request, Path dir) throws IOException {
        Map<String, String> files = render(request);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            written.add(Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8));
        }
        return written;
    }

    /**
     * A TCP server's options with SO_REUSEADDR on unless the request says otherwise: without it a restarted server
     * cannot bind its port while connections of the previous one wait in TIME_WAIT (60 s on Linux), the first
     * thing people hit with a hand-written server. It lets no other live listener share the port.
     */
    static SocketOptions serverOptions(SocketOptions options) {
        return options.isSet(SocketOptionTable.REUSE_ADDRESS) ? options
                : options.toBuilder().set(SocketOptionTable.REUSE_ADDRESS, true).build();
    }

    /** An options function's body before its return: its setsockopt lines, or the note that fd is unused. */
    private static String orNothingToSet(String optionLines) {
        return optionLines.isEmpty() ? "    (void)fd; /* no option asked for */\n" : optionLines;
    }

    /** The setsockopt lines for the options of {@code options} that apply to sockets of {@code role}. */
    static String optionLines(SocketOptions options, OptionKey.Role role) {
        StringBuilder out = new StringBuilder();
        for (OptionKey<?> key : options.keys()) {
            if (!key.appliesTo(role)) {
                continue;
            }
            Object value = options.get(key);
            if (!key.isSocketOption() || key.level() == null) {
                out.append("    /* ").append(key.name()).append(": not a setsockopt option (")
                        .append(key.nativeName()).append("); skipped */\n");
                continue;
            }
            String level = key.level().name();
            String name = key.nativeName();
            out.append("    /* ").append(name).append(": ").append(key.meaning().replace("*/", "* /")).append(" */\n");
            if (value instanceof Duration d && "SO_LINGER".equals(name)) {
                out.append("    {\n")
                        .append("        struct linger lg = { 1, ").append(d.toSeconds()).append(" };\n")
                        .append("        if (setsockopt(fd, ").append(level).append(", ").append(name)
                        .append(", &lg, sizeof lg) < 0) {\n")
                        .append("            fprintf(stderr, \"setsockopt ").append(name)
                        .append(": %s\\n\", strerror(errno));\n")
                        .append("            return -1;\n        }\n    }\n");
                continue;
            }
            long number;
            if (value instanceof Boolean b) {
                number = b ? 1 : 0;
            } else if (value instanceof Duration d) {
                number = key.unit() == ChronoUnit.MILLIS ? d.toMillis() : d.toSeconds();
            } else if (value instanceof Number n) {
                number = n.longValue();
            } else {
                out.append("    /* ").append(name).append(": value type ").append(value.getClass().getSimpleName())
                        .append(" has no C form yet; skipped */\n");
                continue;
            }
            out.append("    if (set_int_option(fd, ").append(level).append(", ").append(name).append(", \"")
                    .append(name).append("\", ").append(number).append(") < 0) {\n        return -1;\n    }\n");
        }
        return Templates.fitComments(out.toString());
    }

    private static String fill(String template, Map<String, String> values) {
        return Templates.fill(template, values);
    }

    private static String resource(String name) {
        return Templates.resource(CGenerator.class, "c/" + name);
    }
}
