package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.SocketOptions;
import dev.sockit.net.KernelLimits;
import dev.sockit.plugin.tcp.EffectiveOptions.Entry;
import dev.sockit.plugin.tcp.EffectiveOptions.Reading;
import dev.sockit.plugin.tcp.EffectiveOptions.Report;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules, without a socket: kernel limits and read-back values go in, entries and recommendations come out. */
class EffectiveOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Limits as a Linux 6.x host ships them, with somaxconn 4096. */
    private static final KernelLimits LINUX = new KernelLimits(212992, 212992, 4096,
            new KernelLimits.TcpMem(4096, 131072, 6291456), new KernelLimits.TcpMem(4096, 16384, 4194304), 1);

    @Test
    void a_64_KiB_receive_buffer_read_back_as_131072_is_noted_as_doubled_without_a_recommendation() {
        Report report = evaluate("{\"receiveBufferSize\": \"64KiB\"}", Map.of("receiveBufferSize", 131072));
        Entry entry = report.entries().get("receiveBufferSize");
        assertEquals(65536, entry.requested());
        assertEquals(131072, entry.effective());
        assertTrue(entry.note().contains("doubled by the kernel (Linux keeps half for bookkeeping)"), entry.note());
        assertTrue(entry.note().contains("turns off the kernel's receive-buffer autotuning"), entry.note());
        assertTrue(report.recommendations().isEmpty(), report.recommendations().toString());
    }

    @Test
    void a_receive_buffer_above_rmem_max_is_noted_as_capped_and_recommends_raising_rmem_max() {
        Report report = evaluate("{\"receiveBufferSize\": \"1MiB\"}", Map.of("receiveBufferSize", 2 * 212992));
        Entry entry = report.entries().get("receiveBufferSize");
        assertEquals(425984, entry.effective());
        assertTrue(entry.note().contains("capped at net.core.rmem_max=212992"), entry.note());
        assertEquals(List.of("Raise net.core.rmem_max to at least 1048576 (sysctl -w net.core.rmem_max=1048576) to"
                + " get the requested buffer of 1048576 bytes; the kernel capped it at 212992 (reported as 425984)"),
                report.recommendations());
    }

    @Test
    void a_send_buffer_above_wmem_max_recommends_raising_wmem_max() {
        Report report = evaluate("{\"sendBufferSize\": \"4MiB\"}", Map.of("sendBufferSize", 2 * 212992));
        assertTrue(report.recommendations().get(0).startsWith("Raise net.core.wmem_max to at least 4194304"),
                report.recommendations().toString());
        assertTrue(report.entries().get("sendBufferSize").note().contains("send-buffer autotuning"));
    }

    @Test
    void before_a_connection_is_read_the_buffer_is_pending_but_its_cap_is_recommended_already() {
        Report report = EffectiveOptions.evaluate(options("{\"receiveBufferSize\": \"1MiB\", \"tcpNoDelay\": true}"),
                Map.of(), LINUX, null);
        Entry buffer = report.entries().get("receiveBufferSize");
        assertEquals(EffectiveOptions.PENDING, buffer.effective());
        assertTrue(buffer.note().contains("read back from the first accepted connection"), buffer.note());
        assertTrue(buffer.note().contains("Linux will report 2 × min(requested, net.core.rmem_max) = 425984"),
                buffer.note());
        assertEquals(EffectiveOptions.PENDING, report.entries().get("tcpNoDelay").effective());
        assertEquals(1, report.recommendations().size(), report.recommendations().toString());
        assertTrue(report.recommendations().get(0).contains("sysctl -w net.core.rmem_max=1048576"));
    }

    @Test
    void a_backlog_above_somaxconn_is_capped_at_somaxconn_and_recommends_raising_it() {
        Report report = EffectiveOptions.evaluate(options("{\"backlog\": 65535}"), Map.of(), LINUX, null);
        Entry entry = report.entries().get("backlog");
        assertEquals(65535, entry.requested());
        assertEquals(4096, entry.effective());
        assertTrue(entry.note().contains("capped by the kernel at net.core.somaxconn=4096"), entry.note());
        assertTrue(entry.note().contains("ss -ltn shows it as Send-Q"), entry.note());
        assertEquals(List.of("Raise net.core.somaxconn to at least 65535 (sysctl -w net.core.somaxconn=65535) to get"
                + " the requested backlog of 65535; the kernel capped it at 4096"), report.recommendations());
    }

    @Test
    void a_backlog_within_somaxconn_is_applied_as_requested() {
        Report report = EffectiveOptions.evaluate(options("{\"backlog\": 1024}"), Map.of(), LINUX, null);
        assertEquals(1024, report.entries().get("backlog").effective());
        assertTrue(report.recommendations().isEmpty());
    }

    @Test
    void without_somaxconn_the_backlog_is_unknown_with_the_reason() {
        Report report = EffectiveOptions.evaluate(options("{\"backlog\": 1024}"), Map.of(), KernelLimits.UNKNOWN,
                null);
        Entry entry = report.entries().get("backlog");
        assertEquals(EffectiveOptions.UNKNOWN, entry.effective());
        assertTrue(entry.note().contains("net.core.somaxconn could not be read"), entry.note());
    }

    @Test
    void booleans_read_back_as_requested_carry_no_note() {
        Report report = evaluate("{\"tcpNoDelay\": false, \"keepAlive\": true, \"reuseAddress\": true}",
                Map.of("tcpNoDelay", false, "keepAlive", true, "reuseAddress", true));
        report.entries().forEach((name, entry) -> {
            assertEquals(entry.requested(), entry.effective(), name);
            assertEquals("", entry.note(), name);
        });
        assertTrue(report.recommendations().isEmpty());
    }

    @Test
    void a_value_the_kernel_changed_is_noted_and_recommended_for_a_check() {
        Report report = evaluate("{\"tcpNoDelay\": true}", Map.of("tcpNoDelay", false));
        assertEquals("the kernel reports false, not the requested true", report.entries().get("tcpNoDelay").note());
        assertEquals(List.of("Check tcpNoDelay: requested true, but the kernel applied false"),
                report.recommendations());
    }

    @Test
    void keep_alive_times_and_linger_read_back_in_seconds_in_config_form() {
        Report report = evaluate("{\"keepAliveIdle\": \"30s\", \"keepAliveInterval\": \"5s\", \"keepAliveCount\": 4,"
                        + " \"soLinger\": \"0s\", \"tcpUserTimeout\": \"1500ms\"}",
                Map.of("keepAliveIdle", 30, "keepAliveInterval", 5, "keepAliveCount", 4, "soLinger", 0,
                        "tcpUserTimeout", 1500));
        assertEquals("30s", report.entries().get("keepAliveIdle").effective());
        assertEquals("5s", report.entries().get("keepAliveInterval").effective());
        assertEquals(4, report.entries().get("keepAliveCount").effective());
        assertEquals("0s", report.entries().get("soLinger").effective());
        assertEquals("1500ms", report.entries().get("tcpUserTimeout").effective());
        assertTrue(report.recommendations().isEmpty(), report.recommendations().toString());
    }

    @Test
    void a_fraction_of_a_second_rounded_up_by_the_kernel_recommends_whole_seconds() {
        Report report = evaluate("{\"keepAliveIdle\": \"1500ms\"}", Map.of("keepAliveIdle", 2));
        Entry entry = report.entries().get("keepAliveIdle");
        assertEquals("2s", entry.effective());
        assertEquals("the kernel counts whole seconds: rounded up to 2s", entry.note());
        assertEquals(List.of("Give keepAliveIdle in whole seconds (2s instead of 1500ms): the kernel counts whole"
                + " seconds"), report.recommendations());
    }

    @Test
    void linger_off_reads_back_as_off() {
        assertEquals("off", EffectiveOptions.configForm("soLinger", -1));
    }

    @Test
    void traffic_class_17_loses_its_ECN_bits_to_the_kernel_and_recommends_16() {
        Report report = evaluate("{\"trafficClass\": 17}", Map.of("trafficClass", 16));
        Entry entry = report.entries().get("trafficClass");
        assertEquals(16, entry.effective());
        assertTrue(entry.note().contains("ECN bits (0x03)"), entry.note());
        assertEquals(List.of("Use a trafficClass with the two ECN bits clear, 16 instead of 17: the kernel manages"
                + " ECN on TCP connections and drops those bits"), report.recommendations());
    }

    @Test
    void an_option_that_cannot_be_read_is_unknown_with_the_reason() {
        Report report = EffectiveOptions.evaluate(options("{\"tcpCork\": true}"), Map.of(), LINUX,
                Map.of("tcpCork", Reading.unreadable("the nio transport does not read TCP_CORK")));
        Entry entry = report.entries().get("tcpCork");
        assertEquals(EffectiveOptions.UNKNOWN, entry.effective());
        assertEquals("the nio transport does not read TCP_CORK", entry.note());
    }

    @Test
    void an_option_the_transport_did_not_apply_says_so_and_adds_no_recommendation() {
        Report report = EffectiveOptions.evaluate(options("{\"reusePort\": true}"),
                Map.of("reusePort", "needs a native transport"), LINUX, Map.of("reusePort", Reading.of(false)));
        Entry entry = report.entries().get("reusePort");
        assertEquals(false, entry.effective());
        assertTrue(entry.note().startsWith("not applied: needs a native transport"), entry.note());
        assertTrue(report.recommendations().isEmpty(), report.recommendations().toString());
    }

    @Test
    void tcpFastOpen_with_the_server_bit_clear_reads_as_off_and_recommends_setting_it() {
        Report report = EffectiveOptions.evaluate(options("{\"tcpFastOpen\": true}"), Map.of(), LINUX, null);
        Entry entry = report.entries().get("tcpFastOpen");
        assertEquals(false, entry.effective());
        assertTrue(entry.note().contains("net.ipv4.tcp_fastopen=1"), entry.note());
        assertEquals(List.of("Set bit 0x2 of net.ipv4.tcp_fastopen (sysctl -w net.ipv4.tcp_fastopen=3) so that the"
                + " listener accepts data in SYN packets; tcpFastOpen has no effect until then"),
                report.recommendations());
    }

    @Test
    void tcpFastOpen_with_the_server_bit_set_is_unknown_because_the_transport_does_not_read_it() {
        KernelLimits limits = new KernelLimits(212992, 212992, 4096, null, null, 3);
        Report report = EffectiveOptions.evaluate(options("{\"tcpFastOpen\": true}"), Map.of(), limits, null);
        assertEquals(EffectiveOptions.UNKNOWN, report.entries().get("tcpFastOpen").effective());
        assertTrue(report.recommendations().isEmpty());
    }

    @Test
    void entries_follow_the_order_of_the_options_and_render_as_json() {
        Report report = evaluate("{\"receiveBufferSize\": 65536, \"reuseAddress\": true}",
                Map.of("receiveBufferSize", 131072, "reuseAddress", true));
        assertEquals(List.of("reuseAddress", "receiveBufferSize"), List.copyOf(report.entries().keySet()));
        assertEquals(131072, report.entriesJson().getJsonObject("receiveBufferSize").getInteger("effective"));
        assertEquals(65536, report.entriesJson().getJsonObject("receiveBufferSize").getInteger("requested"));
    }

    private static Report evaluate(String options, Map<String, Object> values) {
        Map<String, Reading> readings = new HashMap<>();
        values.forEach((name, value) -> readings.put(name, Reading.of(value)));
        return EffectiveOptions.evaluate(options(options), Map.of(), LINUX, readings);
    }

    private static SocketOptions options(String json) {
        try {
            return JSON.readValue(json, SocketOptions.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
