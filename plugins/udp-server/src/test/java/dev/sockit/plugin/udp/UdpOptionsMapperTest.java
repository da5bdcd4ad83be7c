package dev.sockit.plugin.udp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.OptionKey;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpOptionsMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void sets_the_portable_options_and_keeps_the_receive_buffer_out_of_Vert_x_options() {
        UdpOptionsMapper.Mapping mapping = UdpOptionsMapper.map(config("{\"reuseAddress\": true,"
                + " \"broadcast\": true, \"trafficClass\": 46, \"sendBufferSize\": 32768,"
                + " \"receiveBufferSize\": \"4MiB\"}", 8, false), Transport.NIO);
        DatagramSocketOptions d = mapping.datagram();
        assertTrue(d.isReuseAddress());
        assertTrue(d.isBroadcast());
        assertEquals(46, d.getTrafficClass());
        assertEquals(32768, d.getSendBufferSize());
        // Vert.x would size each datagram's read buffer from it too: the server sets SO_RCVBUF itself.
        assertEquals(-1, d.getReceiveBufferSize());
        assertEquals(4 << 20, mapping.receiveBufferSize());
        assertEquals(-1, d.getMulticastTimeToLive());
        assertEquals(8, mapping.multicastTtl());
        assertEquals(Boolean.FALSE, mapping.multicastLoopback());
        assertEquals(Map.of("reuseAddress", "true", "broadcast", "true", "trafficClass", "46",
                "sendBufferSize", "32768", "receiveBufferSize", "4194304", "multicastTtl", "8",
                "multicastLoopback", "false"), mapping.report().applied());
        assertTrue(mapping.report().ignored().isEmpty());
    }

    @Test
    void warns_about_reusePort_without_a_native_transport() {
        UdpOptionsMapper.Mapping mapping = UdpOptionsMapper.map(config("{\"reusePort\": true}", null, null),
                Transport.NIO);
        assertFalse(mapping.datagram().isReusePort());
        assertFalse(mapping.reusesPort());
        assertEquals(List.of("option reusePort ignored: needs a native transport (epoll, io_uring or kqueue); nio is"
                + " in use"), mapping.report().warnings());
    }

    @Test
    void sets_reusePort_on_epoll_and_kqueue() {
        for (Transport transport : List.of(Transport.EPOLL, Transport.IO_URING, Transport.KQUEUE)) {
            UdpOptionsMapper.Mapping mapping = UdpOptionsMapper.map(config("{\"reusePort\": true}", null, null),
                    transport);
            assertTrue(mapping.datagram().isReusePort(), transport.json());
            assertTrue(mapping.reusesPort(), transport.json());
        }
    }

    @Test
    void warns_about_every_TCP_option_and_ipv6Only() {
        UdpOptionsMapper.Mapping mapping = UdpOptionsMapper.map(config("{\"tcpNoDelay\": true, \"keepAlive\": true,"
                + " \"keepAliveIdle\": \"30s\", \"keepAliveInterval\": \"5s\", \"keepAliveCount\": 3,"
                + " \"soLinger\": \"1s\", \"backlog\": 10, \"tcpFastOpen\": true, \"tcpQuickAck\": true,"
                + " \"tcpCork\": true, \"tcpUserTimeout\": \"1s\", \"tcpNotSentLowat\": 1024, \"ipv6Only\": true}",
                null, null), Transport.EPOLL);
        assertTrue(mapping.report().applied().isEmpty());
        assertEquals(Set.of("tcpNoDelay", "keepAlive", "keepAliveIdle", "keepAliveInterval", "keepAliveCount",
                "soLinger", "backlog", "tcpFastOpen", "tcpQuickAck", "tcpCork", "tcpUserTimeout", "tcpNotSentLowat",
                "ipv6Only"), mapping.report().ignored().keySet());
        assertEquals("applies to TCP sockets only", mapping.report().ignored().get("tcpCork"));
        assertTrue(mapping.report().ignored().get("ipv6Only").contains("IPV6_V6ONLY"));
    }

    @Test
    void every_option_of_the_table_is_applied_or_ignored_with_a_reason_on_every_transport() {
        SocketOptions.Builder every = SocketOptions.builder();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            setSmallest(every, key);
        }
        UdpServerConfig config = UdpServerVerticleTest.builder("127.0.0.1").options(every.build()).build();
        for (Transport transport : List.of(Transport.NIO, Transport.EPOLL, Transport.KQUEUE)) {
            UdpOptionsMapper.Mapping mapping = UdpOptionsMapper.map(config, transport);
            for (OptionKey<?> key : SocketOptionTable.all()) {
                assertTrue(mapping.report().applied().containsKey(key.name()) ^ mapping.report().ignored().containsKey(key.name()),
                        key + " on " + transport + ": " + mapping);
                assertEquals(key.appliesTo(Protocol.TCP) && !key.appliesTo(Protocol.UDP),
                        "applies to TCP sockets only".equals(mapping.report().ignored().get(key.name())), key.name());
            }
        }
    }

    /** Sets {@code key} to its smallest valid value. */
    @SuppressWarnings("unchecked")
    static void setSmallest(SocketOptions.Builder b, OptionKey<?> key) {
        switch (key.type()) {
            case BOOLEAN -> b.set((OptionKey<Boolean>) key, true);
            case DURATION -> b.set((OptionKey<Duration>) key, Duration.of(Math.max(1, key.min()), key.unit()));
            default -> b.set((OptionKey<Integer>) key, (int) Math.max(1, key.min()));
        }
    }

    @Test
    void sets_nothing_for_no_options_so_the_defaults_stay() {
        UdpOptionsMapper.Mapping mapping = UdpOptionsMapper.map(UdpServerConfig.ofPort(0), Transport.EPOLL);
        assertEquals(new DatagramSocketOptions().toJson(), mapping.datagram().toJson());
        assertNull(mapping.receiveBufferSize());
        assertNull(mapping.multicastTtl());
        assertTrue(mapping.report().applied().isEmpty());
        assertTrue(mapping.report().ignored().isEmpty());
    }

    @Test
    void hands_out_a_fresh_copy_of_the_datagram_options_each_time() {
        UdpOptionsMapper.Mapping mapping = UdpOptionsMapper.map(UdpServerConfig.ofPort(0), Transport.NIO);
        mapping.datagram().setBroadcast(true);
        assertFalse(mapping.datagram().isBroadcast());
    }

    private static UdpServerConfig config(String options, Integer multicastTtl, Boolean multicastLoopback) {
        try {
            return UdpServerVerticleTest.builder("127.0.0.1").options(JSON.readValue(options, SocketOptions.class))
                    .multicastTtl(multicastTtl).multicastLoopback(multicastLoopback).build();
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
