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
}
