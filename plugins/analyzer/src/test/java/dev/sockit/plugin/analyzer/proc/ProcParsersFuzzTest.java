package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.parse.InputParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every /proc parser on hostile input: random bytes, mutated captured lines, huge numbers, lines longer than the
 * buffer and a 200,000-line stream. Nothing but an {@link IOException} from the stream may escape, every line is
 * counted, and a long stream costs little allocation per line.
 */
@Timeout(60)
class ProcParsersFuzzTest {

    private static final long SEED = 0x50C_17L;
    private static final byte[] ALPHABET = "0123456789ABCDEFabcdef:  \t\n-@/xyz".getBytes(StandardCharsets.US_ASCII);

    private static List<InputParser> parsers() {
        return List.of(new ProcNetTcpParser(), new ProcNetUdpParser(), new ProcNetUnixParser(),
                new ProcSockstatParser(), new ProcSnmpParser());
    }

    @Test
    void random_bytes_are_counted_never_thrown() throws IOException {
        Random random = new Random(SEED);
        for (int round = 0; round < 60; round++) {
            byte[] input = new byte[random.nextInt(32 * 1024)];
            boolean text = round % 2 == 0;
            for (int i = 0; i < input.length; i++) {
                input[i] = text ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt(256);
            }
            for (InputParser parser : parsers()) {
                check(parser, input);
            }
        }
    }

    @Test
    void mutated_captured_lines_are_counted_never_thrown() throws IOException {
        Random random = new Random(SEED + 1);
        String[] files = {"net/tcp", "net/tcp6", "net/udp", "net/udp6", "net/unix", "net/sockstat", "net/snmp",
                "net/netstat"};
        for (String file : files) {
            byte[] original = Files.readAllBytes(ProcRows.fixtureRoot().resolve(file));
            for (int round = 0; round < 150; round++) {
                byte[] input = mutate(original, random);
                for (InputParser parser : parsers()) {
                    check(parser, input);
                }
            }
        }
    }

    @Test
    void huge_numbers_are_unparsed_lines_not_overflows() throws IOException {
        String digits = "9".repeat(40);
        String hex = "F".repeat(40);
        String text = "   0: " + hex + ":1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n"
                + "   1: 0100007F:1F90 00000000:0000 0A " + hex + ":00000000 00:00000000 00000000 0 0 1\n"
                + "   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 " + digits + "\n"
                + "   3: 0100007F:1F90 00000000:0000 FFF 00000000:00000000 00:00000000 00000000 0 0 1\n"
                + "   4: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:" + "F".repeat(16) + " 0 0 0 1\n";
        ParseReport report = check(new ProcNetTcpParser(), text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(5, report.unparsedCount());

        ParseReport snmp = check(new ProcSnmpParser(),
                ("Tcp: A B\nTcp: " + digits + " -" + digits + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, snmp.unparsedCount());
        ParseReport sockstat = check(new ProcSockstatParser(),
                ("TCP: inuse " + digits + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, sockstat.unparsedCount());
    }

    @Test
    void a_line_longer_than_the_buffer_is_skipped_and_the_next_one_read() throws IOException {
        String good = "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 42\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(good.getBytes(StandardCharsets.US_ASCII));
        out.write("   0: 0100007F:1F90 ".repeat(60_000).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        out.write(good.getBytes(StandardCharsets.US_ASCII));
        out.write("x".repeat(200_000).getBytes(StandardCharsets.US_ASCII));
        for (InputParser parser : parsers()) {
            check(parser, out.toByteArray());
        }

        ParseReport report = new ParseReport();
        List<ProcRows.Row> rows = ProcRows.parse(new ProcNetTcpParser(), new ByteArrayInputStream(out.toByteArray()),
                new HostFacts(), report);
        assertEquals(2, rows.size());
        assertEquals(3, rows.get(1).line());
        assertEquals(4, report.lines());
        assertEquals(2, report.unparsedCount());
        assertTrue(report.samples().get(0).reason().startsWith("line longer than"));
        assertTrue(report.samples().get(0).text().length() <= ParseReport.MAX_SAMPLE_CHARS + 3);
    }

    @Test
    void reads_200k_generated_lines_as_a_stream_allocating_little_per_line() throws IOException {
        int lines = 200_000;
        long[] sum = new long[2];
        ParseReport report = new ParseReport();
        com.sun.management.ThreadMXBean threads = threads();
        GeneratedTcp input = new GeneratedTcp(lines);
        long before = threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();

        new ProcNetTcpParser().parse(input, row -> {
            sum[0] += row.localPort;
            sum[1] += row.recvQ;
        }, new HostFacts(), report);

        long allocated = threads == null ? -1 : threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(lines + 1, report.lines());
        assertEquals(lines, report.sockets());
        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        assertEquals(GeneratedTcp.expectedPortSum(lines), sum[0]);
        assertEquals(lines / 2, sum[1]);
        if (allocated >= 0) {
            // The buffer and address cache are allocated once; a line costs nothing once its addresses are cached.
            assertTrue(allocated / lines < 16, () -> allocated / lines + " bytes allocated per line");
        }
    }

    @Test
    void an_io_error_of_the_stream_is_what_escapes() {
        InputStream failing = new InputStream() {
            private int left = 1000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("disk gone");
                }
                return left % 50 == 0 ? '\n' : '0';
            }
        };
        IOException e = assertThrows(IOException.class,
                () -> new ProcNetTcpParser().parse(failing, row -> { }, new HostFacts(), new ParseReport()));
        assertEquals("disk gone", e.getMessage());
    }

    /** Parses {@code input}; only the checked parse may fail, and every line must be counted. */
    private static ParseReport check(InputParser parser, byte[] input) throws IOException {
        ParseReport report = new ParseReport();
        long[] sockets = {0};
        parser.parse(new ByteArrayInputStream(input), row -> {
            sockets[0]++;
            assertTrue(row.line > 0 && row.line <= report.lines());
        }, new HostFacts(), report);
        assertEquals(lineCount(input), report.lines(), parser.format().cliName());
        assertEquals(sockets[0], report.sockets());
        assertTrue(report.sockets() + report.unparsedCount() <= report.lines());
        assertTrue(report.samples().size() <= ParseReport.MAX_SAMPLES);
        return report;
    }

    private static long lineCount(byte[] input) {
        long n = 0;
        for (byte b : input) {
            if (b == '\n') {
                n++;
            }
        }
        return input.length > 0 && input[input.length - 1] != '\n' ? n + 1 : n;
    }

    private static byte[] mutate(byte[] original, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + 64);
        int cuts = 1 + random.nextInt(8);
        int from = 0;
        for (int c = 0; c < cuts && from < original.length; c++) {
            int at = from + random.nextInt(Math.max(1, (original.length - from) / (cuts - c)));
            out.write(original, from, at - from);
            switch (random.nextInt(5)) {
                case 0: out.write(ALPHABET[random.nextInt(ALPHABET.length)]); from = at + 1; break;
                case 1: out.write(random.nextInt(256)); from = at; break;
                case 2: from = Math.min(original.length, at + random.nextInt(40)); break;
                case 3: out.write('\n'); from = at; break;
                default: out.writeBytes("99999999999999999999999".getBytes(StandardCharsets.US_ASCII)); from = at;
            }
        }
        if (from < original.length) {
            out.write(original, Math.min(from, original.length), original.length - Math.min(from, original.length));
        }
        return out.toByteArray();
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
            if (threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
                return threads;
            }
        }
        return null;
    }

    /**
     * A {@code /proc/net/tcp} of {@code lines} sockets made up as it is read, never held whole: a block of
     * {@link #BLOCK} lines (listeners on a few ports with connections from 250 remote addresses) served over and
     * over, so that reading it allocates nothing.
     */
    static final class GeneratedTcp extends InputStream {

        static final int BLOCK = 1000;

        private final byte[] block;
        private final int blocks;
        private byte[] current;
        private int served;
        private int pos;

        GeneratedTcp(int lines) {
            if (lines % BLOCK != 0) {
                throw new IllegalArgumentException(lines + " (expected: a multiple of " + BLOCK + ")");
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < BLOCK; i++) {
                b.append(String.format("%6d: 0100007F:%04X %02X00000A:%04X 01 00000000:%08X 00:00000000 00000000"
                        + "  1000        0 %d 1 0000000000000000 20 4 30 10 -1%n", i, port(i), 1 + i % 250,
                        30000 + i, i % 2, 100000 + i));
            }
            this.block = b.toString().getBytes(StandardCharsets.US_ASCII);
            this.blocks = lines / BLOCK;
            this.current = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
                    + "  timeout inode\n").getBytes(StandardCharsets.US_ASCII);
        }

        static long expectedPortSum(int lines) {
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += port(i);
            }
            return sum * (lines / BLOCK);
        }

        private static int port(int i) {
            return 8000 + i % 8;
        }

        @Override
        public int read() {
            if (pos == current.length && !advance()) {
                return -1;
            }
            return current[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos == current.length && !advance()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean advance() {
            if (served == blocks) {
                return false;
            }
            served++;
            current = block;
            pos = 0;
            return true;
        }
    }
}
