package dev.sockit.plugin.udp;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferReadbackTest {

    private static final long RMEM_MAX = 4_194_304;

    @Test
    void a_request_doubled_by_Linux_is_what_the_kernel_applies_to_a_request_within_its_limit() {
        BufferReadback b = new BufferReadback(BufferReadback.RECEIVE, 1 << 20, 2 << 20, RMEM_MAX, true);
        assertFalse(b.fellShort());
        assertEquals("", b.finding());
        assertEquals("", b.recommendation());
        assertEquals(new JsonObject().put("requested", 1 << 20).put("effective", 2 << 20).put("kernelMax", RMEM_MAX),
                b.toJson());
    }

    @Test
    void a_request_above_rmem_max_is_capped_and_the_limit_named() {
        BufferReadback b = new BufferReadback(BufferReadback.RECEIVE, 16 << 20, (int) (2 * RMEM_MAX), RMEM_MAX, true);
        assertTrue(b.fellShort());
        assertEquals("receiveBufferSize 16777216 was capped: the kernel applied 8388608 (net.core.rmem_max is 4194304)",
                b.finding());
        assertEquals("Raise the limit to the request: sysctl -w net.core.rmem_max=16777216 (and persist it in"
                + " /etc/sysctl.d/)", b.recommendation());
    }

    @Test
    void the_send_buffer_is_limited_by_wmem_max() {
        BufferReadback b = new BufferReadback(BufferReadback.SEND, 8 << 20, 425_984, 212_992, true);
        assertEquals("net.core.wmem_max", b.sysctl());
        assertTrue(b.recommendation().contains("sysctl -w net.core.wmem_max=8388608"), b.recommendation());
    }

    @Test
    void without_Linux_a_shortfall_is_below_the_request_itself() {
        assertFalse(new BufferReadback(BufferReadback.RECEIVE, 65536, 65536, -1, false).fellShort());
        BufferReadback capped = new BufferReadback(BufferReadback.RECEIVE, 8 << 20, 4 << 20, -1, false);
        assertTrue(capped.fellShort());
        assertEquals("Raise the operating system's socket buffer limit to at least 8388608 bytes",
                capped.recommendation());
    }

    @Test
    void nothing_requested_is_never_short_and_reports_only_the_effective_size() {
        BufferReadback b = new BufferReadback(BufferReadback.RECEIVE, null, 212_992, -1, true);
        assertFalse(b.fellShort());
        assertEquals(new JsonObject().put("effective", 212_992), b.toJson());
    }
}
