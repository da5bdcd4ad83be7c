package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
 * Unit tests of {@link WinsockGenerator}. Golden files ({@code golden/winsock_<role>_<io>_<payload>_<file>.golden})
 * pin generated files with the default request values; after an intended template change, rewrite them with
 * {@code mvn -o verify -pl plugins/generator -Dgolden.update=true} (from the repository root) and review the diff.
 * Building and running the output is {@link WinsockGeneratorWineTest}'s and {@link WinsockGeneratorUdpWineTest}'s
 * part.
 */
class WinsockGeneratorTest {

    private static final Path GOLDEN_DIR = Path.of("src/test/resources/dev/sockit/plugin/generator/golden");

    private static GenerateRequest request(String io, String platform, SocketOptions options) {
        return new GenerateRequest("tcp-server", "c", io, platform, null, 7007, 128, options, null);
    }

    /** One golden file: role, io, payload and the generated file it pins. */
    @ParameterizedTest
    @CsvSource({"tcp-server,iocp,echo,tcp_server.c", "tcp-client,iocp,echo,tcp_client.c",
            "tcp-client,wsapoll,line,tcp_client.c", "tcp-client,blocking,echo,README.md",
            "udp-server,iocp,echo,udp_server.c", "udp-server,select,discard,udp_server.c",
            "udp-server,iocp,echo,README.md", "udp-client,iocp,echo,udp_client.c",
            "udp-client,blocking,discard,udp_client.c"})
    void generated_file_matches_its_golden_file(String role, String io, String payload, String file)
            throws Exception {
        GenerateRequest r = new GenerateRequest(role, "c", io, "windows", null, 7007, 128, null, payload);
        String generated = new WinsockGenerator().render(r).get(file);
        assertNotNull(generated, file);
        String golden = "winsock_" + role + "_" + io + "_" + payload + "_" + file + ".golden";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN_DIR.resolve(golden), generated, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = WinsockGeneratorTest.class.getResourceAsStream("golden/" + golden)) {
            assertNotNull(in, "golden file " + golden + " is missing; run with -Dgolden.update=true");
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
    void writes_a_client_for_every_model_and_payload_with_the_posix_clients_command_line() {
        for (String io : WinsockGenerator.CLIENT_MODELS) {
            for (String payload : WinsockGenerator.CLIENT_PAYLOADS) {
                GenerateRequest r = new GenerateRequest("tcp-client", "c", io, "windows", null, 7007, 128, null,
                        payload);
                Map<String, String> files = new WinsockGenerator().render(r);
                String what = io + "/" + payload;
                assertEquals(List.of("tcp_client.c", "Makefile", "README.md"), List.copyOf(files.keySet()), what);
                assertTrue(files.get("Makefile").contains("tcp-client.exe: tcp_client.c"), files.get("Makefile"));
                String source = files.get("tcp_client.c");
                assertTrue(source.contains("Usage: tcp-client.exe [HOST [PORT [BYTES|-]]]"), what);
                assertTrue(source.contains("static size_t fill_payload("), what);
                assertTrue(source.contains("ex.expected = " + ("discard".equals(payload) ? "0;" : "ex.len;")), what);
                assertTrue(source.contains("shutdown(sock, SD_SEND)"), what);
                assertTrue(source.contains("WSAStartup(MAKEWORD(2, 2), &wsa)") && source.contains("WSACleanup()"),
                        what);
                assertFalse(source.contains("{{"), what);
                assertTrue(files.get("README.md").contains("## Why it is written this way"), what);
                assertEquals("tcp-client.exe", new WinsockGenerator().program(r));
            }
        }
        String iocp = new WinsockGenerator().render(new GenerateRequest("tcp-client", "c", "iocp", "windows", null,
                7007, 128, null, null)).get("README.md");
        assertTrue(iocp.contains("**A blocking `connect`, not `ConnectEx`**"), iocp);
    }

    @Test
    void writes_udp_servers_and_clients_for_every_model_with_echo_and_discard() {
        for (String role : List.of("udp-server", "udp-client")) {
            for (String io : WinsockGenerator.UDP_MODELS) {
                for (String payload : WinsockGenerator.UDP_PAYLOADS) {
                    GenerateRequest r = new GenerateRequest(role, "c", io, "windows", null, 7007, 128, null,
                            payload);
                    Map<String, String> files = new WinsockGenerator().render(r);
                    String source = role.replace('-', '_') + ".c";
                    String what = role + " " + io + "/" + payload;
                    assertEquals(List.of(source, "Makefile", "README.md"), List.copyOf(files.keySet()), what);
                    assertTrue(files.get("Makefile").contains(role + ".exe: " + source), what);
                    String code = files.get(source);
                    assertFalse(code.contains("{{"), what);
                    String readme = files.get("README.md");
                    assertTrue(readme.contains("WSAEMSGSIZE") && readme.contains("SIO_UDP_CONNRESET"), what);
                    if (role.equals("udp-server")) {
                        assertTrue(code.contains("WSAIoctl(s, SIO_UDP_CONNRESET, &report_resets"), what);
                        assertEquals("echo".equals(payload), code.contains("WSASendTo(") || code.contains("sendto("),
                                what);
                    } else {
                        assertTrue(code.contains("Usage: udp-client.exe [HOST [PORT [COUNT]]]"), what);
                        assertTrue(code.contains("case WSAECONNRESET") || code.contains("err == WSAECONNRESET"), what);
                    }
                }
            }
        }
        assertTrue(new WinsockGenerator().render(new GenerateRequest("udp-server", "c", "iocp", "windows", null, 7007,
                128, null, "echo")).get("udp_server.c").contains("WSARecvFrom("));
        GenerateRequest line = new GenerateRequest("udp-server", "c", "select", "windows", null, 7007, 128, null,
                "line");
        BadRequestException e = assertThrows(BadRequestException.class, () -> new WinsockGenerator().render(line));
        assertTrue(e.getMessage().contains("udp-server and udp-client with [echo, discard] so far; got udp-server"),
                e.getMessage());
    }

    @Test
    void udp_options_are_the_datagram_ones_under_winsock_names() {
        SocketOptions options = SocketOptions.builder()
                .set(SocketOptionTable.BROADCAST, true)
                .set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 1 << 20)
                .set(SocketOptionTable.TCP_NO_DELAY, true)
                .build();
        String source = new WinsockGenerator().render(new GenerateRequest("udp-client", "c", "wsapoll", "windows",
                null, 7007, 128, options, "echo")).get("udp_client.c");
        assertTrue(source.contains("set_int_option(s, SOL_SOCKET, SO_BROADCAST, \"setsockopt SO_BROADCAST\", 1)"),
                source);
        assertTrue(source.contains("SO_RCVBUF, \"setsockopt SO_RCVBUF\", 1048576)"), source);
        assertFalse(source.contains("TCP_NODELAY"), source);
    }

    @Test
    void says_how_to_build_and_run_the_exe() {
        WinsockGenerator g = new WinsockGenerator();
        GenerateRequest r = request("wsapoll", "windows", null);
        assertEquals("c", g.lang());
        assertEquals("windows", g.platform());
        List<String> all = List.of("blocking", "select", "wsapoll", "iocp");
        assertEquals(Map.of("tcp-server", all, "tcp-client", all, "udp-server", all, "udp-client", all),
                g.covered());
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
        assertTrue(e.getMessage().contains("the Winsock emitter writes c, windows: io one of"), e.getMessage());
    }

    @Test
    void an_options_function_casts_to_void_only_the_parameters_it_does_not_use() {
        assertEquals("    (void)s;\n    (void)family;\n", WinsockOptions.body("", true));
        assertEquals("    (void)s;\n", WinsockOptions.body("", false));
        SocketOptions v6only = SocketOptions.builder().set(SocketOptionTable.IPV6_ONLY, true).build();
        String listener = WinsockOptions.body(WinsockOptions.lines(v6only, OptionKey.Role.LISTENER), true);
        assertFalse(listener.contains("(void)"), listener);
        SocketOptions buffer = SocketOptions.builder().set(SocketOptionTable.RECEIVE_BUFFER_SIZE, 65536).build();
        String datagram = WinsockOptions.body(WinsockOptions.lines(buffer, OptionKey.Role.DATAGRAM), true);
        assertTrue(datagram.startsWith("    (void)family;\n    /*\n     * SO_RCVBUF") && !datagram.contains("(void)s;"),
                datagram);
        String server = new WinsockGenerator().render(request("select", "windows", buffer)).get("tcp_server.c");
        assertTrue(server.contains("set_connection_options(SOCKET s)\n{\n    /* TCP_NODELAY"), server);
        assertTrue(server.contains("set_listener_options(SOCKET s, int family)\n{\n    (void)s;\n    (void)family;\n"
                + "    return 0;"), "an option of connections only: " + server);
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
