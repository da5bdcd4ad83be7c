package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unit tests of {@link CGenerator}. Golden files under {@code golden/} pin the generated files with the default
 * request values: the source of every model with echo (and the README of every client model), of epoll and of the poll client with every other payload, of
 * the UDP programs (so each template shows up at least once), and the Makefile and README of one server and one
 * client, the README of the UDP server and client. After an
 * intended template change, rewrite them with {@code mvn -o verify -pl plugins/generator -am -Dgolden.update=true
 * -Dtest=CGeneratorTest -Dsurefire.failIfNoSpecifiedTests=false} (from the repository root) and review the diff.
 */
class CGeneratorTest {

    private static GenerateRequest defaults(String io) {
        return new GenerateRequest("tcp-server", "c", io, null, null, 7007, 128, null, null);
    }

    /** Role, I/O model, payload and file of each golden file. */
    static Stream<Arguments> goldens() {
        List<Arguments> all = new ArrayList<>();
        for (String io : CGenerator.MODELS) {
            all.add(Arguments.of("tcp-server", io, "echo", "tcp_server.c"));
        }
        for (String io : CGenerator.CLIENT_MODELS) {
            all.add(Arguments.of("tcp-client", io, "echo", "tcp_client.c"));
            if (!"poll".equals(io)) { // poll's README is pinned below with its Makefile
                all.add(Arguments.of("tcp-client", io, "echo", "README.md"));
            }
        }
        for (String payload : List.of("discard", "line", "length-prefixed")) {
            all.add(Arguments.of("tcp-server", "epoll", payload, "tcp_server.c"));
            all.add(Arguments.of("tcp-client", "poll", payload, "tcp_client.c"));
        }
        for (String io : CModel.UDP_SERVERS.keySet()) {
            all.add(Arguments.of("udp-server", io, "echo", "udp_server.c"));
        }
        for (String io : CModel.UDP_CLIENTS.keySet()) {
            all.add(Arguments.of("udp-client", io, "echo", "udp_client.c"));
        }
        all.add(Arguments.of("udp-server", "blocking", "discard", "udp_server.c"));
        all.add(Arguments.of("udp-client", "blocking", "discard", "udp_client.c"));
        all.add(Arguments.of("udp-server", "epoll", "echo", "README.md"));
        all.add(Arguments.of("udp-client", "blocking", "echo", "README.md"));
        all.add(Arguments.of("udp-server", "io_uring", "discard", "udp_server.c"));
        for (String role : List.of("udp-server", "udp-client")) {
            all.add(Arguments.of(role, "threads", "echo", "README.md"));
            all.add(Arguments.of(role, "io_uring", "echo", "README.md"));
        }
        for (String file : List.of("Makefile", "README.md")) {
            all.add(Arguments.of("tcp-server", "epoll", "echo", file));
            all.add(Arguments.of("tcp-client", "poll", "echo", file));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("goldens")
    void generated_file_with_default_values_matches_its_golden_file(String role, String io, String payload,
                                                                    String file) throws Exception {
        GenerateRequest request = new GenerateRequest(role, "c", io, null, null, 7007, 128, null, payload);
        String generated = new CGenerator().render(request).get(file);
        assertNotNull(generated, file + " was not generated");
        String golden = "golden/" + role + "_" + io + "_" + payload + "_" + file + ".golden";
        if (Boolean.getBoolean("golden.update")) {
            Path path = Path.of("src/test/resources/dev/sockit/plugin/generator", golden);
            Files.createDirectories(path.getParent());
            Files.writeString(path, generated, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = CGeneratorTest.class.getResourceAsStream(golden)) {
            assertNotNull(in, "golden file " + golden + " is missing; run with -Dgolden.update=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), generated);
        }
    }

    @Test
    void writes_the_source_a_makefile_and_a_readme() {
        Map<String, String> files = new CGenerator().render(defaults("poll"));
        assertEquals(List.of("tcp_server.c", "Makefile", "README.md"), List.copyOf(files.keySet()));
        assertTrue(files.get("Makefile").contains("CFLAGS ?= -std=c11 -Wall -Wextra -Werror -pedantic -O2"));
        assertTrue(files.get("tcp_server.c").contains("#define DEFAULT_PORT \"7007\""));
    }

    @Test
    void rejects_iocp_on_posix_listing_the_valid_models() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> new CGenerator().render(defaults("iocp")));
        assertTrue(e.getMessage().contains("io 'iocp' is not an I/O model of c on posix; expected one of [blocking"),
                e.getMessage());
    }

    @Test
    void rejects_a_combination_this_emitter_does_not_write_listing_what_it_writes() {
        GenerateRequest line = new GenerateRequest("udp-server", "c", "poll", null, null, 7007, 128, null, "line");
        BadRequestException e = assertThrows(BadRequestException.class, () -> new CGenerator().render(line));
        assertTrue(e.getMessage().contains("{tcp-server=[blocking, threads, select, poll, epoll, epoll-lt, kqueue,"
                + " io_uring], tcp-client=[blocking, threads, select, poll, epoll, epoll-lt, kqueue, io_uring],"
                + " udp-server=[blocking, threads, select, poll, epoll, epoll-lt, kqueue, io_uring],"
                + " udp-client=[blocking, threads, select, poll, epoll, epoll-lt, kqueue, io_uring]}"), e.getMessage());
        assertTrue(e.getMessage().contains("(udp: [echo, discard])"), e.getMessage());
    }

    @Test
    void udp_threads_and_io_uring_link_their_library_and_say_how_they_wait() {
        CGenerator generator = new CGenerator();
        Map<String, String> threads = generator.render(CBuild.request("udp-server", "threads", "echo"));
        assertTrue(threads.get("Makefile").contains("LDLIBS += -pthread"), threads.get("Makefile"));
        assertTrue(threads.get("udp_server.c").contains("static atomic_ulong replies_dropped;"));
        assertTrue(threads.get("README.md").contains("Why not `SO_REUSEPORT`"), threads.get("README.md"));
        Map<String, String> uring = generator.render(CBuild.request("udp-server", "io_uring", "discard"));
        assertTrue(uring.get("Makefile").contains("LDLIBS += -luring"), uring.get("Makefile"));
        assertTrue(uring.get("udp_server.c").contains("/* discard: the datagram is dropped and its buffer receives"),
                "discard's completion handler");
        assertFalse(uring.get("udp_server.c").contains("static unsigned char datagram["), "no unused buffer");
        Map<String, String> client = generator.render(CBuild.request("udp-client", "threads", "echo"));
        assertTrue(client.get("udp_client.c").contains("    stop_receiver(fd);\n    close_fd(fd);"));
        assertTrue(generator.render(CBuild.request("udp-client", "io_uring", "echo")).get("udp_client.c")
                .contains("    ring_done();\n    close_fd(fd);"));
    }

    @Test
    void each_model_writes_its_own_loop_and_links_its_library() {
        CGenerator generator = new CGenerator();
        assertTrue(generator.render(defaults("io_uring")).get("Makefile").contains("LDLIBS += -luring"));
        assertTrue(generator.render(defaults("threads")).get("Makefile").contains("LDLIBS += -pthread"));
        assertTrue(generator.render(defaults("select")).get("tcp_server.c").contains("FD_SETSIZE"));
        assertTrue(generator.render(defaults("kqueue")).get("tcp_server.c").contains("EV_ADD | EV_CLEAR"));
        assertTrue(generator.render(defaults("epoll-lt")).get("tcp_server.c").contains("EPOLL_CTL_MOD"));
        String blocking = generator.render(defaults("blocking")).get("tcp_server.c");
        assertTrue(blocking.contains("SO_RCVTIMEO") && blocking.contains("open_listener(host, port, 0)"), blocking);
    }

    @Test
    void a_helper_is_written_only_when_the_program_calls_it() {
        // a UDP client sets no option unless asked; TCP programs always set TCP_NODELAY and a server SO_REUSEADDR
        GenerateRequest client = new GenerateRequest("udp-client", "c", "poll", null, null, 7007, 128, null, "echo");
        String plain = new CGenerator().render(client).get("udp_client.c");
        assertFalse(plain.contains("set_int_option"), "no option set, no set_int_option (clang -Wunused-function)");
        String server = new CGenerator().render(defaults("poll")).get("tcp_server.c");
        assertTrue(server.contains("set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, \"SO_REUSEADDR\", 1)"), server);
        GenerateRequest off = new GenerateRequest("tcp-server", "c", "poll", null, null, 7007, 128,
                SocketOptions.builder().set(SocketOptionTable.REUSE_ADDRESS, false).build(), "echo");
        assertTrue(new CGenerator().render(off).get("tcp_server.c")
                .contains("set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, \"SO_REUSEADDR\", 0)"), "reuseAddress=false");
        GenerateRequest discard = new GenerateRequest("tcp-server", "c", "poll", null, null, 7007, 128, null,
                "discard");
        assertFalse(new CGenerator().render(discard).get("tcp_server.c").contains("buffer_append"));
    }

    @Test
    void an_options_function_casts_fd_to_void_only_when_it_sets_nothing() {
        GenerateRequest udp = new GenerateRequest("udp-server", "c", "poll", null, null, 7007, 128, null, "echo");
        String plain = new CGenerator().render(udp).get("udp_server.c");
        assertTrue(plain.contains("set_listener_options(int fd)\n{\n    (void)fd; /* no option asked for */\n"
                + "    return 0;\n}"), plain);
        String source = new CGenerator().render(defaults("poll")).get("tcp_server.c");
        assertTrue(source.contains("set_listener_options(int fd)\n{\n    /* SO_REUSEADDR"), source);
        assertTrue(source.contains("set_connection_options(int fd)\n{\n    /* TCP_NODELAY"), source);
        assertFalse(source.contains("(void)fd"), source);
    }
}
