package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C emitter for Windows (Winsock 2): turns a validated {@link GenerateRequest} into one source file
 * ({@code tcp_server.c}, {@code tcp_client.c}, {@code udp_server.c} or {@code udp_client.c}), a {@code Makefile} that
 * builds the {@code .exe} with MinGW-w64 and a {@code README.md}. Templates are the resources under {@code winsock/};
 * every placeholder must be filled. Every role is written for the {@code blocking}, {@code select}, {@code wsapoll}
 * and {@code iocp} models: {@code tcp-server} with the {@code echo} payload, {@code tcp-client} with every payload,
 * {@code udp-server} and {@code udp-client} with {@code echo} and {@code discard}.
 */
public final class WinsockGenerator implements Emitter {

    /** The I/O models this emitter writes for every role, in the matrix's order. */
    public static final List<String> MODELS = List.of("blocking", "select", "wsapoll", "iocp");
    /** The I/O models this emitter writes for {@code tcp-client}. */
    public static final List<String> CLIENT_MODELS = MODELS;
    /** The I/O models this emitter writes for {@code udp-server} and {@code udp-client}. */
    public static final List<String> UDP_MODELS = MODELS;
    /** The payloads of the tcp-client (the server echoes only so far). */
    public static final List<String> CLIENT_PAYLOADS = List.of("echo", "discard", "line", "length-prefixed");
    /** The payloads of UDP programs: a datagram is already a frame, so line and length-prefixed do not apply. */
    public static final List<String> UDP_PAYLOADS = CGenerator.UDP_PAYLOADS;
    /** Pending-output bytes per connection in the generated program. */
    public static final int BUF_SIZE = 16384;
    /** Connections the generated program holds at once. */
    public static final int MAX_CONNS = 512;
    /** The MinGW-w64 compiler that builds the program on Linux. */
    public static final String MINGW_CC = "x86_64-w64-mingw32-gcc";

    private static final String DIR = "winsock/";
    /** How long a select or WSAPoll wait lasts at most, so that a console event ends the loop. */
    private static final int STOP_CHECK_MS = 1000;
    /** Datagrams a select or WSAPoll udp-server serves per wake-up at most. */
    private static final int UDP_BATCH = 64;

    @Override
    public String lang() {
        return "c";
    }

    @Override
    public String platform() {
        return "windows";
    }

    @Override
    public Map<String, List<String>> covered() {
        Map<String, List<String>> covered = new LinkedHashMap<>();
        covered.put("tcp-server", MODELS);
        covered.put("tcp-client", CLIENT_MODELS);
        covered.put("udp-server", UDP_MODELS);
        covered.put("udp-client", UDP_MODELS);
        return covered;
    }

    /** The payloads this emitter writes for {@code role}. */
    static List<String> payloads(String role) {
        return switch (role) {
            case "tcp-client" -> CLIENT_PAYLOADS;
            case "udp-server", "udp-client" -> UDP_PAYLOADS;
            default -> List.of("echo");
        };
    }

    @Override
    public String program(GenerateRequest request) {
        return request.role() + ".exe";
    }

    @Override
    public String build(GenerateRequest request, Path dir) {
        return "make -C " + dir + " CC=" + MINGW_CC;
    }

    /** Under wine on Linux; on Windows the program runs as it is. */
    @Override
    public String run(GenerateRequest request, Path dir) {
        return "wine " + dir.resolve(program(request)) + " " + request.host() + " " + request.port();
    }

    /**
     * Renders the source ({@code tcp_server.c}, {@code tcp_client.c}, {@code udp_server.c} or {@code udp_client.c}),
     * {@code Makefile} and {@code README.md}, in that order.
     *
     * @throws BadRequestException when the request is invalid or not covered by this emitter yet
     */
    @Override
    public Map<String, String> render(GenerateRequest request) {
        request.validate();
        request = Emitters.withDefaults(request); // TCP_NODELAY on unless asked otherwise
        if (!"c".equals(request.lang()) || !"windows".equals(request.platform()) || !covers(request)
                || !payloads(request.role()).contains(request.payload())) {
            throw new BadRequestException("the Winsock emitter writes c, windows: io one of " + MODELS
                    + "; tcp-server with payload echo, tcp-client with " + CLIENT_PAYLOADS + ", udp-server and"
                    + " udp-client with " + UDP_PAYLOADS + " so far; got " + request.role() + ", " + request.lang()
                    + ", " + request.platform() + ", " + request.payload() + " with io '" + request.io() + "'");
        }
        String io = request.io();
        String role = request.role();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NODELAY_NOTE", Emitters.nodelayNote(request));
        values.put("IO", io);
        values.put("IO_TITLE", title(io));
        values.put("ROLE", role);
        values.put("PAYLOAD", request.payload());
        values.put("HOST", request.host());
        values.put("PORT", Integer.toString(request.port()));
        values.put("BACKLOG", Integer.toString(request.backlog()));
        values.put("BUF", Integer.toString(BUF_SIZE));
        values.put("MAX", Integer.toString(MAX_CONNS));
        values.put("PROGRAM", program(request));
        values.put("COMMON", resource("common.c.tmpl"));
        values.put("OPTION_INCLUDES", WinsockOptions.needsMstcpip(request.options()) ? "#include <mstcpip.h>\n" : "");
        values.put("CONNECTION_OPTIONS", WinsockOptions.body(
                WinsockOptions.lines(request.options(), OptionKey.Role.CONNECTION), false));
        values.put("DATAGRAM_OPTIONS", WinsockOptions.body(
                WinsockOptions.lines(request.options(), OptionKey.Role.DATAGRAM), true));
        values.put("LIBS", "-lws2_32");
        values.put("LINK_NOTE", "iocp".equals(io) && "tcp-server".equals(role)
                ? "ws2_32 only: AcceptEx is taken at run time from WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER), as"
                  + " Microsoft asks,\n# so mswsock.lib is not linked"
                : "Winsock 2 lives in ws2_32");
        String source = role.replace('-', '_') + ".c";
        values.put("SOURCE", source);
        String readme = switch (role) {
            case "tcp-client" -> clientValues(request, values);
            case "udp-server", "udp-client" -> WinsockUdp.values(request, values);
            default -> serverValues(request, values);
        };
        Map<String, String> files = new LinkedHashMap<>();
        files.put(source, Templates.fill(resource(source + ".tmpl"), values));
        files.put("Makefile", Templates.fill(resource("Makefile.tmpl"), values));
        files.put("README.md", Templates.fill(resource(readme), values));
        return files;
    }

    /** The values of a tcp-client; returns its README template. */
    private static String clientValues(GenerateRequest request, Map<String, String> values) {
        String io = request.io();
        String payload = request.payload();
        values.put("CLIENT_BYTES", Integer.toString(CGenerator.CLIENT_BYTES));
        values.put("CLIENT_TIMEOUT", Integer.toString(CGenerator.CLIENT_TIMEOUT_S));
        values.put("EXPECTED", "discard".equals(payload) ? "0" : "ex.len");
        values.put("IO_INCLUDES", "blocking".equals(io) ? "#include <process.h>\n#include <stdint.h>\n" : "");
        // the generated payloads are plain C, the same bytes as the C/POSIX client's
        values.put("PAYLOAD_FILL", Templates.resource(WinsockGenerator.class,
                "c/client_payload_" + payload + ".c.tmpl"));
        values.put("CLIENT_NONBLOCKING", resource("client_nonblocking.c.tmpl"));
        values.put("IO_LOOP", Templates.fill(resource("client_" + io + ".c.tmpl"), values));
        values.put("IO_TITLE", WinsockNotes.clientTitle(io));
        values.put("IO_NOTES", WinsockNotes.client(io));
        values.put("PAYLOAD_NOTE", "discard".equals(payload)
                ? "The server must send nothing back: any reply byte fails the run."
                : "The reply must be the bytes sent, in order" + switch (payload) {
                    case "line" -> " (a line server echoes each whole line).";
                    case "length-prefixed" -> " (a length-prefixed server echoes each whole frame).";
                    default -> ".";
                });
        return "README_client.md.tmpl";
    }

    /** The values of a tcp-server; returns its README template. */
    private static String serverValues(GenerateRequest request, Map<String, String> values) {
        String io = request.io();
        values.put("IO_DEFINES", defines(io));
        values.put("IO_INCLUDES", "iocp".equals(io) ? "#include <mswsock.h>\n#include <stddef.h>\n" : "");
        values.put("LISTENER_OPTIONS", WinsockOptions.body(
                WinsockOptions.lines(request.options(), OptionKey.Role.LISTENER), true));
        values.put("CONN", "select".equals(io) || "wsapoll".equals(io) ? resource("conn_nonblocking.c.tmpl") : "");
        values.put("IO_LOOP", Templates.fill(resource("loop_" + io + ".c.tmpl"), values));
        values.put("STOP_SETUP", stopSetup(io));
        values.put("STOP_NOTE", stopNote(io));
        values.put("IO_NOTES", WinsockNotes.server(io, MAX_CONNS, STOP_CHECK_MS));
        return "README.md.tmpl";
    }

    /** The lines of main that install the console handler (none for blocking: Windows' default handler ends it). */
    static String stopSetup(String io) {
        return "blocking".equals(io)
                ? "    /* Ctrl+C: the default handler ends the process and Windows closes its sockets (README) */\n"
                : "    if (!SetConsoleCtrlHandler(on_console_event, TRUE)) {\n"
                  + "        report(\"SetConsoleCtrlHandler\", (int)GetLastError());\n"
                  + "        WSACleanup();\n        return 1;\n    }\n";
    }

    /** The README's sentence on how a server of {@code io} stops. */
    static String stopNote(String io) {
        return "blocking".equals(io)
                ? "Ctrl+C ends it at once (a blocking server has no point where it could look at a flag)."
                : "Ctrl+C (or Ctrl+Break, or closing the console) stops it cleanly.";
    }

    /** How the README and the source comment name {@code io}. */
    static String title(String io) {
        return switch (io) {
            case "blocking" -> "blocking sockets (iterative)";
            case "select" -> "select";
            case "wsapoll" -> "WSAPoll";
            default -> "I/O completion ports (IOCP)";
        };
    }

    /** The lines a model defines before {@code winsock2.h} (FD_SETSIZE must come first). */
    static String defines(String io) {
        return switch (io) {
            case "select" -> "/* Winsock's fd_set is an array of FD_SETSIZE sockets (64 unless raised before"
                    + " winsock2.h) */\n#define FD_SETSIZE (MAX_CONNS + 1)\n#define STOP_CHECK_MS " + STOP_CHECK_MS
                    + "\n";
            case "wsapoll" -> "#define STOP_CHECK_MS " + STOP_CHECK_MS + "\n";
            default -> "";
        };
    }

    /** The defines of a udp-server of {@code io}: one socket, so select's default FD_SETSIZE is plenty. */
    static String udpDefines(String io) {
        return switch (io) {
            case "select", "wsapoll" -> "#define STOP_CHECK_MS " + STOP_CHECK_MS + "\n#define BATCH " + UDP_BATCH
                    + " /* datagrams served per wake-up at most */\n";
            default -> "";
        };
    }

    /** The template {@code winsock/<name>}. */
    static String resource(String name) {
        return Templates.resource(WinsockGenerator.class, DIR + name);
    }
}
