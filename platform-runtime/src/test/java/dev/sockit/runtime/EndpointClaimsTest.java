package dev.sockit.runtime;

import dev.sockit.api.ConfigException;
import dev.sockit.api.Endpoint;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules by which two addresses clash, and the claims processes make at config time and at start. */
class EndpointClaimsTest {

    /** Resolves the names of these tests without DNS. */
    private static final EndpointClaims.Resolver NAMES = name -> {
        Map<String, String> hosts = Map.of("localhost", "127.0.0.1", "db.example", "10.0.0.7");
        String ip = hosts.get(name);
        try {
            return ip == null ? List.of() : List.of(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    };

    private static boolean tcp(String a, String b, int port) {
        return EndpointClaims.overlap(Endpoint.tcp(a, port), Endpoint.tcp(b, port), NAMES);
    }

    @Test
    void the_same_protocol_port_and_host_clash() {
        assertTrue(tcp("127.0.0.1", "127.0.0.1", 7201));
        assertTrue(EndpointClaims.overlap(Endpoint.udp("127.0.0.1", 53), Endpoint.udp("127.0.0.1", 53), NAMES));
    }

    @Test
    void tcp_and_udp_on_one_port_do_not_clash() {
        assertFalse(EndpointClaims.overlap(Endpoint.tcp("127.0.0.1", 7201), Endpoint.udp("127.0.0.1", 7201),
                NAMES));
    }

    @Test
    void other_ports_and_other_addresses_do_not_clash() {
        assertFalse(tcp("127.0.0.1", "127.0.0.2", 7201));
        assertFalse(EndpointClaims.overlap(Endpoint.tcp("127.0.0.1", 7201), Endpoint.tcp("127.0.0.1", 7202),
                NAMES));
    }

    @Test
    void port_0_never_clashes() {
        assertFalse(tcp("127.0.0.1", "127.0.0.1", 0));
        assertFalse(tcp("0.0.0.0", "127.0.0.1", 0));
    }

    @Test
    void the_IPv4_wildcard_clashes_with_every_IPv4_address_and_the_IPv6_wildcard_but_not_with_IPv6_loopback() {
        assertTrue(tcp("0.0.0.0", "127.0.0.1", 7201));
        assertTrue(tcp("127.0.0.1", "0.0.0.0", 7201));
        assertTrue(tcp("0.0.0.0", "::", 7201));
        // Linux binds 0.0.0.0:p and [::1]:p side by side: different families.
        assertFalse(tcp("0.0.0.0", "::1", 7201));
    }

    @Test
    void the_IPv6_wildcard_clashes_with_every_address_as_a_dual_stack_socket_does() {
        assertTrue(tcp("::", "::1", 7201));
        assertTrue(tcp("::", "127.0.0.1", 7201));
        assertTrue(tcp("[::]", "10.1.2.3", 7201));
    }

    @Test
    void spellings_of_one_address_clash() {
        assertTrue(tcp("::1", "0:0:0:0:0:0:0:1", 7201));
        assertTrue(tcp("[::1]", "::1", 7201));
        assertTrue(tcp("::ffff:127.0.0.1", "127.0.0.1", 7201));
        assertTrue(tcp("localhost", "127.0.0.1", 7201));
        assertTrue(tcp("LOCALHOST", "localhost", 7201));
        assertFalse(tcp("db.example", "127.0.0.1", 7201));
        assertTrue(tcp("db.example", "0.0.0.0", 7201));
    }

    @Test
    void a_name_that_does_not_resolve_clashes_only_with_itself() {
        assertTrue(tcp("nowhere.invalid", "nowhere.invalid", 7201));
        assertFalse(tcp("nowhere.invalid", "127.0.0.1", 7201));
    }

    @Test
    void unix_sockets_clash_on_the_same_file_only() {
        assertTrue(EndpointClaims.overlap(Endpoint.unix("/tmp/a.sock"), Endpoint.unix("/tmp/./a.sock"), NAMES));
        assertFalse(EndpointClaims.overlap(Endpoint.unix("/tmp/a.sock"), Endpoint.unix("/tmp/b.sock"), NAMES));
        assertFalse(EndpointClaims.overlap(Endpoint.unix("/tmp/a.sock"), Endpoint.tcp("127.0.0.1", 7201), NAMES));
    }

    @Test
    void a_second_process_on_a_declared_address_is_a_config_error_naming_both_paths_and_lines() {
        SockitConfig config = ConfigLoader.parse("processes:\n"
                + "  echo:\n    kind: tcp-server\n    config:\n      host: 0.0.0.0\n      port: 7201\n"
                + "  daytime:\n    kind: tcp-server\n    config:\n      port: 7201\n", "two.yaml");
        EndpointClaims claims = new EndpointClaims(NAMES);
        claims.declare("echo", List.of(Endpoint.tcp("0.0.0.0", 7201)), config.processes().get("echo").config());

        ConfigException e = assertThrows(ConfigException.class, () -> claims.declare("daytime",
                List.of(Endpoint.tcp("127.0.0.1", 7201)), config.processes().get("daytime").config()));

        assertEquals("processes.daytime.config.port", e.path());
        assertEquals(10, e.line());
        assertEquals("processes.daytime.config.port: tcp port 7201 on 127.0.0.1 is already taken by"
                + " processes.echo.config.port (line 6, tcp port 7201 on 0.0.0.0) (expected: one process per"
                + " address; choose another port)  [two.yaml line 10]", e.getMessage());
    }

    @Test
    void a_process_that_declares_an_address_twice_or_tcp_and_udp_on_one_port_is_not_refused() {
        SockitConfig config = ConfigLoader.parse("processes:\n  dns:\n    kind: dns\n    config: { port: 53 }\n",
                "dns.yaml");
        EndpointClaims claims = new EndpointClaims(NAMES);
        claims.declare("dns", List.of(Endpoint.udp("127.0.0.1", 53), Endpoint.tcp("127.0.0.1", 53)),
                config.processes().get("dns").config());
        assertTrue(claims.claim("dns", Endpoint.tcp("127.0.0.1", 53)).isEmpty());
    }

    @Test
    void a_start_claim_on_an_address_another_process_declared_names_that_process() {
        SockitConfig config = ConfigLoader.parse("processes:\n  echo:\n    kind: tcp-server\n"
                + "    config: { port: 7201 }\n", "one.yaml");
        EndpointClaims claims = new EndpointClaims(NAMES);
        claims.declare("echo", List.of(Endpoint.tcp("127.0.0.1", 7201)), config.processes().get("echo").config());

        assertEquals("echo", claims.claim("other", Endpoint.tcp("localhost", 7201)).orElseThrow().owner());
        assertTrue(claims.claim("other", Endpoint.udp("localhost", 7201)).isEmpty());
    }

    @Test
    void the_port_check_names_the_process_of_this_runtime_that_checked_the_port_first() throws IOException {
        ProcPortChecker checker = ProcPortChecker.live();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        assertTrue(checker.check("first", Protocol.TCP, "127.0.0.1", port).free());
        assertTrue(checker.check("first", Protocol.TCP, "127.0.0.1", port).free(), "a process may check again");

        PortCheck second = checker.check("second", Protocol.TCP, "0.0.0.0", port);

        assertFalse(second.free());
        assertEquals("first", second.process());
        assertEquals("tcp port " + port + " on 0.0.0.0 is already in use (process 'first' of this runtime)",
                second.message());
        assertEquals("Choose another port: process 'first' of this runtime uses it", second.recommendation());
        assertTrue(checker.check("second", Protocol.UDP, "0.0.0.0", port).free(), "udp is another address");
    }

    @Test
    void a_holder_that_is_this_jvm_is_reported_as_another_process_of_this_runtime() throws IOException {
        ProcPortChecker checker = ProcPortChecker.live();
        int port;
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = held.getLocalPort();
            PortCheck check = checker.check("echo", Protocol.TCP, "127.0.0.1", port);

            assertFalse(check.free());
            assertEquals(ProcessHandle.current().pid(), check.pid());
            assertEquals("tcp port " + port + " on 127.0.0.1 is already in use (another process of"
                    + " this runtime)", check.message());
            assertEquals("Choose another port: another process of this runtime uses it", check.recommendation());
        }
        // The claim of a port held elsewhere is withdrawn: it does not block a process that checks later.
        assertTrue(checker.claims().claim("later", Endpoint.tcp("127.0.0.1", port)).isEmpty());
    }
}
