package dev.sockit.plugin.analyzer.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sysctl -a} as this machine's procps prints it, and sysctl's complaints. */
class SysctlParserTest {

    private static final String SYSCTL = String.join("\n",
            "net.core.somaxconn = 4096",
            "net.ipv4.ip_local_port_range = 32768\t60999",
            "net.ipv4.tcp_rmem = 4096\t131072\t6291456",
            "net.ipv4.tcp_syncookies = 1",
            "kernel.domainname = (none)",
            "net.ipv6.conf.all.stable_secret =",
            "sysctl: permission denied on key 'fs.protected_regular'",
            "this is no sysctl line", "");

    @Test
    void reads_names_and_values_as_printed_and_quotes_sysctls_complaints() {
        Parsed p = Parsed.text(new SysctlParser(), SYSCTL);
        assertEquals("4096", p.facts.sysctl("net.core.somaxconn"));
        assertEquals("32768\t60999", p.facts.sysctl("net.ipv4.ip_local_port_range"));
        assertEquals("4096\t131072\t6291456", p.facts.sysctl("net.ipv4.tcp_rmem"));
        assertEquals("(none)", p.facts.sysctl("kernel.domainname"));
        assertEquals("", p.facts.sysctl("net.ipv6.conf.all.stable_secret"));
        assertEquals(1, p.report.unparsedCount(), p.report.samples().toString());
        assertTrue(p.report.notes().get(0).startsWith("sysctl: permission denied"), p.report.notes().toString());
    }

    @Test
    void is_detected_by_its_dotted_names() {
        byte[] b = SYSCTL.getBytes(StandardCharsets.UTF_8);
        assertEquals(Format.SYSCTL, FormatDetector.detect(b, b.length));
        byte[] prose = "Hello. = is a sign\n".getBytes(StandardCharsets.UTF_8);
        assertNull(FormatDetector.detect(prose, prose.length));
    }
}
