package dev.sockit.contracts;

import dev.sockit.api.BadRequestException;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's request on the wire, its validation and its matrix. */
class GeneratorContractTest {

    private static GenerateRequest req(String lang, String io, String platform) {
        return new GenerateRequest("tcp-server", lang, io, platform, null, 7007, 128, null, null);
    }

    @Test
    void a_body_binds_with_defaults_and_validates() {
        GenerateRequest r = GeneratorContract.GENERATE.bind(
                new JsonObject().put("role", "tcp-server").put("lang", "c").put("io", "epoll"));
        assertEquals(new GenerateRequest("tcp-server", "c", "epoll", "posix", "127.0.0.1", 7007, 128, null, "echo"), r);
        assertEquals(r, r.validate());
        assertEquals("sockit.generator.generate", GeneratorContract.GENERATE.address("generator"));
        assertThrows(BadRequestException.class,
                () -> GeneratorContract.GENERATE.bind(new JsonObject().put("colour", "red")));
    }

    @Test
    void impossible_combinations_are_refused_listing_the_valid_models() {
        BadRequestException iocp = assertThrows(BadRequestException.class,
                () -> req("c", "iocp", "posix").validate());
        assertTrue(iocp.getMessage().contains("io 'iocp'") && iocp.getMessage().contains("epoll"), iocp.getMessage());
        BadRequestException kq = assertThrows(BadRequestException.class,
                () -> req("c", "kqueue", "windows").validate());
        assertTrue(kq.getMessage().contains("on windows") && kq.getMessage().contains("wsapoll"), kq.getMessage());
        assertThrows(BadRequestException.class, () -> req("c", "io_uring", "windows").validate());
        assertEquals("tcp-server", req("c", "iocp", "windows").validate().role());
        assertEquals("nio", req("java", "nio", "windows").validate().io());
    }

    @Test
    void bad_identifiers_and_numbers_are_refused_naming_the_field() {
        assertTrue(assertThrows(BadRequestException.class, () -> req("rust", "epoll", "posix").validate())
                .getMessage().startsWith("lang 'rust'"));
        assertTrue(assertThrows(BadRequestException.class, () -> req("c", "epoll", "plan9").validate())
                .getMessage().startsWith("platform 'plan9'"));
        assertThrows(BadRequestException.class, () -> new GenerateRequest("tcp-server", "c", "epoll", null,
                "a;rm -rf /", 7007, 128, null, null).validate());
        assertThrows(BadRequestException.class, () -> new GenerateRequest("tcp-server", "c", "epoll", null,
                null, 70000, 128, null, null).validate());
        assertThrows(BadRequestException.class, () -> new GenerateRequest("quic-server", "c", "epoll", null,
                null, 1, 128, null, null).validate());
    }

    @Test
    void the_matrix_holds_every_model_of_the_issue() {
        assertEquals(8, GeneratorContract.models("c", "posix").size());
        assertEquals(4, GeneratorContract.models("c", "windows").size());
        assertEquals(5, GeneratorContract.models("java", "posix").size());
        assertTrue(GeneratorContract.models("cobol", "posix").isEmpty());
    }

    @Test
    void the_nine_argument_request_has_no_output_folder_no_limits_and_no_overwrite() {
        GenerateRequest nine = new GenerateRequest("tcp-server", "c", "epoll", null, null, 7007, 128, null, null);
        assertEquals(new GenerateRequest("tcp-server", "c", "epoll", "posix", "127.0.0.1", 7007, 128, null, "echo",
                null, null, null, false), nine);
        assertEquals("/tmp/out", nine.withOutputDir("/tmp/out").outputDir());
        assertEquals("tcp-server c/posix epoll", nine.describe());
        assertEquals("tcp-server java/any nio",
                new GenerateRequest("tcp-server", "java", "nio", null, null, 1, 1, null, null).describe());
    }

    @Test
    void output_folder_limits_and_overwrite_go_over_the_wire_and_back() {
        GenerateRequest r = new GenerateRequest("udp-server", "c", "poll", "posix", "::1", 9000, 64, null, "discard",
                "out/udp", 100, 30_000L, true);
        JsonObject body = GeneratorContract.GENERATE.body(r);
        assertEquals("out/udp", body.getString("outputDir"));
        assertEquals(30_000L, body.getLong("idleTimeoutMillis"));
        assertEquals(r, GeneratorContract.GENERATE.bind(body));
        GenerateRequest absent = GeneratorContract.GENERATE.bind(
                new JsonObject().put("role", "tcp-server").put("lang", "c").put("io", "poll"));
        assertEquals(null, absent.outputDir());
        assertEquals(null, absent.maxConnections());
        assertEquals(false, absent.overwrite());
    }

    @Test
    void limits_out_of_range_are_refused_naming_the_field_and_the_range() {
        GenerateRequest zero = new GenerateRequest("tcp-server", "c", "epoll", null, null, 1, 1, null, null, null, 0,
                null, false);
        assertTrue(assertThrows(BadRequestException.class, zero::validate).getMessage()
                .startsWith("maxConnections 0 is out of range; expected 1..10000000"));
        GenerateRequest day = new GenerateRequest("tcp-server", "c", "epoll", null, null, 1, 1, null, null, null,
                null, 86_400_001L, false);
        assertTrue(assertThrows(BadRequestException.class, day::validate).getMessage()
                .startsWith("idleTimeoutMillis 86400001 is out of range"));
        GenerateRequest blank = new GenerateRequest("tcp-server", "c", "epoll", null, null, 1, 1, null, null, " ",
                null, null, false);
        assertTrue(assertThrows(BadRequestException.class, blank::validate).getMessage().startsWith("outputDir ' '"));
        assertEquals(5, new GenerateRequest("tcp-server", "c", "epoll", null, null, 1, 1, null, null, "o", 5, 1L,
                false).validate().maxConnections());
    }
}
