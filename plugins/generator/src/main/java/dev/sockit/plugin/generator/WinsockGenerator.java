package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C emitter for Windows (Winsock 2): turns a validated {@link GenerateRequest} into {@code tcp_server.c}, a
 * {@code Makefile} that builds {@code tcp-server.exe} with MinGW-w64 and a {@code README.md}. Templates are the
 * resources under {@code winsock/}; every placeholder must be filled. This slice covers {@code tcp-server} with the
 * {@code blocking} (iterative), {@code select}, {@code wsapoll} and {@code iocp} models and the {@code echo} payload.
 */
public final class WinsockGenerator implements Emitter {

    /** The I/O models this emitter writes for {@code tcp-server}, in the matrix's order. */
    public static final List<String> MODELS = List.of("blocking", "select", "wsapoll", "iocp");
    /** The I/O models this emitter writes for {@code tcp-client}. */
    public static final List<String> CLIENT_MODELS = List.of("blocking", "select");
    /** Pending-output bytes per connection in the generated program. */
    public static final int BUF_SIZE = 16384;
    /** Connections the generated program holds at once. */
    public static final int MAX_CONNS = 512;
    /** The MinGW-w64 compiler that builds the program on Linux. */
    public static final String MINGW_CC = "x86_64-w64-mingw32-gcc";

    private static final String DIR = "winsock/";
    /** How long a select or WSAPoll wait lasts at most, so that a console event ends the loop. */
    private static final int STOP_CHECK_MS = 1000;

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
        return covered;
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
     * Renders the source ({@code tcp_server.c} or {@code tcp_client.c}), {@code Makefile} and {@code README.md}, in
     * that order.
     *
     * @throws BadRequestException when the request is invalid or not covered by this emitter yet
     */
    @Override
    public Map<String, String> render(GenerateRequest request) {
        request.validate();
        if (!"c".equals(request.lang()) || !"windows".equals(request.platform()) || !covers(request)
                || !"echo".equals(request.payload())) {
            throw new BadRequestException("the Winsock emitter writes c, windows, echo: tcp-server with io one of "
                    + MODELS + ", tcp-client with io one of " + CLIENT_MODELS + " so far; got " + request.role()
                    + ", " + request.lang() + ", " + request.platform() + ", " + request.payload() + " with io '"
                    + request.io() + "'");
        }
        String io = request.io();
        boolean client = "tcp-client".equals(request.role());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("IO", io);
        values.put("IO_TITLE", title(io));
        values.put("HOST", request.host());
        values.put("PORT", Integer.toString(request.port()));
        values.put("BACKLOG", Integer.toString(request.backlog()));
        values.put("BUF", Integer.toString(BUF_SIZE));
        values.put("MAX", Integer.toString(MAX_CONNS));
        values.put("PROGRAM", program(request));
        values.put("COMMON", resource("common.c.tmpl"));
        values.put("OPTION_INCLUDES", WinsockOptions.needsMstcpip(request.options()) ? "#include <mstcpip.h>\n" : "");
        values.put("CONNECTION_OPTIONS", WinsockOptions.lines(request.options(), OptionKey.Role.CONNECTION));
        values.put("LIBS", "-lws2_32");
        values.put("LINK_NOTE", "iocp".equals(io)
                ? "ws2_32 only: AcceptEx is taken at run time from WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER), as"
                  + " Microsoft asks,\n# so mswsock.lib is not linked"
                : "Winsock 2 lives in ws2_32");
        String source = client ? "tcp_client.c" : "tcp_server.c";
        values.put("SOURCE", source);
        if (client) {
            values.put("IO_LOOP", resource("client_" + io + ".c.tmpl"));
            values.put("IO_NOTES", WinsockNotes.client(io));
        } else {
            serverValues(request, values);
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(source, Templates.fill(resource(client ? "tcp_client.c.tmpl" : "tcp_server.c.tmpl"), values));
        files.put("Makefile", Templates.fill(resource("Makefile.tmpl"), values));
        files.put("README.md", Templates.fill(resource(client ? "README_client.md.tmpl" : "README.md.tmpl"), values));
        return files;
    }

    private static void serverValues(GenerateRequest request, Map<String, String> values) {
        String io = request.io();
        values.put("IO_DEFINES", defines(io));
        values.put("IO_INCLUDES", "iocp".equals(io) ? "#include <mswsock.h>\n#include <stddef.h>\n" : "");
        values.put("LISTENER_OPTIONS", WinsockOptions.lines(request.options(), OptionKey.Role.LISTENER));
        values.put("CONN", "select".equals(io) || "wsapoll".equals(io) ? resource("conn_nonblocking.c.tmpl") : "");
        values.put("IO_LOOP", Templates.fill(resource("loop_" + io + ".c.tmpl"), values));
        values.put("STOP_SETUP", "blocking".equals(io)
                ? "    /* Ctrl+C: the default handler ends the process and Windows closes its sockets (README) */\n"
                : "    if (!SetConsoleCtrlHandler(on_console_event, TRUE)) {\n"
                  + "        report(\"SetConsoleCtrlHandler\", (int)GetLastError());\n"
                  + "        WSACleanup();\n        return 1;\n    }\n");
        values.put("STOP_NOTE", "blocking".equals(io)
                ? "Ctrl+C ends it at once (an iterative blocking server has no point where it could look at a flag)."
                : "Ctrl+C (or Ctrl+Break, or closing the console) stops it cleanly.");
        values.put("IO_NOTES", WinsockNotes.server(io, MAX_CONNS, STOP_CHECK_MS));
    }

    private static String title(String io) {
        return switch (io) {
            case "blocking" -> "blocking sockets (iterative)";
            case "select" -> "select";
            case "wsapoll" -> "WSAPoll";
            default -> "I/O completion ports (IOCP)";
        };
    }

    private static String defines(String io) {
        return switch (io) {
            case "select" -> "/* Winsock's fd_set is an array of FD_SETSIZE sockets (64 unless raised before"
                    + " winsock2.h) */\n#define FD_SETSIZE (MAX_CONNS + 1)\n#define STOP_CHECK_MS " + STOP_CHECK_MS + "\n";
            case "wsapoll" -> "#define STOP_CHECK_MS " + STOP_CHECK_MS + "\n";
            default -> "";
        };
    }

    private static String resource(String name) {
        return Templates.resource(WinsockGenerator.class, DIR + name);
    }
}
