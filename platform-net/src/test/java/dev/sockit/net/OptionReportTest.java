package dev.sockit.net;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionReportTest {

    @Test
    void the_builder_keeps_the_order_of_its_calls_and_warns_once_per_ignored_option() {
        OptionReport report = new OptionReport.Builder()
                .applied("sendBufferSize", "65536")
                .ignored("tcpCork", "needs epoll or io_uring, not nio")
                .applied("backlog", "100")
                .ignored("broadcast", "applies to UDP sockets only")
                .build();
        assertEquals(List.of("sendBufferSize", "backlog"), List.copyOf(report.applied().keySet()));
        assertEquals(List.of("option tcpCork ignored: needs epoll or io_uring, not nio",
                "option broadcast ignored: applies to UDP sockets only"), report.warnings());
        assertTrue(report.isApplied("backlog"));
        assertFalse(report.isApplied("tcpCork"));
        assertTrue(report.isIgnored("tcpCork"));
    }

    @Test
    void a_report_is_a_copy_the_caller_cannot_change() {
        Map<String, String> applied = new HashMap<>(Map.of("backlog", "100"));
        OptionReport report = new OptionReport(applied, Map.of());
        applied.put("soLinger", "1s");
        assertEquals(Map.of("backlog", "100"), report.applied());
        assertThrows(UnsupportedOperationException.class, () -> report.ignored().put("x", "y"));
        assertTrue(report.warnings().isEmpty());
    }

    @Test
    void the_builder_tells_what_it_has_recorded() {
        OptionReport.Builder builder = new OptionReport.Builder().applied("reusePort", "true")
                .ignored("ipv6Only", "no transport sets IPV6_V6ONLY");
        assertTrue(builder.has("reusePort"));
        assertTrue(builder.has("ipv6Only"));
        assertFalse(builder.has("backlog"));
        assertTrue(builder.isApplied("reusePort"));
        assertFalse(builder.isApplied("ipv6Only"));
    }
}
