package dev.sockit.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SysctlTest {

    @TempDir
    Path root;

    @Test
    void readsNumbersTextAndTriplesByDottedName() throws IOException {
        write("net/core/rmem_max", "212992\n");
        write("net/ipv4/tcp_rmem", "4096\t131072\t6291456\n");
        write("net/ipv4/ip_local_port_range", "32768\t60999\n");
        Sysctl sysctl = Sysctl.at(root);
        assertEquals(OptionalLong.of(212992), sysctl.number("net.core.rmem_max"));
        assertArrayEquals(new long[]{4096, 131072, 6291456}, sysctl.numbers("net.ipv4.tcp_rmem"));
        assertEquals("32768\t60999", sysctl.text("net.ipv4.ip_local_port_range"));
    }

    @Test
    void missingOrGarbledValuesAreAbsentNotErrors() throws IOException {
        write("net/core/somaxconn", "lots\n");
        Sysctl sysctl = Sysctl.at(root);
        assertEquals(OptionalLong.empty(), sysctl.number("net.core.somaxconn"));
        assertEquals(OptionalLong.empty(), sysctl.number("net.core.wmem_max"));
        assertNull(sysctl.numbers("net.core.somaxconn"));
        assertNull(sysctl.text("net.core.wmem_max"));
    }

    @Test
    void parsesValuesReadElsewhereAsTheKernelPrintsThem() {
        assertEquals(OptionalLong.of(4096), Sysctl.parseNumber(" 4096\n"));
        assertEquals(OptionalLong.empty(), Sysctl.parseNumber("4096 1"));
        assertEquals(OptionalLong.empty(), Sysctl.parseNumber("lots"));
        assertEquals(OptionalLong.empty(), Sysctl.parseNumber(null));
        assertArrayEquals(new long[] {4096, 131072, 6291456}, Sysctl.parseNumbers("4096\t131072\t6291456"));
        assertArrayEquals(new long[] {32768, 60999}, Sysctl.parseNumbers("32768 60999"));
        assertNull(Sysctl.parseNumbers("4096 x 1"));
        assertNull(Sysctl.parseNumbers("  "));
        assertNull(Sysctl.parseNumbers(null));
    }

    @Test
    void refusesNamesThatAreNotSysctlNames() {
        Sysctl sysctl = Sysctl.at(root);
        assertThrows(IllegalArgumentException.class, () -> sysctl.file("net/../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> sysctl.file(""));
        assertThrows(IllegalArgumentException.class, () -> sysctl.file(".net.core"));
    }

    @Test
    void readsTheRealHostWhereThereIsOne() {
        if (Files.isDirectory(Sysctl.PROC_SYS.resolve("net/core"))) {
            assertTrue(Sysctl.host().number("net.core.somaxconn").orElse(0) > 0, "somaxconn on this Linux host");
        } else {
            assertNull(Sysctl.host().text("net.core.somaxconn"));
        }
    }

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
