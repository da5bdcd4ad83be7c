package dev.sockit.api;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportTest {

    @Test
    void json_names_are_the_config_names() {
        assertEquals("nio", Transport.NIO.json());
        assertEquals("epoll", Transport.EPOLL.json());
        assertEquals("io_uring", Transport.IO_URING.json());
        assertEquals("kqueue", Transport.KQUEUE.json());
        for (Transport t : Transport.values()) {
            assertEquals(t, Transport.ofJson(t.json()));
        }
        assertEquals("'dpdk' is not a transport (expected one of: nio, epoll, io_uring, kqueue)",
                assertThrows(IllegalArgumentException.class, () -> Transport.ofJson("dpdk")).getMessage());
    }

    @Test
    void native_and_linux_native_transports() {
        assertFalse(Transport.NIO.isNative());
        assertTrue(Transport.KQUEUE.isNative());
        assertFalse(Transport.KQUEUE.isLinuxNative());
        assertTrue(Transport.EPOLL.isLinuxNative());
        assertTrue(Transport.IO_URING.isLinuxNative());
    }

    @Test
    void names_each_vertx_transport_whose_classes_are_here() {
        assertEquals(Transport.NIO, Transport.of(io.vertx.core.transport.Transport.NIO));
        // Vert.x leaves a transport null when its Netty classes are not on the class path.
        if (io.vertx.core.transport.Transport.EPOLL != null) {
            assertEquals(Transport.EPOLL, Transport.of(io.vertx.core.transport.Transport.EPOLL));
        }
        if (io.vertx.core.transport.Transport.IO_URING != null) {
            assertEquals(Transport.IO_URING, Transport.of(io.vertx.core.transport.Transport.IO_URING));
        }
        if (io.vertx.core.transport.Transport.KQUEUE != null) {
            assertEquals(Transport.KQUEUE, Transport.of(io.vertx.core.transport.Transport.KQUEUE));
        }
    }

    @Test
    void tells_the_transport_a_vertx_runs_on() {
        Vertx nio = Vertx.builder().withTransport(io.vertx.core.transport.Transport.NIO).build();
        try {
            assertEquals(Transport.NIO, Transport.of(nio));
        } finally {
            nio.close().await();
        }
        io.vertx.core.transport.Transport epoll = io.vertx.core.transport.Transport.EPOLL;
        if (epoll != null && epoll.available()) {
            Vertx onEpoll = Vertx.builder().withTransport(epoll).build();
            try {
                assertEquals(Transport.EPOLL, Transport.of(onEpoll));
            } finally {
                onEpoll.close().await();
            }
        }
    }
}
