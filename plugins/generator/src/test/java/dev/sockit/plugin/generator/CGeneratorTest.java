package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unit tests of {@link CGenerator}. The golden file {@code tcp_server_epoll.c.golden} pins the generated
 * {@code tcp_server.c} for epoll with the default request values; after an intended template change, rewrite it with
 * {@code mvn -o verify -pl plugins/generator -Dgolden.update=true} (run from the repository root) and review the
 * diff.
 */
class CGeneratorTest {

    private static final String GOLDEN = "tcp_server_epoll.c.golden";

    private static GenerateRequest defaults(String io) {
        return new GenerateRequest("tcp-server", "c", io, null, null, 7007, 128, null, null);
    }

    @Test
    void epoll_source_with_default_values_matches_the_golden_file() throws Exception {
        String generated = new CGenerator().render(defaults("epoll")).get("tcp_server.c");
        if (Boolean.getBoolean("golden.update")) {
            Path golden = Path.of("src/test/resources/dev/sockit/plugin/generator", GOLDEN);
            Files.writeString(golden, generated, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = CGeneratorTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, "golden file " + GOLDEN + " is missing; run with -Dgolden.update=true");
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
    void rejects_a_model_this_emitter_does_not_write_yet() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> new CGenerator().render(defaults("select")));
        assertTrue(e.getMessage().contains("[epoll, poll]"), e.getMessage());
    }
}
