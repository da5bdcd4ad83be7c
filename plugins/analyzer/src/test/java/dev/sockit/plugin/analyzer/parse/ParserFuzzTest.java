package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random, printable and mutated inputs for every parser: nothing escapes, the counts add up, memory stays flat. */
class ParserFuzzTest {

    private static final long SEED = 0x50c417L;

    private static final Map<Format, List<String>> FIXTURES = Map.of(
            Format.SS, List.of("ss/ss-tanpmie.txt", "ss/centos7-ss-a.txt", "ss/ubuntu1804-ss-tulpen.txt",
                    "ss/ss-xap.txt", "ss/ss-tio-estab.txt"),
            Format.SS_SUMMARY, List.of("ss-summary/ss-s.txt"),
            Format.NETSTAT_LINUX, List.of("netstat-linux/netstat-tanpe.txt", "netstat-linux/netstat-an.txt",
                    "netstat-linux/centos7-netstat-aeep.txt"),
            Format.NETSTAT_STATISTICS, List.of("netstat-s/netstat-s.txt"),
            Format.NSTAT, List.of("nstat/nstat-as.txt", "nstat/nstat-asjpz.json", "nstat/nstat-asj.json"),
            Format.NETSTAT_BSD, List.of("netstat-bsd/freebsd12-netstat-an.txt", "netstat-bsd/macos-netstat.txt"),
            Format.NETSTAT_WINDOWS, List.of("netstat-windows/win10-netstat-aonb.txt"),
            Format.LSOF, List.of("lsof/lsof-i-n-P.txt", "lsof/ubuntu1804-lsof-inet.txt"));

    @Test
    void random_bytes_never_escape_and_counts_add_up() {
        Random rnd = new Random(SEED);
        for (Format f : FIXTURES.keySet()) {
            for (int k = 0; k < 100; k++) {
                byte[] b = new byte[rnd.nextInt(4096)];
                rnd.nextBytes(b);
                if (k % 2 == 0) {
                    for (int i = 0; i < b.length; i += 1 + rnd.nextInt(120)) {
                        b[i] = '\n';
                    }
                }
                check(f, b, "random bytes " + k);
            }
        }
    }

    @Test
    void random_printable_lines_never_escape() {
        Random rnd = new Random(SEED + 1);
        String alphabet = " \t:.,/()[]*%\"=-_0123456789abcdefABCDEF<>users:timer:skmem:rtt:LISTENESTABtcpudp";
        for (Format f : FIXTURES.keySet()) {
            for (int k = 0; k < 100; k++) {
                StringBuilder sb = new StringBuilder();
                int lines = rnd.nextInt(40);
                for (int l = 0; l < lines; l++) {
                    int len = rnd.nextInt(160);
                    for (int c = 0; c < len; c++) {
                        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                    }
                    sb.append(rnd.nextInt(10) == 0 ? "\r\n" : "\n");
                }
                check(f, sb.toString().getBytes(StandardCharsets.UTF_8), "printable " + k);
            }
        }
    }

    @Test
    void mutated_fixtures_never_escape() {
        Random rnd = new Random(SEED + 2);
        for (Map.Entry<Format, List<String>> e : FIXTURES.entrySet()) {
            for (String path : e.getValue()) {
                String[] lines = new String(Parsed.bytes(path), StandardCharsets.ISO_8859_1).split("\n", -1);
                for (int k = 0; k < 40; k++) {
                    check(e.getKey(), mutate(lines, rnd), path + " mutation " + k);
                }
            }
        }
    }

    @Test
    void a_line_longer_than_the_limit_is_counted_and_the_next_one_read() {
        String longLine = "tcp LISTEN 0 5 1.2.3.4:80 *:* " + "x".repeat(LineReader.MAX_LINE * 2);
        Parsed p = Parsed.text(new SsParser(), longLine + "\ntcp LISTEN 0 5 1.2.3.4:81 *:*\n");
        assertEquals(2, p.report.lines());
        assertEquals(1, p.report.unparsedCount());
        assertEquals(81, p.rows.get(0).localPort);
    }

    @Test
    void huge_numbers_are_not_read_as_numbers() {
        Parsed p = Parsed.text(new SsParser(), "tcp ESTAB 99999999999999999999 0 1.2.3.4:99999999999999999999 *:*\n"
                + "tcp ESTAB 0 0 1.2.3.4:70000 *:*\n");
        assertEquals(0, p.report.sockets());
        assertEquals(2, p.report.unparsedCount());
    }

    @Test
    void a_large_input_parses_in_bounded_memory() {
        long sockets = 100_000;
        AtomicLong seen = new AtomicLong();
        long[] heap = new long[3];
        Runtime rt = Runtime.getRuntime();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            heap[0] = usedAfterGc(rt);
            ParseReport report = new ParseReport();
            new SsParser().parse(new GeneratedSsInput(sockets), row -> {
                long n = seen.incrementAndGet();
                if (n == sockets / 4) {
                    heap[1] = usedAfterGc(rt);
                } else if (n == sockets - 1) {
                    heap[2] = usedAfterGc(rt);
                }
            }, new HostFacts(), report);
            assertEquals(sockets * 2 + 1, report.lines());
            assertEquals(sockets, report.sockets());
            assertEquals(0, report.unparsedCount(), report.samples().toString());
        });
        assertEquals(sockets, seen.get());
        long growth = heap[2] - heap[1];
        assertTrue(growth < 8L << 20, "heap grew by " + growth + " bytes between a quarter and the end");
    }

    private static long usedAfterGc(Runtime rt) {
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static byte[] mutate(String[] lines, Random rnd) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String l = line;
            switch (rnd.nextInt(12)) {
                case 0 -> l = l.substring(0, rnd.nextInt(l.length() + 1));
                case 1 -> {
                    String[] f = l.trim().split("\\s+");
                    if (f.length > 1) {
                        int a = rnd.nextInt(f.length);
                        int b = rnd.nextInt(f.length);
                        String t = f[a];
                        f[a] = f[b];
                        f[b] = t;
                    }
                    l = String.join(" ", f);
                }
                case 2 -> {
                    String[] f = l.trim().split("\\s+");
                    l = l + " " + f[rnd.nextInt(f.length)];
                }
                case 3 -> l = l.substring(0, rnd.nextInt(l.length() + 1)) + " #@!garbage(((:: " + l;
                case 4 -> l = l.replaceAll("[0-9]+", "99999999999999999999");
                case 5 -> l = l + "\u00ff\u00fe\u00c3";
                case 6 -> {
                    if (rnd.nextInt(20) == 0) {
                        l = l + "y".repeat(70_000);
                    }
                }
                case 7 -> out.add(l);
                case 8 -> l = l.replace(':', '.');
                default -> {
                    // kept as is
                }
            }
            out.add(l);
        }
        // ISO-8859-1 keeps the bytes as they were, including the invalid UTF-8 that case 5 adds
        return String.join("\n", out).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void check(Format format, byte[] input, String what) {
        Supplier<String> context = () -> format + " " + what + " (seed " + SEED + ")";
        InputParser parser = Parsers.forTextFormat(format);
        assertNotNull(parser);
        ParseReport report = new ParseReport();
        AtomicLong rows = new AtomicLong();
        try {
            parser.parse(new ByteArrayInputStream(input), (SocketRow row) -> {
                rows.incrementAndGet();
                assertTrue(row.line >= 1 && row.line <= lineCount(input), context);
            }, new HostFacts(), report);
        } catch (IOException e) {
            throw new AssertionError(context.get(), e);
        }
        assertEquals(lineCount(input), report.lines(), context);
        assertEquals(rows.get(), report.sockets(), context);
        assertTrue(report.sockets() + report.unparsedCount() <= report.lines(), context);
        assertTrue(report.samples().size() <= ParseReport.MAX_SAMPLES, context);
    }

    private static long lineCount(byte[] b) {
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return b.length > 0 && b[b.length - 1] != '\n' ? n + 1 : n;
    }
}
