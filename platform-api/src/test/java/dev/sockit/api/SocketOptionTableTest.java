package dev.sockit.api;

import dev.sockit.api.OptionKey.Role;
import dev.sockit.api.OptionKey.Support;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static dev.sockit.api.testing.Tools.onPath;
import static dev.sockit.api.testing.Tools.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The option table: its names and order, what each key carries, and its native levels and names against the C
 * headers (compiled with gcc), the way the analyzer's error catalogue is checked.
 */
class SocketOptionTableTest {

    @Test
    void holds_the_19_options_in_their_config_order() {
        assertEquals(List.of("reuseAddress", "reusePort", "tcpNoDelay", "keepAlive", "keepAliveIdle",
                "keepAliveInterval", "keepAliveCount", "soLinger", "sendBufferSize", "receiveBufferSize", "backlog",
                "trafficClass", "tcpFastOpen", "tcpQuickAck", "tcpCork", "tcpUserTimeout", "tcpNotSentLowat",
                "ipv6Only", "broadcast"), SocketOptionTable.names());
        assertEquals(19, SocketOptionTable.all().size());
        assertEquals(19, new HashSet<>(SocketOptionTable.all()).size());
    }

    @Test
    void finds_every_option_by_its_exact_name_and_nothing_else() {
        for (OptionKey<?> key : SocketOptionTable.all()) {
            assertSame(key, SocketOptionTable.byName(key.name()));
        }
        assertSame(SocketOptionTable.RECEIVE_BUFFER_SIZE, SocketOptionTable.byName("receiveBufferSize"));
        assertNull(SocketOptionTable.byName("receivebuffersize"));
        assertNull(SocketOptionTable.byName("SO_RCVBUF"));
        assertNull(SocketOptionTable.byName(""));
    }

    @Test
    void every_key_carries_a_type_a_role_a_meaning_and_a_native_name() {
        for (OptionKey<?> key : SocketOptionTable.all()) {
            assertFalse(key.roles().isEmpty(), key.name());
            assertFalse(key.meaning().isBlank(), key.name());
            assertFalse(key.nativeName().isBlank(), key.name());
            assertEquals(key.isSocketOption(), key.linuxNumber() >= 0, key.name());
            switch (key.type()) {
                case BOOLEAN -> assertEquals(Boolean.class, key.valueType(), key.name());
                case DURATION -> {
                    assertEquals(Duration.class, key.valueType(), key.name());
                    assertNotNull(key.unit(), key.name());
                }
                default -> {
                    assertEquals(Integer.class, key.valueType(), key.name());
                    assertTrue(key.min() <= key.max(), key.name());
                }
            }
        }
    }

    @Test
    void states_the_kernel_unit_and_the_sockets_of_an_option() {
        assertEquals(ChronoUnit.SECONDS, SocketOptionTable.KEEP_ALIVE_IDLE.unit());
        assertEquals("seconds", SocketOptionTable.KEEP_ALIVE_IDLE.unitName());
        assertEquals("milliseconds", SocketOptionTable.TCP_USER_TIMEOUT.unitName());
        assertEquals("bytes", SocketOptionTable.RECEIVE_BUFFER_SIZE.unitName());
        assertEquals(OptionKey.Level.SOL_SOCKET, SocketOptionTable.RECEIVE_BUFFER_SIZE.level());
        assertEquals("SO_RCVBUF", SocketOptionTable.RECEIVE_BUFFER_SIZE.nativeName());
        assertSame(StandardSocketOptions.SO_RCVBUF, SocketOptionTable.RECEIVE_BUFFER_SIZE.standardOption());
        assertTrue(SocketOptionTable.RECEIVE_BUFFER_SIZE.kernelNote().contains("net.core.rmem_max"));
        assertTrue(SocketOptionTable.BROADCAST.appliesTo(Protocol.UDP));
        assertFalse(SocketOptionTable.BROADCAST.appliesTo(Protocol.TCP));
        assertEquals(java.util.Set.of(Protocol.TCP, Protocol.UDP), SocketOptionTable.TRAFFIC_CLASS.protocols());
        assertEquals(java.util.Set.of(Protocol.TCP), SocketOptionTable.TCP_CORK.protocols());
        assertTrue(SocketOptionTable.BACKLOG.appliesTo(Role.LISTENER));
        assertFalse(SocketOptionTable.BACKLOG.isSocketOption());
        assertEquals("TCP_KEEPINTERVAL", SocketOptionTable.KEEP_ALIVE_INTERVAL.jdkName());
        assertNull(SocketOptionTable.TCP_CORK.jdkName());
    }

    @Test
    void says_which_transports_can_apply_an_option() {
        assertNull(Support.ANY.reasonAgainst(Transport.NIO));
        assertNull(Support.NATIVE.reasonAgainst(Transport.KQUEUE));
        assertEquals("needs a native transport (epoll, io_uring or kqueue); nio is in use",
                Support.NATIVE.reasonAgainst(Transport.NIO));
        assertNull(Support.LINUX_NATIVE.reasonAgainst(Transport.IO_URING));
        assertEquals("needs a Linux native transport (epoll or io_uring); kqueue is in use",
                Support.LINUX_NATIVE.reasonAgainst(Transport.KQUEUE));
        assertTrue(Support.NATIVE.appliesOn(Transport.EPOLL));
        assertFalse(Support.LINUX_NATIVE.appliesOn(Transport.NIO));
    }

    @Test
    void converts_values_to_what_setsockopt_takes_and_back_to_config_form() {
        assertEquals(1, SocketOptionTable.KEEP_ALIVE_IDLE.toKernel(Duration.ofMillis(500)));
        assertEquals(30, SocketOptionTable.KEEP_ALIVE_IDLE.toKernel(Duration.ofSeconds(30)));
        assertEquals(1500, SocketOptionTable.TCP_USER_TIMEOUT.toKernel(Duration.ofMillis(1500)));
        assertEquals(1, SocketOptionTable.TCP_NO_DELAY.toKernel(true));
        assertEquals(65536, SocketOptionTable.RECEIVE_BUFFER_SIZE.toKernel(65536));
        assertEquals("30s", SocketOptionTable.KEEP_ALIVE_IDLE.configForm(30));
        assertEquals("off", SocketOptionTable.SO_LINGER.configForm(-1));
        assertEquals("1500ms", SocketOptionTable.TCP_USER_TIMEOUT.configForm(1500));
        assertEquals(65536, SocketOptionTable.RECEIVE_BUFFER_SIZE.configForm(65536));
    }

    @Test
    void every_native_level_and_name_compiles_and_has_the_number_of_the_c_headers(@TempDir Path dir)
            throws Exception {
        Path gcc = onPath("gcc");
        assumeTrue(gcc != null, "no gcc on PATH: install package gcc (and libc6-dev)");
        StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n#include <stdio.h>\n#include <sys/socket.h>\n"
                + "#include <netinet/in.h>\n#include <netinet/tcp.h>\nint main(void) {\n");
        int options = 0;
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (!key.isSocketOption()) {
                continue;
            }
            // No #ifdef: a level or name the headers do not define fails the compilation, naming it.
            c.append("  printf(\"%s\\t%d\\t%d\\n\", \"").append(key.name()).append("\", ")
                    .append(key.level().name()).append(", ").append(key.nativeName()).append(");\n");
            options++;
        }
        c.append("  return 0;\n}\n");
        Path src = dir.resolve("options.c");
        Files.writeString(src, c, StandardCharsets.UTF_8);
        Path exe = dir.resolve("options");
        run(dir, List.of(gcc.toString(), "-Wall", "-Werror", "-o", exe.toString(), src.toString()));
        Map<String, int[]> printed = new HashMap<>();
        for (String line : run(dir, List.of(exe.toString())).split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 3) {
                printed.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
            }
        }
        List<String> wrong = new ArrayList<>();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (!key.isSocketOption()) {
                continue;
            }
            int[] n = printed.get(key.name());
            assertNotNull(n, key.name() + " was not printed");
            if (n[0] != key.level().linuxNumber()) {
                wrong.add(key.name() + ": " + key.level() + " is " + n[0] + " in the headers, "
                        + key.level().linuxNumber() + " in the table");
            }
            if (n[1] != key.linuxNumber()) {
                wrong.add(key.name() + ": " + key.nativeName() + " is " + n[1] + " in the headers, "
                        + key.linuxNumber() + " in the table");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(18, options, "every option but the listen(2) backlog is a socket option");
    }

    @Test
    void the_backlog_is_the_argument_of_listen_which_the_headers_declare(@TempDir Path dir) throws Exception {
        Path gcc = onPath("gcc");
        assumeTrue(gcc != null, "no gcc on PATH: install package gcc (and libc6-dev)");
        Path src = dir.resolve("listen.c");
        Files.writeString(src, "#include <sys/socket.h>\nint main(void) { return " + SocketOptionTable.BACKLOG
                .nativeName() + "(-1, " + SocketOptionTable.BACKLOG.max() + ") == -1 ? 0 : 1; }\n");
        Path exe = dir.resolve("listen");
        run(dir, List.of(gcc.toString(), "-Wall", "-Werror", "-o", exe.toString(), src.toString()));
        run(dir, List.of(exe.toString()));
    }
}
