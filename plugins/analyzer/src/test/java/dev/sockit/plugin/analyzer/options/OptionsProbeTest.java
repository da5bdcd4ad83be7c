package dev.sockit.plugin.analyzer.options;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditLog;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.OptionsRequest;
import dev.sockit.plugin.analyzer.model.HostFacts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe on real loopback sockets: what is set, read back and reported, in the order of the old probe. */
class OptionsProbeTest {

    private final List<String> audited = new ArrayList<>();
    private final AuditLog audit = new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            audited.add(event.op() + " " + event.detail());
        }
    };

    private Result probe(String protocol, Map<String, String> set) {
        return new OptionsProbe(new HostFacts(), audit, "analyzer").probe(new OptionsRequest(protocol, set));
    }

    @Test
    void a_tcp_probe_reads_back_what_was_set_shared_options_first_then_the_tcp_ones() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("tcpNoDelay", "true");
        set.put("receiveBufferSize", "64KiB");
        set.put("keepAliveIdle", "30s");
        Result r = probe("tcp", set);

        JsonObject options = r.data().getJsonObject("options");
        assertEquals(List.of("receiveBufferSize", "tcpNoDelay", "keepAliveIdle"), List.copyOf(options.fieldNames()));
        assertEquals(true, options.getJsonObject("tcpNoDelay").getValue("effective"));
        assertEquals("30s", options.getJsonObject("keepAliveIdle").getValue("effective"));
        assertEquals(65536, options.getJsonObject("receiveBufferSize").getInteger("requested"));
        assertTrue(r.data().getJsonObject("defaults").containsKey("accepted.sendBufferSize"), r.data().encode());
        assertTrue(audited.contains("OPTION_SET tcpNoDelay requested=true effective=true"), audited.toString());
        assertEquals(5, r.data().getJsonArray("notProbed").size());
    }

    @Test
    void a_tcp_option_on_a_udp_probe_is_noted_as_not_applied() {
        Result r = probe("udp", Map.of("tcpNoDelay", "true"));
        assertEquals("a TCP option: not applied to a UDP socket",
                r.data().getJsonObject("options").getJsonObject("tcpNoDelay").getString("note"));
        assertTrue(r.sentences().contains("tcpNoDelay applies to TCP sockets only; not applied to the UDP socket"),
                r.sentences().toString());
    }

    @Test
    void broadcast_on_a_tcp_probe_and_an_unknown_option_are_bad_input() {
        assertEquals("broadcast is a UDP option: use --udp",
                assertThrows(BadRequestException.class, () -> probe("tcp", Map.of("broadcast", "true")))
                        .getMessage());
        String unknown = assertThrows(BadRequestException.class, () -> probe("tcp", Map.of("nodelay", "true")))
                .getMessage();
        assertTrue(unknown.startsWith("unknown option 'nodelay' (options: reuseAddress, reusePort, tcpNoDelay"),
                unknown);
    }
}
