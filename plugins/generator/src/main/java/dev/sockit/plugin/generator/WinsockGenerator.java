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

    /** The I/O models this emitter writes, in the matrix's order. */
    public static final List<String> MODELS = List.of("blocking", "select", "wsapoll", "iocp");
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
        return Map.of("tcp-server", MODELS);
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
     * Renders {@code tcp_server.c}, {@code Makefile} and {@code README.md}, in that order.
     *
     * @throws BadRequestException when the request is invalid or not covered by this emitter yet
     */
    @Override
    public Map<String, String> render(GenerateRequest request) {
        request.validate();
        if (!"tcp-server".equals(request.role()) || !"c".equals(request.lang())
                || !"windows".equals(request.platform()) || !MODELS.contains(request.io())
                || !"echo".equals(request.payload())) {
            throw new BadRequestException("the Winsock emitter writes tcp-server, c, windows, echo with io one of "
                    + MODELS + " so far; got " + request.role() + ", " + request.lang() + ", " + request.platform()
                    + ", " + request.payload() + " with io '" + request.io() + "'");
        }
        String io = request.io();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("IO", io);
        values.put("IO_TITLE", title(io));
        values.put("HOST", request.host());
        values.put("PORT", Integer.toString(request.port()));
        values.put("BACKLOG", Integer.toString(request.backlog()));
        values.put("BUF", Integer.toString(BUF_SIZE));
        values.put("MAX", Integer.toString(MAX_CONNS));
        values.put("IO_DEFINES", defines(io));
        values.put("IO_INCLUDES", "iocp".equals(io) ? "#include <mswsock.h>\n#include <stddef.h>\n" : "");
        values.put("OPTION_INCLUDES", WinsockOptions.needsMstcpip(request.options()) ? "#include <mstcpip.h>\n" : "");
        values.put("LISTENER_OPTIONS", WinsockOptions.lines(request.options(), OptionKey.Role.LISTENER));
        values.put("CONNECTION_OPTIONS", WinsockOptions.lines(request.options(), OptionKey.Role.CONNECTION));
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
        values.put("IO_NOTES", notes(io));
        values.put("LIBS", "-lws2_32");
        values.put("LINK_NOTE", "iocp".equals(io)
                ? "ws2_32 only: AcceptEx is taken at run time from WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER), as"
                  + " Microsoft asks,\n# so mswsock.lib is not linked"
                : "Winsock 2 lives in ws2_32");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("tcp_server.c", Templates.fill(resource("tcp_server.c.tmpl"), values));
        files.put("Makefile", Templates.fill(resource("Makefile.tmpl"), values));
        files.put("README.md", Templates.fill(resource("README.md.tmpl"), values));
        return files;
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

    private static String notes(String io) {
        return switch (io) {
            case "blocking" -> """
                    - **Blocking and iterative**: one connection is served to its end before the next `accept`; the
                      others wait in the listen backlog. Simple and correct, but one slow or idle peer holds up all the
                      others: use it to learn, or behind a proxy that serializes, not for many clients.
                    - **Ctrl+C** is left to Windows' default handler, which ends the process; Windows closes its
                      sockets. A flag would only be read after the current `accept` or `recv` returns.
                    """;
            case "select" -> """
                    - **select** is level-triggered. Winsock's `fd_set` is a counted array of sockets, not a bitmap:
                      `FD_SETSIZE` is raised above the connection limit before `winsock2.h`, the first argument of
                      `select` is ignored, and `FD_ISSET` is a linear search, so a round costs O(n²) at worst. Fine for
                      hundreds of connections; use `wsapoll` or `iocp` beyond.
                    """ + nonBlockingNotes();
            case "wsapoll" -> """
                    - **WSAPoll** is Winsock's `poll`, level-triggered: the set is rebuilt each round, asking for
                      input (`POLLRDNORM`) only while the buffer has room and for output (`POLLWRNORM`) only while
                      output is pending; `POLLPRI` is not asked for (`WSAPoll` refuses it). Known limit of `WSAPoll`
                      (not met by a server): before Windows 10 2004 it did not report a failed `connect`.
                    """ + nonBlockingNotes();
            default -> """
                    - **I/O completion port**: Windows' native model. Operations are started (`AcceptEx`, `WSARecv`,
                      `WSASend`) and the port reports them done; `GetQueuedCompletionStatusEx` takes up to 64
                      completions per call. One thread serves the port, so a connection's state needs no lock; to use
                      more cores, run several threads on one port and lock per connection.
                    - **One outstanding operation per direction** per connection: a receive into the free part of a
                      ring buffer and a send from its pending part, on disjoint bytes. A receive is never posted
                      without room, so a completed receive of 0 bytes is the peer's FIN.
                    - **AcceptEx** comes from `WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)`, as Microsoft asks; one
                      accept is outstanding while a connection slot is free (at most {{MAX}}); with all taken, new
                      connections wait in the listen backlog. `SO_UPDATE_ACCEPT_CONTEXT` gives the accepted socket the
                      listener's properties, so that `shutdown` works on it.
                    - **Errors and closing**: a failed operation closes the socket, which cancels the other one; its
                      slot is reused only after the port has reported every operation (the kernel writes into the
                      slot's buffer until then). `WSAGetOverlappedResult` turns a completion's status into a
                      `WSAE*` code for the message.
                    - **Ctrl+C** posts a packet to the port (`PostQueuedCompletionStatus`) that ends the loop at once.
                    """.replace("{{MAX}}", Integer.toString(MAX_CONNS));
        };
    }

    private static String nonBlockingNotes() {
        return """
                - **Non-blocking sockets** (`ioctlsocket(FIONBIO)`, set again on each accepted socket rather than
                  relying on inheritance): a call that would wait fails with `WSAEWOULDBLOCK`, and the loops read and
                  write until it does.
                - **Max connections** (%d): a connection beyond it is accepted and closed at once, so the backlog does
                  not fill.
                - **Ctrl+C** sets a flag from the console handler (another thread); the wait is bounded to %d ms so
                  that the loop sees it.
                """.formatted(MAX_CONNS, STOP_CHECK_MS);
    }

    private static String resource(String name) {
        return Templates.resource(WinsockGenerator.class, DIR + name);
    }
}
