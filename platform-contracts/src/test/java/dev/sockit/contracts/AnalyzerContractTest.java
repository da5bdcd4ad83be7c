package dev.sockit.contracts;

import dev.sockit.api.BadRequestException;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import dev.sockit.contracts.AnalyzerContract.ExplainRequest;
import dev.sockit.contracts.AnalyzerContract.OptionsRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analyzer's requests on the wire: the same bodies as the hand-written pairs wrote, bound with Jackson. */
class AnalyzerContractTest {

    @Test
    void an_analyze_request_writes_every_field_in_order_nulls_included() {
        JsonObject body = AnalyzerContract.ANALYZE.body(new AnalyzeRequest("/tmp/ss.txt", null, "auto", false, 443,
                null, 1, 1000));

        assertEquals(List.of("file", "name", "format", "live", "port", "pid", "watch", "interval", "progress",
                "files"), List.copyOf(body.fieldNames()));
        assertEquals("{\"file\":\"/tmp/ss.txt\",\"name\":null,\"format\":\"auto\",\"live\":false,\"port\":443,"
                + "\"pid\":null,\"watch\":1,\"interval\":1000,\"progress\":null,\"files\":[]}", body.encode());
        assertEquals(new AnalyzeRequest("/tmp/ss.txt", null, "auto", false, 443, null, 1, 1000),
                AnalyzerContract.ANALYZE.bind(body));
        // several inputs: the list goes as it is, and a body without it binds to none
        AnalyzeRequest several = new AnalyzeRequest(null, null, "auto", false, null, null, 1, 1000, null,
                List.of("/tmp/ss.txt", "/tmp/capture"));
        assertEquals(several, AnalyzerContract.ANALYZE.bind(AnalyzerContract.ANALYZE.body(several)));
        body.remove("files");
        assertEquals(List.of(), AnalyzerContract.ANALYZE.bind(body).files());
    }

    @Test
    void absent_fields_take_the_defaults_the_analyzer_always_had() {
        assertEquals(new AnalyzeRequest(null, null, "auto", true, null, null, 1, 1000L, null),
                AnalyzerContract.ANALYZE.bind(new JsonObject().put("live", true)));
        assertEquals(new ExplainRequest(""), AnalyzerContract.EXPLAIN.bind(new JsonObject()));
        assertEquals(new OptionsRequest("tcp", Map.of()), AnalyzerContract.OPTIONS.bind(null));
    }

    @Test
    void option_values_keep_their_order_and_read_as_text() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("tcpNoDelay", "true");
        set.put("receiveBufferSize", "1MiB");
        JsonObject body = AnalyzerContract.OPTIONS.body(new OptionsRequest("udp", set));
        assertEquals("{\"protocol\":\"udp\",\"set\":{\"tcpNoDelay\":\"true\",\"receiveBufferSize\":\"1MiB\"}}",
                body.encode());

        OptionsRequest bound = AnalyzerContract.OPTIONS.bind(new JsonObject()
                .put("set", new JsonObject().put("sendBufferSize", 65536).put("keepAlive", true)));
        assertEquals(List.of("sendBufferSize", "keepAlive"), List.copyOf(bound.set().keySet()));
        assertEquals("65536", bound.set().get("sendBufferSize"));
        assertEquals("true", bound.set().get("keepAlive"));
    }

    @Test
    void an_unknown_key_or_a_value_of_the_wrong_type_is_a_bad_request_naming_it() {
        BadRequestException unknown = assertThrows(BadRequestException.class,
                () -> AnalyzerContract.EXPLAIN.bind(new JsonObject().put("errno", 104)));
        assertEquals("explain request: unknown key 'errno' (expected one of: error)", unknown.getMessage());

        BadRequestException wrong = assertThrows(BadRequestException.class,
                () -> AnalyzerContract.ANALYZE.bind(new JsonObject().put("live", true).put("watch", "often")));
        assertEquals("analyze request: watch: 'often' (expected: an integer)", wrong.getMessage());

        BadRequestException fraction = assertThrows(BadRequestException.class,
                () -> AnalyzerContract.ANALYZE.bind(new JsonObject().put("port", 80.5)));
        assertTrue(fraction.getMessage().startsWith("analyze request: port: ")
                && fraction.getMessage().endsWith("(expected: an integer)"), fraction.getMessage());
    }
}
