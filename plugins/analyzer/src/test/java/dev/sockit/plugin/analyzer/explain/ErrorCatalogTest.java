package dev.sockit.plugin.analyzer.explain;

import dev.sockit.api.Result;
import dev.sockit.api.Status;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lookups by name, number, platform, text, exception and stack trace, and the coverage the brief asks for. */
class ErrorCatalogTest {

    static final List<String> REQUIRED_ERRNO = List.of("EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT",
            "EAGAIN", "EWOULDBLOCK", "EALREADY", "EBADF", "ECONNABORTED", "ECONNREFUSED", "ECONNRESET",
            "EDESTADDRREQ", "EFAULT", "EHOSTDOWN", "EHOSTUNREACH", "EINPROGRESS", "EINTR", "EINVAL", "EIO",
            "EISCONN", "EMFILE", "EMSGSIZE", "ENETDOWN", "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS", "ENOMEM",
            "ENOPROTOOPT", "ENOTCONN", "ENOTSOCK", "EOPNOTSUPP", "ENOTSUP", "EPERM", "EPIPE", "EPROTO",
            "EPROTONOSUPPORT", "EPROTOTYPE", "ESHUTDOWN", "ESOCKTNOSUPPORT", "ETIMEDOUT", "ETOOMANYREFS", "ENOSPC",
            "ENOENT", "ELOOP", "ENAMETOOLONG", "EROFS", "ENODEV", "ENXIO");

    static final List<String> REQUIRED_EAI = List.of("EAI_AGAIN", "EAI_BADFLAGS", "EAI_FAIL", "EAI_FAMILY",
            "EAI_MEMORY", "EAI_NONAME", "EAI_SERVICE", "EAI_SOCKTYPE", "EAI_SYSTEM", "EAI_OVERFLOW", "EAI_NODATA",
            "EAI_ADDRFAMILY");

    /** Exception lines from the brief and the errno each stands for. */
    static final String[][] JAVA_LINES = {
        {"java.net.BindException: Address already in use", "EADDRINUSE"},
        {"java.net.BindException: Cannot assign requested address", "EADDRNOTAVAIL"},
        {"java.net.ConnectException: Connection refused", "ECONNREFUSED"},
        {"java.net.ConnectException: Connection refused (Connection refused)", "ECONNREFUSED"},
        {"java.net.ConnectException: Connection timed out", "ETIMEDOUT"},
        {"java.net.NoRouteToHostException: No route to host", "EHOSTUNREACH"},
        {"java.net.SocketTimeoutException: Read timed out", "ETIMEDOUT"},
        {"java.net.SocketTimeoutException: connect timed out", "ETIMEDOUT"},
        {"java.net.SocketTimeoutException: Accept timed out", "EAGAIN"},
        {"java.net.SocketException: Connection reset", "ECONNRESET"},
        {"java.net.SocketException: Connection reset by peer", "ECONNRESET"},
        {"java.net.SocketException: Broken pipe", "EPIPE"},
        {"java.net.SocketException: Broken pipe (Write failed)", "EPIPE"},
        {"java.net.SocketException: Socket closed", "EBADF"},
        {"java.net.SocketException: Too many open files", "EMFILE"},
        {"java.net.SocketException: Network is unreachable", "ENETUNREACH"},
        {"java.net.SocketException: Protocol family unavailable", "EAFNOSUPPORT"},
        {"java.net.UnknownHostException: nosuch.invalid", "EAI_NONAME"},
        {"java.net.UnknownHostException: db.internal: Temporary failure in name resolution", "EAI_AGAIN"},
        {"java.net.PortUnreachableException", "ECONNREFUSED"},
        {"java.nio.channels.ClosedChannelException", "EBADF"},
        {"java.nio.channels.AsynchronousCloseException", "EBADF"},
        {"java.io.IOException: Too many open files", "EMFILE"},
        {"javax.net.ssl.SSLHandshakeException: PKIX path building failed", "EPROTO"},
        {"io.netty.channel.unix.Errors$NativeIoException: recvAddress(..) failed: Connection reset by peer",
            "ECONNRESET"},
        {"io.netty.channel.unix.Errors$NativeIoException: writevAddresses(..) failed: Broken pipe", "EPIPE"},
        {"io.netty.channel.unix.Errors$NativeIoException: syscall:read(..) failed: Connection reset by peer",
            "ECONNRESET"},
        {"syscall:read(..) failed: Connection reset by peer", "ECONNRESET"},
        {"io.netty.channel.unix.Errors$NativeIoException: accept(..) failed: Too many open files", "EMFILE"},
        {"io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /127.0.0.1:8080",
            "ECONNREFUSED"},
        {"io.netty.channel.AbstractChannel$AnnotatedConnectException: finishConnect(..) failed: Connection "
            + "refused: localhost/127.0.0.1:8080", "ECONNREFUSED"},
        {"io.netty.channel.ConnectTimeoutException: connection timed out: /10.0.0.1:80", "ETIMEDOUT"},
        {"io.vertx.core.VertxException: Connection was closed", "ECONNRESET"},
        {"io.netty.handler.timeout.ReadTimeoutException", "ETIMEDOUT"},
        {"java.io.IOException: An existing connection was forcibly closed by the remote host", "ECONNRESET"},
        {"java.net.SocketException: Connection timed out", "ETIMEDOUT"},
    };

    private final ErrorCatalog catalog = ErrorCatalog.defaults();

    /** The errno the explanation points at: the entry's own for a Java entry, else the entry. */
    static String errnoName(Explanation e) {
        return e.errno() != null ? e.errno().name() : e.entry().name();
    }

    @Test
    void every_required_errno_has_linux_bsd_and_macos_numbers_and_a_text() {
        for (String name : REQUIRED_ERRNO) {
            ErrorEntry e = catalog.byName(name);
            assertNotNull(e, name);
            assertEquals(ErrorEntry.Kind.ERRNO, e.kind(), name);
            for (Platform p : new Platform[] {Platform.LINUX, Platform.MACOS, Platform.FREEBSD}) {
                assertNotNull(e.number(p), name + " on " + p);
            }
            assertFalse(e.message().isEmpty(), name);
            assertFalse(e.meaning().isEmpty(), name);
            assertFalse(e.steps().isEmpty(), name);
        }
    }

    @Test
    void bsd_numbering_differs_from_linux() {
        assertEquals(104, catalog.byName("ECONNRESET").number(Platform.LINUX));
        assertEquals(54, catalog.byName("ECONNRESET").number(Platform.MACOS));
        assertEquals(108, catalog.byName("ECONNRESET").number(Platform.WINDOWS));
        assertEquals(10054, catalog.byName("ECONNRESET").number(Platform.WINSOCK));
        assertEquals(102, catalog.byName("EOPNOTSUPP").number(Platform.MACOS));
        assertEquals(45, catalog.byName("EOPNOTSUPP").number(Platform.FREEBSD));
        assertEquals(45, catalog.byName("ENOTSUP").number(Platform.MACOS));
        assertEquals(100, catalog.byName("EPROTO").number(Platform.MACOS));
        assertEquals(92, catalog.byName("EPROTO").number(Platform.FREEBSD));
    }

    @Test
    void every_required_getaddrinfo_code_has_a_glibc_and_a_bsd_number_and_a_text() {
        for (String name : REQUIRED_EAI) {
            ErrorEntry e = catalog.byName(name);
            assertNotNull(e, name);
            assertEquals(ErrorEntry.Kind.GAI, e.kind(), name);
            assertTrue(e.number(Platform.LINUX) < 0, name + " is negative on glibc");
            assertTrue(e.number(Platform.MACOS) > 0, name + " is positive on macOS");
            assertFalse(e.message().isEmpty(), name);
        }
    }

    @Test
    void every_exception_line_of_the_brief_maps_to_its_errno() {
        for (String[] line : JAVA_LINES) {
            Explanation e = catalog.explain(line[0]);
            assertTrue(e.known(), line[0]);
            assertEquals(line[1], errnoName(e), line[0]);
        }
    }

    @Test
    void finds_names_in_any_case_and_winsock_and_getaddrinfo_names() {
        assertEquals("ECONNRESET", catalog.explain("ECONNRESET").entry().name());
        assertEquals("ECONNRESET", catalog.explain("econnreset").entry().name());
        Explanation wsa = catalog.explain("WSAECONNRESET");
        assertEquals("ECONNRESET", wsa.entry().name());
        assertEquals("WSAECONNRESET", wsa.as());
        assertEquals(Explanation.Match.NAME, wsa.match());
        assertEquals("EAI_NONAME", catalog.explain("EAI_NONAME").entry().name());
        assertEquals("WSASYSNOTREADY", catalog.explain("wsasysnotready").entry().name());
        assertEquals("EWOULDBLOCK", catalog.explain("EWOULDBLOCK").entry().name());
    }

    @Test
    void a_bare_number_reads_as_linux_and_says_what_it_is_elsewhere() {
        Explanation e = catalog.explain("104");
        assertEquals(Explanation.Match.NUMBER, e.match());
        assertEquals("ECONNRESET", e.entry().name());
        String notes = String.join(" ", e.notes());
        assertTrue(notes.contains("104 is ECONNRESET on Linux"), notes);
        assertTrue(notes.contains("ECONNRESET is 54 on macOS"), notes);
        assertTrue(notes.contains("10054 (WSAECONNRESET) on Winsock"), notes);
    }

    @Test
    void a_bsd_only_number_falls_back_to_macos_and_lists_each_platform() {
        Explanation e = catalog.explain("54");
        assertEquals("ECONNRESET", e.entry().name());
        String notes = String.join(" ", e.notes());
        assertTrue(notes.contains("54 is ECONNRESET on macOS"), notes);
        assertTrue(notes.contains("not a socket error in the catalogue on Linux or Windows CRT"), notes);
    }

    @Test
    void winsock_and_glibc_numbers_are_recognised_without_prefix() {
        Explanation w = catalog.explain("10054");
        assertEquals("ECONNRESET", w.entry().name());
        assertEquals("WSAECONNRESET", w.as());
        Explanation g = catalog.explain("-2");
        assertEquals("EAI_NONAME", g.entry().name());
        assertEquals("WSAHOST_NOT_FOUND", catalog.explain("11001").entry().name());
        assertEquals("WSAEDISCON", catalog.explain("10101").entry().name());
    }

    @Test
    void a_platform_prefix_picks_the_numbering() {
        assertEquals("ECONNRESET", catalog.explain("linux:104").entry().name());
        assertEquals("ECONNRESET", catalog.explain("macos:54").entry().name());
        assertEquals("ECONNRESET", catalog.explain("freebsd:54").entry().name());
        assertEquals("ECONNRESET", catalog.explain("windows:10054").entry().name());
        assertEquals("ECONNRESET", catalog.explain("windows:108").entry().name());
        assertEquals("EOPNOTSUPP", catalog.explain("macos:102").entry().name());
        assertEquals("ENOTSUP", catalog.explain("macos:45").entry().name());
        assertEquals("EOPNOTSUPP", catalog.explain("freebsd:45").entry().name());
        assertEquals("EAI_NONAME", catalog.explain("macos:8").entry().name());
        assertEquals("EAI_NONAME", catalog.explain("glibc:-2").entry().name());
        assertFalse(catalog.explain("linux:54").known(), "54 is EXFULL on Linux, not a socket error");
    }

    @Test
    void an_ambiguous_number_lists_the_other_meanings() {
        Explanation e = catalog.explain("10022");
        assertEquals("EINVAL", e.entry().name());
        assertTrue(e.candidates().stream().anyMatch(c -> c.name().equals("EAI_BADFLAGS")), e.toString());
        Explanation linux95 = catalog.explain("linux:95");
        assertEquals("EOPNOTSUPP", linux95.entry().name());
        assertTrue(linux95.candidates().stream().anyMatch(c -> c.name().equals("ENOTSUP")));
    }

    @Test
    void finds_strerror_and_winsock_texts() {
        assertEquals("ECONNRESET", catalog.explain("Connection reset by peer").entry().name());
        assertEquals("ECONNRESET", catalog.explain("connection reset by peer.").entry().name());
        assertEquals("ETIMEDOUT", catalog.explain("Operation timed out").entry().name());
        assertEquals("EADDRNOTAVAIL", catalog.explain("Can't assign requested address").entry().name());
        assertEquals("ECONNREFUSED", catalog.explain(
                "No connection could be made because the target machine actively refused it.").entry().name());
        assertEquals("EAI_AGAIN", catalog.explain("Temporary failure in name resolution").entry().name());
        Explanation reset = catalog.explain("Connection reset");
        assertEquals("java.net.SocketException: Connection reset", reset.entry().name());
        assertEquals("ECONNRESET", reset.errno().name());
    }

    @Test
    void a_stack_trace_is_explained_by_its_innermost_known_cause() {
        String trace = "Exception in thread \"main\" java.lang.IllegalStateException: request failed\n"
                + "\tat com.example.Client.call(Client.java:42)\n"
                + "Caused by: java.io.UncheckedIOException: java.net.SocketException: Broken pipe\n"
                + "\tat com.example.Client.write(Client.java:80)\n"
                + "Caused by: java.net.SocketException: Connection reset by peer\n"
                + "\tat java.base/sun.nio.ch.NioSocketImpl.implWrite(NioSocketImpl.java:420)\n"
                + "Caused by: com.example.Wrapper: nothing known here\n"
                + "\t... 3 more\n";
        Explanation e = catalog.explain(trace);
        assertEquals(Explanation.Match.EXCEPTION, e.match());
        assertEquals("java.net.SocketException: Connection reset by peer", e.entry().name());
        assertEquals("ECONNRESET", e.errno().name());
        assertTrue(e.notes().get(0).contains("3 of 4"), e.notes().toString());
    }

    @Test
    void unknown_input_is_not_known_with_the_closest_names() {
        Explanation e = catalog.explain("ECONRESET");
        assertFalse(e.known());
        assertEquals(Explanation.Match.UNKNOWN, e.match());
        assertEquals("ECONNRESET", e.candidates().get(0).name());
        assertTrue(catalog.explain("WSAECONNRESTE").candidates().stream()
                .anyMatch(c -> c.name().equals("ECONNRESET")));
        assertFalse(catalog.explain("no such thing at all").known());
        assertFalse(catalog.explain("99999").known());
    }

    @Test
    void odd_input_never_throws() {
        List<String> odd = new ArrayList<>(List.of("", " ", "\n\n", ":", "linux:", ":104", "linux:abc", "-",
                "99999999999999999999", "Caused by:", "Caused by: ", "Exception in thread \"", "$.$: x",
                "java.: ", "\u0000\u0001", "E".repeat(10_000), "windows:-1", "win:10054x"));
        odd.add(null);
        odd.add("at x\n".repeat(20_000));
        for (String s : odd) {
            Explanation e = catalog.explain(s);
            assertNotNull(e.toResult().toJson().encode());
        }
    }

    @Test
    void the_result_carries_findings_steps_and_json_friendly_data() {
        Result r = catalog.explain("104").toResult();
        assertEquals("explain", r.operation());
        assertEquals("104", r.target());
        assertEquals(Status.SUCCESS, r.status());
        assertTrue(r.sentences().get(0).startsWith("ECONNRESET"), r.sentences().toString());
        assertTrue(r.sentences().get(0).contains("Connection reset by peer"));
        assertTrue(r.recommendations().stream().anyMatch(s -> s.startsWith("Linux: tcpdump")),
                r.recommendations().toString());
        JsonObject back = new JsonObject(r.toJson().encode());
        JsonObject entry = back.getJsonObject("data").getJsonObject("entry");
        assertEquals(104, entry.getJsonObject("numbers").getInteger("linux"));
        assertEquals(54, entry.getJsonObject("numbers").getInteger("macos"));
        assertEquals("Connection reset by peer", entry.getJsonObject("messages").getString("posix"));

        Result java = catalog.explain("java.net.BindException: Address already in use").toResult();
        JsonObject data = new JsonObject(java.toJson().encode()).getJsonObject("data");
        assertEquals("EADDRINUSE", data.getJsonObject("errno").getString("name"));
        assertTrue(java.recommendations().stream().anyMatch(s -> s.contains("ss -ltnp 'sport = :8080'")));

        Result unknown = catalog.explain("ECONRESET").toResult();
        assertEquals(Status.WARNING, unknown.status());
        assertTrue(unknown.sentences().stream().anyMatch(s -> s.contains("ECONNRESET")));
        assertNull(unknown.toJson().getJsonObject("data").getString("as"));
    }

    @Test
    void a_nested_class_is_found_by_its_own_name_and_windows_numbers_reach_winsock() {
        Explanation e = catalog.explain("NativeIoException: writevAddresses(..) failed: Broken pipe");
        assertEquals("io.netty.channel.unix.Errors$NativeIoException: Broken pipe", e.entry().name());
        assertEquals("EPIPE", e.errno().name());
        assertEquals("WSA_OPERATION_ABORTED", catalog.explain("windows:995").entry().name());
        assertEquals("ECONNRESET", catalog.explain("windows:ECONNRESET").entry().name());
    }

    @Test
    void the_reader_names_the_line_of_a_bad_catalogue() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CatalogReader.read(new BufferedReader(new StringReader(
                        "[EFOO]\nkind: errno\nlinux: many\n")), "test.txt"));
        assertEquals("test.txt line 3: 'linux: many' (expected: a number)", e.getMessage());
        assertEquals(List.of("SO_RCVTIMEO", "SO_SNDTIMEO (a timeout, with EAGAIN)", "O_NONBLOCK"),
                CatalogReader.list("SO_RCVTIMEO, SO_SNDTIMEO (a timeout, with EAGAIN),, O_NONBLOCK"));
        List<ErrorEntry> entries = CatalogReader.read(new BufferedReader(new StringReader(
                "# comment\n[EFOO]\nkind: errno\nlinux: 7\nmessage: Foo failed\nmeaning: One.\nmeaning: Two.\n"
                        + "step.linux: ss -s\n")), "test.txt");
        ErrorEntry foo = entries.get(0);
        assertEquals(7, foo.number(Platform.LINUX));
        assertEquals("One. Two.", foo.meaning());
        assertEquals(List.of("ss -s"), foo.steps().get("linux"));
        assertEquals("EFOO", ErrorCatalog.of(entries).explain("linux:7").entry().name());
    }

    @Test
    void every_related_name_is_in_the_catalogue() {
        for (ErrorEntry e : catalog.entries()) {
            for (String r : e.related()) {
                assertNotNull(catalog.byName(r), e.name() + " refers to " + r);
            }
        }
    }
}
