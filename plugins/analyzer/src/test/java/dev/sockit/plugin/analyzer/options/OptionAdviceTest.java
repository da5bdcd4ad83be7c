package dev.sockit.plugin.analyzer.options;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Status;
import dev.sockit.net.KernelVerdicts;
import dev.sockit.plugin.analyzer.model.HostFacts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The analyzer's option advice, without a socket: requests, read-back values and sysctls in, notes and advice out. */
class OptionAdviceTest {

    private static HostFacts facts(String... keyValues) {
        HostFacts facts = new HostFacts();
        for (int i = 0; i < keyValues.length; i += 2) {
            facts.sysctl(keyValues[i], keyValues[i + 1]);
        }
        return facts;
    }

    @Test
    void the_options_the_jdk_cannot_set_come_from_the_table() {
        assertEquals(List.of(SocketOptionTable.TCP_FAST_OPEN, SocketOptionTable.TCP_CORK,
                SocketOptionTable.TCP_USER_TIMEOUT, SocketOptionTable.TCP_NOT_SENT_LOWAT, SocketOptionTable.IPV6_ONLY),
                OptionAdvice.notProbed());
        assertEquals("the JDK cannot set TCP_CORK; tcp-server applies it on epoll and io_uring",
                OptionAdvice.whyNotProbed(SocketOptionTable.TCP_CORK));
        assertEquals("the JDK cannot set TCP_NOTSENT_LOWAT",
                OptionAdvice.whyNotProbed(SocketOptionTable.TCP_NOT_SENT_LOWAT));
    }

    @Test
    void a_requested_option_the_jdk_cannot_set_is_noted_and_warned_about() {
        ProbeReport report = new ProbeReport("tcp", Map.of("tcpCork", true));
        new OptionAdvice(facts()).notProbed(report);
        assertEquals("the JDK cannot set TCP_CORK; tcp-server applies it on epoll and io_uring",
                report.entries.get("tcpCork").getString("note"));
        assertEquals(List.of("tcpCork not probed: the JDK cannot set TCP_CORK; tcp-server applies it on epoll and"
                + " io_uring"), report.findings);
        assertEquals(Status.WARNING, report.result(facts(), List.of()).status());
    }

    @Test
    void a_buffer_above_rmem_max_is_capped_and_the_advice_is_to_raise_it() {
        assumeTrue(KernelVerdicts.kernelDoublesBuffers(), "Linux's rule");
        OptionKey<Integer> rcvbuf = SocketOptionTable.RECEIVE_BUFFER_SIZE;
        ProbeReport report = new ProbeReport("tcp", Map.of(rcvbuf.name(), 1 << 20));
        JsonObject entry = report.entry(rcvbuf);
        new OptionAdvice(facts("net.core.rmem_max", "212992")).compare(report, rcvbuf, 1 << 20, 2 * 212992, entry);
        assertEquals("capped at net.core.rmem_max = 212992, and doubled by the kernel for its bookkeeping",
                entry.getString("note"));
        assertEquals(List.of("Raise net.core.rmem_max to at least 1048576 (sysctl -w net.core.rmem_max=1048576) for"
                + " receiveBufferSize 1048576 to take effect"), report.recommendations);
    }

    @Test
    void a_buffer_within_rmem_max_is_doubled_by_the_kernel() {
        assumeTrue(KernelVerdicts.kernelDoublesBuffers(), "Linux's rule");
        OptionKey<Integer> sndbuf = SocketOptionTable.SEND_BUFFER_SIZE;
        ProbeReport report = new ProbeReport("udp", Map.of(sndbuf.name(), 65536));
        JsonObject entry = report.entry(sndbuf);
        new OptionAdvice(facts("net.core.wmem_max", "212992")).compare(report, sndbuf, 65536, 131072, entry);
        assertEquals("the kernel doubles the size asked for, to leave room for its bookkeeping",
                entry.getString("note"));
        assertTrue(report.recommendations.isEmpty());
    }

    @Test
    void a_backlog_above_somaxconn_is_capped_and_one_within_it_is_not() {
        ProbeReport report = new ProbeReport("tcp", Map.of("backlog", 4096));
        new OptionAdvice(facts("net.core.somaxconn", "128")).backlog(report, 4096);
        assertEquals(128L, report.entries.get("backlog").getLong("effective"));
        assertEquals("capped at net.core.somaxconn = 128", report.entries.get("backlog").getString("note"));
        assertEquals(List.of("backlog: requested 4096, the kernel allows 128 (capped at net.core.somaxconn = 128)"),
                report.findings);

        ProbeReport within = new ProbeReport("tcp", Map.of("backlog", 100));
        new OptionAdvice(facts("net.core.somaxconn", "4096")).backlog(within, 100);
        assertEquals("within net.core.somaxconn = 4096", within.entries.get("backlog").getString("note"));
        assertTrue(within.recommendations.isEmpty());
    }

    @Test
    void keep_alive_without_an_idle_time_is_told_the_kernels_default() {
        ProbeReport report = new ProbeReport("tcp", Map.of("keepAlive", true));
        SocketOptions o = SocketOptions.builder().set(SocketOptionTable.KEEP_ALIVE, true).build();
        new OptionAdvice(facts("net.ipv4.tcp_keepalive_time", "7200")).advise(report, o);
        assertEquals(List.of("keepAlive without keepAliveIdle waits net.ipv4.tcp_keepalive_time = 7200 s before the"
                + " first probe: set keepAliveIdle"), report.recommendations);
    }
}
