package dev.sockit.plugin.analyzer.explain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.sockit.api.testing.Tools.onPath;
import static dev.sockit.api.testing.Tools.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The catalogue's numbers and texts against the real thing: Linux's kernel headers and glibc (compiled and run
 * with gcc), and the MinGW-w64 Windows headers. Each test skips, saying which package is missing, where its
 * source is absent.
 */
class PlatformNumbersTest {

    private static final Path LINUX_ERRNO_BASE = Path.of("/usr/include/asm-generic/errno-base.h");
    private static final Path LINUX_ERRNO = Path.of("/usr/include/asm-generic/errno.h");
    private static final Path NETDB = Path.of("/usr/include/netdb.h");
    private static final Path MINGW = Path.of("/usr/share/mingw-w64/include");

    private final ErrorCatalog catalog = ErrorCatalog.defaults();

    @Test
    void linux_errno_numbers_match_the_kernel_headers() throws IOException {
        assumeTrue(Files.isRegularFile(LINUX_ERRNO_BASE) && Files.isRegularFile(LINUX_ERRNO),
                "no /usr/include/asm-generic/errno*.h: install package linux-libc-dev");
        CHeaders h = CHeaders.read(List.of(LINUX_ERRNO_BASE, LINUX_ERRNO));
        int checked = 0;
        for (ErrorEntry e : catalog.entries()) {
            if (e.kind() == ErrorEntry.Kind.ERRNO) {
                if (e.name().equals("ENOTSUP")) {
                    // glibc defines ENOTSUP as EOPNOTSUPP in <bits/errno.h>; the kernel headers do not name it.
                    assertEquals(h.value("EOPNOTSUPP"), e.number(Platform.LINUX));
                    continue;
                }
                assertEquals(h.value(e.name()), e.number(Platform.LINUX), e.name() + " on Linux");
                checked++;
            }
        }
        assertTrue(checked > 40, "checked " + checked);
    }

    @Test
    void glibc_getaddrinfo_numbers_match_netdb_h() throws IOException {
        assumeTrue(Files.isRegularFile(NETDB), "no /usr/include/netdb.h: install package libc6-dev");
        CHeaders h = CHeaders.read(List.of(NETDB));
        for (ErrorEntry e : catalog.entries()) {
            if (e.kind() == ErrorEntry.Kind.GAI) {
                assertEquals(h.value(e.name()), e.number(Platform.LINUX), e.name() + " on glibc");
            }
        }
    }

    @Test
    void linux_numbers_and_texts_match_what_glibc_prints(@TempDir Path dir) throws Exception {
        Path gcc = onPath("gcc");
        assumeTrue(gcc != null, "no gcc on PATH: install package gcc (and libc6-dev)");
        StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n#include <errno.h>\n#include <netdb.h>\n"
                + "#include <stdio.h>\n#include <string.h>\nint main(void) {\n");
        for (ErrorEntry e : catalog.entries()) {
            if (e.kind() == ErrorEntry.Kind.ERRNO) {
                c.append("#ifdef ").append(e.name()).append("\n  printf(\"%s\\t%d\\t%s\\n\", \"").append(e.name())
                        .append("\", ").append(e.name()).append(", strerror(").append(e.name()).append("));\n#endif\n");
            } else if (e.kind() == ErrorEntry.Kind.GAI) {
                c.append("#ifdef ").append(e.name()).append("\n  printf(\"%s\\t%d\\t%s\\n\", \"").append(e.name())
                        .append("\", ").append(e.name()).append(", gai_strerror(").append(e.name())
                        .append("));\n#endif\n");
            }
        }
        c.append("  return 0;\n}\n");
        Path src = dir.resolve("errnos.c");
        Files.writeString(src, c, StandardCharsets.UTF_8);
        Path exe = dir.resolve("errnos");
        run(dir, List.of(gcc.toString(), "-o", exe.toString(), src.toString()));
        String out = run(dir, List.of(exe.toString()));
        Map<String, String[]> printed = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 3);
            if (f.length == 3) {
                printed.put(f[0], f);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (ErrorEntry e : catalog.entries()) {
            if (e.kind() != ErrorEntry.Kind.ERRNO && e.kind() != ErrorEntry.Kind.GAI) {
                continue;
            }
            String[] f = printed.get(e.name());
            assertNotNull(f, e.name() + " is not defined by glibc");
            if (!Integer.valueOf(Integer.parseInt(f[1])).equals(e.number(Platform.LINUX))) {
                wrong.add(e.name() + ": glibc " + f[1] + ", catalogue " + e.number(Platform.LINUX));
            }
            String text = e.messages().getOrDefault("linux", e.messages().get("posix"));
            if (f[2].equals("Unknown error") && e.meaning().contains("prints 'Unknown error'")) {
                continue;
            }
            if (!f[2].equals(text)) {
                wrong.add(e.name() + ": glibc says '" + f[2] + "', catalogue '" + text + "'");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void every_winsock_code_of_the_mingw_headers_is_in_the_catalogue_with_its_number() throws IOException {
        Path winerror = MINGW.resolve("winerror.h");
        assumeTrue(Files.isRegularFile(winerror), "no " + winerror + ": install package mingw-w64-x86-64-dev");
        CHeaders h = CHeaders.read(List.of(winerror, MINGW.resolve("winsock2.h")));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String name : new TreeMap<>(h.raw()).keySet()) {
            if (!name.startsWith("WSA") || name.startsWith("WSA_QOS_")) {
                continue;
            }
            Integer n = h.value(name);
            boolean code = n != null && n >= 10000 && n < 12000;
            if (!code) {
                continue;
            }
            if (name.equals("WSABASEERR")) {
                continue;
            }
            ErrorEntry e = catalog.byName(name);
            if (e == null) {
                wrong.add(name + " (" + n + ") is missing");
            } else if (!n.equals(e.number(Platform.WINSOCK))) {
                wrong.add(name + ": header " + n + ", catalogue " + e.number(Platform.WINSOCK));
            }
            checked++;
        }
        for (String overlapped : List.of("WSA_IO_PENDING", "WSA_OPERATION_ABORTED")) {
            assertEquals(h.value(overlapped), catalog.byName(overlapped).number(Platform.WINSOCK), overlapped);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked >= 60, "checked " + checked);
    }

    @Test
    void windows_crt_errno_numbers_match_the_mingw_errno_h() throws IOException {
        Path errno = MINGW.resolve("errno.h");
        assumeTrue(Files.isRegularFile(errno), "no " + errno + ": install package mingw-w64-x86-64-dev");
        CHeaders h = CHeaders.read(List.of(errno));
        List<String> wrong = new ArrayList<>();
        for (ErrorEntry e : catalog.entries()) {
            if (e.kind() != ErrorEntry.Kind.ERRNO) {
                continue;
            }
            Integer header = h.value(e.name());
            if (header == null ? e.number(Platform.WINDOWS) != null : !header.equals(e.number(Platform.WINDOWS))) {
                wrong.add(e.name() + ": errno.h " + header + ", catalogue " + e.number(Platform.WINDOWS));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void windows_getaddrinfo_codes_match_ws2tcpip_h() throws IOException {
        Path ws2tcpip = MINGW.resolve("ws2tcpip.h");
        assumeTrue(Files.isRegularFile(ws2tcpip), "no " + ws2tcpip + ": install package mingw-w64-x86-64-dev");
        CHeaders h = CHeaders.read(List.of(ws2tcpip, MINGW.resolve("winsock2.h"), MINGW.resolve("winerror.h")));
        for (ErrorEntry e : catalog.entries()) {
            if (e.kind() == ErrorEntry.Kind.GAI) {
                assertEquals(h.value(e.name()), e.number(Platform.WINSOCK), e.name() + " on Windows");
            }
        }
    }
}
