package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unit tests of {@link WinsockGenerator}. The golden file {@code winsock_tcp_server_iocp.c.golden} pins the
 * generated {@code tcp_server.c} for iocp with the default request values; after an intended template change,
 * rewrite it with {@code mvn -o verify -pl plugins/generator -Dgolden.update=true} (from the repository root) and
 * review the diff. Building and running the output is {@link WinsockGeneratorWineTest}'s part.
 */
class WinsockGeneratorTest {

    private static final String GOLDEN = "winsock_tcp_server_iocp.c.golden";

    private static GenerateRequest request(String io, String platform, SocketOptions options) {
        return new GenerateRequest("tcp-server", "c", io, platform, null, 7007, 128, options, null);
    }

    @Test
    void iocp_source_with_default_values_matches_the_golden_file() throws Exception {
        String generated = new WinsockGenerator().render(request("iocp", "windows", null)).get("tcp_server.c");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/dev/sockit/plugin/generator", GOLDEN), generated,
                    StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = WinsockGeneratorTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, "golden file " + GOLDEN + " is missing; run with -Dgolden.update=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), generated);
        }
    }

    @Test
    void writes_the_source_a_makefile_for_the_exe_and_a_readme_for_every_model() {
        for (String io : WinsockGenerator.MODELS) {
            Map<String, String> files = new WinsockGenerator().render(request(io, "windows", null));
            assertEquals(List.of("tcp_server.c", "Makefile", "README.md"), List.copyOf(files.keySet()), io);
            String makefile = files.get("Makefile");
            assertTrue(makefile.contains("tcp-server.exe: tcp_server.c"), makefile);
            assertTrue(makefile.contains("LDLIBS = -lws2_32"), makefile);
            assertTrue(makefile.contains("CFLAGS ?= -std=c11 -Wall -Wextra -Werror -pedantic -O2"), makefile);
            String source = files.get("tcp_server.c");
            assertTrue(source.contains("WSAStartup(MAKEWORD(2, 2), &wsa)") && source.contains("WSACleanup()"), io);
            assertTrue(source.contains("shutdown(") && source.contains("SD_SEND"), io);
            assertTrue(source.contains("#define DEFAULT_PORT \"7007\""), io);
            assertFalse(source.contains("{{"), io);
            assertTrue(files.get("README.md").contains("## Why it is written this way"), io);
        }
    }

    @Test
    void writes_a_client_for_blocking_and_select_but_not_for_wsapoll_yet() {
        for (String io : WinsockGenerator.CLIENT_MODELS) {
            GenerateRequest r = new GenerateRequest("tcp-client", "c", io, "windows", null, 7007, 128, null, null);
            Map<String, String> files = new WinsockGenerator().render(r);
            assertEquals(List.of("tcp_client.c", "Makefile", "README.md"), List.copyOf(files.keySet()), io);
            assertTrue(files.get("Makefile").contains("tcp-client.exe: tcp_client.c"), files.get("Makefile"));
            String source = files.get("tcp_client.c");
            assertTrue(source.contains("_setmode(_fileno(stdin), _O_BINARY)"), io);
            assertTrue(source.contains("shutdown(") && source.contains("SD_SEND"), io);
            assertFalse(source.contains("{{"), io);
            assertEquals("tcp-client.exe", new WinsockGenerator().program(r));
        }
        GenerateRequest poll = new GenerateRequest("tcp-client", "c", "wsapoll", "windows", null, 7007, 128, null,
                null);
        BadRequestException e = assertThrows(BadRequestException.class, () -> new WinsockGenerator().render(poll));
        assertTrue(e.getMessage().contains("tcp-client with io one of [blocking, select] so far"), e.getMessage());
    }

    @Test
    void says_how_to_build_and_run_the_exe() {
        WinsockGenerator g = new WinsockGenerator();
        GenerateRequest r = request("wsapoll", "windows", null);
        assertEquals("c", g.lang());
        assertEquals("windows", g.platform());
        assertEquals(Map.of("tcp-server", List.of("blocking", "select", "wsapoll", "iocp"),
                "tcp-client", List.of("blocking", "select")), g.covered());
        assertTrue(g.covers(r));
        assertEquals("tcp-server.exe", g.program(r));
        assertEquals("make -C out CC=x86_64-w64-mingw32-gcc", g.build(r, Path.of("out")));
        assertEquals("wine out/tcp-server.exe 127.0.0.1 7007", g.run(r, Path.of("out")));
    }

    @Test
    void rejects_kqueue_on_windows_listing_the_valid_models() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> new WinsockGenerator().render(request("kqueue", "windows", null)));
        assertTrue(e.getMessage().contains(
                "io 'kqueue' is not an I/O model of c on windows; expected one of [blocking, select, wsapoll, iocp]"),
                e.getMessage());
    }

    @Test
    void rejects_a_posix_request() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> new WinsockGenerator().render(request("select", "posix", null)));
        assertTrue(e.getMessage().contains("the Winsock emitter writes c, windows, echo"), e.getMessage());
    }

    @Test
    void options_use_winsock_names_or_say_why_they_are_not_set() {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.REUSE_ADDRESS, true)
                .set(SocketOptionTable.REUSE_PORT, true)
                .set(SocketOptionTable.IPV6_ONLY, false)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .set(SocketOptionTable.KEEP_ALIVE_INTERVAL, Duration.ofSeconds(5))
                .set(SocketOptionTable.KEEP_ALIVE_COUNT, 4)
                .set(SocketOptionTable.SO_LINGER, Duration.ofSeconds(3))
                .set(SocketOptionTable.TCP_USER_TIMEOUT, Duration.ofMillis(2500))
                .set(SocketOptionTable.TCP_CORK, true)
                .build();
        String listener = WinsockOptions.lines(options, OptionKey.Role.LISTENER);
        assertTrue(listener.contains("reuseAddress: not set. Winsock's SO_REUSEADDR lets another socket"), listener);
        assertTrue(listener.contains("Winsock has no SO_REUSEPORT"), listener);
        assertTrue(listener.contains("if (family == AF_INET6 && set_int_option(s, IPPROTO_IPV6, IPV6_V6ONLY, "
                + "\"setsockopt IPV6_V6ONLY\", 0) < 0)"), listener);
        assertFalse(listener.contains("TCP_NODELAY"), listener);

        String conn = WinsockOptions.lines(options, OptionKey.Role.CONNECTION);
        assertTrue(conn.contains("set_int_option(s, IPPROTO_TCP, TCP_NODELAY, \"setsockopt TCP_NODELAY\", 1)"), conn);
        assertTrue(conn.contains("ka.keepalivetime = 7200000;") && conn.contains("ka.keepaliveinterval = 5000;"),
                conn);
        assertTrue(conn.contains("#ifndef TCP_KEEPCNT\n#define TCP_KEEPCNT 16\n#endif"), conn);
        assertTrue(conn.contains("lg.l_linger = 3;"), conn);
        assertTrue(conn.contains("TCP_MAXRT, \"setsockopt TCP_MAXRT\", 3)"), conn);
        assertTrue(conn.contains("tcpCork: Winsock has no TCP_CORK; not set"), conn);
        assertTrue(WinsockOptions.needsMstcpip(options));
        assertTrue(new WinsockGenerator().render(request("select", "windows", options)).get("tcp_server.c")
                .contains("#include <mstcpip.h>"));
    }
}
