package dev.sockit.plugin.analyzer.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class FormatDetectorTest {

    private static Format detect(byte[] b) {
        return FormatDetector.detect(b, Math.min(b.length, 4096));
    }

    private static Format detect(String text) {
        return detect(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void detects_every_fixture() {
        Map<String, Format> expected = Map.ofEntries(
                Map.entry("ss/ss-tanpmie.txt", Format.SS), Map.entry("ss/ss-tanpmieH.txt", Format.SS),
                Map.entry("ss/ss-tuln.txt", Format.SS), Map.entry("ss/ss-xap.txt", Format.SS),
                Map.entry("ss/ss-tio-estab.txt", Format.SS), Map.entry("ss/centos7-ss-a.txt", Format.SS),
                Map.entry("ss-summary/ss-s.txt", Format.SS_SUMMARY),
                Map.entry("netstat-linux/netstat-tanpe.txt", Format.NETSTAT_LINUX),
                Map.entry("netstat-linux/netstat-an.txt", Format.NETSTAT_LINUX),
                Map.entry("netstat-s/netstat-s.txt", Format.NETSTAT_STATISTICS),
                Map.entry("netstat-bsd/freebsd12-netstat-an.txt", Format.NETSTAT_BSD),
                Map.entry("netstat-bsd/macos-netstat.txt", Format.NETSTAT_BSD),
                Map.entry("netstat-windows/win10-netstat-aonb.txt", Format.NETSTAT_WINDOWS),
                Map.entry("lsof/lsof-i-n-P.txt", Format.LSOF),
                Map.entry("lsof/ubuntu1804-lsof-inet.txt", Format.LSOF),
                Map.entry("detect/proc-tcp.txt", Format.PROC_TCP), Map.entry("detect/proc-tcp6.txt", Format.PROC_TCP),
                Map.entry("detect/proc-udp.txt", Format.PROC_UDP), Map.entry("detect/proc-unix.txt", Format.PROC_UNIX),
                Map.entry("detect/sockstat.txt", Format.PROC_SOCKSTAT), Map.entry("detect/snmp.txt", Format.PROC_SNMP),
                Map.entry("detect/netstat.txt", Format.PROC_SNMP),
                Map.entry("nstat/nstat-asz.txt", Format.NSTAT), Map.entry("nstat/nstat-as.txt", Format.NSTAT),
                Map.entry("nstat/nstat-delta.txt", Format.NSTAT), Map.entry("nstat/nstat-z-delta.txt", Format.NSTAT),
                Map.entry("nstat/nstat-asj.json", Format.NSTAT), Map.entry("nstat/nstat-asjpz.json", Format.NSTAT),
                // pasted in public threads: other kernels' nstat, with and without its "#kernel" line
                Map.entry("nstat/mptcp-196-nstat-5.12.txt", Format.NSTAT),
                Map.entry("nstat/mptcp-501-nstat-el8.txt", Format.NSTAT),
                Map.entry("nstat/node-exporter-2328-nstat-a-5.13.txt", Format.NSTAT),
                Map.entry("nstat/openmptcprouter-4076-nstat-asz-mptcp.txt", Format.NSTAT),
                Map.entry("netstat-linux/netdata-6527-netstat-unlp-de.txt", Format.NETSTAT_LINUX),
                Map.entry("netstat-linux/haproxy-136-netstat-anolp.txt", Format.NETSTAT_LINUX),
                Map.entry("netstat-windows/zh-cn-netstat-ano.txt", Format.NETSTAT_WINDOWS),
                Map.entry("netstat-bsd/ums-739-macos-netstat-udp.txt", Format.NETSTAT_BSD));
        expected.forEach((path, format) -> assertEquals(format, detect(Parsed.bytes(path)), path));
    }

    @Test
    void every_text_format_has_a_parser_that_reads_what_was_detected() {
        for (Format f : Format.values()) {
            InputParser p = Parsers.forTextFormat(f);
            if (p != null) {
                assertEquals(f, p.format());
            }
        }
        assertNotNull(Parsers.forTextFormat(Format.LSOF));
        assertNull(Parsers.forTextFormat(Format.PROC_TCP));
    }

    @Test
    void detects_rows_without_headers() {
        assertEquals(Format.SS, detect("tcp   LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\n"));
        assertEquals(Format.SS, detect("ESTAB 0 0 127.0.0.1:1 127.0.0.1:2\n"));
        assertEquals(Format.SS, detect("0      0      127.0.0.1:47001   127.0.0.1:33844\n\t ts sack cubic\n"));
        assertEquals(Format.NETSTAT_LINUX, detect("tcp        0      0 127.0.0.1:25  0.0.0.0:*  LISTEN\n"));
        assertEquals(Format.NETSTAT_BSD, detect("tcp4       0      0 127.0.0.1.25  *.*  LISTEN\n"));
        assertEquals(Format.NETSTAT_WINDOWS, detect("  TCP    0.0.0.0:135    0.0.0.0:0    LISTENING\r\n"));
        assertEquals(Format.PROC_SOCKSTAT, detect("TCP6: inuse 3\nUDP6: inuse 1\n"));
    }

    @Test
    void answers_null_for_other_input() {
        assertNull(detect("hello world\nthis is not socket output\n"));
        assertNull(detect(new byte[0]));
        assertNull(detect(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'}));
        assertNull(FormatDetector.detect(new byte[10], -5));
    }
}
