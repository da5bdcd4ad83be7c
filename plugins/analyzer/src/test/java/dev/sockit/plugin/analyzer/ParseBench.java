package dev.sockit.plugin.analyzer;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.parse.InputParser;
import dev.sockit.plugin.analyzer.parse.Format;
import dev.sockit.plugin.analyzer.parse.Parsers;
import dev.sockit.plugin.analyzer.proc.ProcNetTcpParser;
import dev.sockit.plugin.analyzer.rules.Rules;
import dev.sockit.plugin.analyzer.rules.SocketStats;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Parse throughput, a benchmark (not a test): writes a {@code lines}-line {@code ss -tanpmi} file and a
 * {@code /proc/net/tcp} file (5,000 distinct remote addresses), then for each runs, {@code rounds} times, a
 * baseline (a plain line split of the same file with {@link BufferedReader#readLine()}), the parser alone (into a
 * sink that counts) and the whole analysis (parser, aggregation and rules), and prints the medians in MB/s and
 * sockets/s, and the heap after GC before and after an analysis.
 *
 * <pre>java -cp ... dev.sockit.plugin.analyzer.ParseBench [DIR] [LINES] [ROUNDS] [ss|proc|both]</pre>
 */
public final class ParseBench {

    private ParseBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sockit-parse-bench");
        long lines = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path ss = dir.resolve("ss-tanpmi.txt");
        Path proc = dir.resolve("proc-net-tcp.txt");
        if (!Files.exists(ss)) {
            writeSs(ss, lines);
        }
        if (!Files.exists(proc)) {
            writeProcTcp(proc, lines);
        }
        String which = args.length > 3 ? args[3] : "both";
        if (!which.equals("ss") && !which.equals("proc") && !which.equals("both")) {
            throw new IllegalArgumentException("input " + which + ": expected ss, proc or both");
        }
        System.out.printf(Locale.ROOT, "java %s, %d lines each, %d rounds, max heap %d MiB%n",
                System.getProperty("java.version"), lines, rounds, Runtime.getRuntime().maxMemory() >> 20);
        if (!which.equals("proc")) {
            run("ss -tanpmi", ss, () -> Parsers.forTextFormat(Format.SS), rounds);
        }
        if (!which.equals("ss")) {
            run("/proc/net/tcp", proc, ProcNetTcpParser::new, rounds);
        }
    }

    private static void run(String name, Path file, Supplier<InputParser> parser, int rounds) throws IOException {
        long bytes = Files.size(file);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] wall = new double[3][rounds];
        double[][] cpu = new double[3][rounds];
        double[] ratio = new double[rounds];
        long sockets = 0;
        long heapBefore = 0;
        long heapAfter = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            long n = 0;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                while (in.readLine() != null) {
                    n++;
                }
            }
            wall[0][r] = (System.nanoTime() - t0) / 1e9;
            cpu[0][r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            long[] counted = {0};
            t0 = System.nanoTime();
            c0 = threads.getCurrentThreadCpuTime();
            try (InputStream in = Files.newInputStream(file)) {
                parser.get().parse(in, row -> counted[0]++, new HostFacts(), new ParseReport());
            }
            wall[1][r] = (System.nanoTime() - t0) / 1e9;
            cpu[1][r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            heapBefore = usedAfterGc();
            t0 = System.nanoTime();
            c0 = threads.getCurrentThreadCpuTime();
            SocketStats stats = new SocketStats();
            ParseReport report = new ParseReport();
            HostFacts facts = new HostFacts();
            try (InputStream in = Files.newInputStream(file)) {
                parser.get().parse(in, stats, facts, report);
            }
            int findings = Rules.evaluate(stats, facts, report).size();
            wall[2][r] = (System.nanoTime() - t0) / 1e9;
            cpu[2][r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            ratio[r] = wall[0][r] / wall[2][r];
            heapAfter = usedAfterGc();
            sockets = report.sockets();
            if (n != report.lines() || findings < 0) {
                throw new IllegalStateException("lines: " + n + " read, " + report.lines() + " parsed");
            }
        }
        double b = median(wall[0]);
        double p = median(wall[1]);
        double f = median(wall[2]);
        double mb = bytes / 1e6;
        System.out.printf(Locale.ROOT, "%-14s %6.1f MB, %d sockets | line split %5.2f s %6.1f MB/s | parse %5.2f s"
                        + " %6.1f MB/s %9.0f sockets/s (%.1fx the split's time) | parse+rules %5.2f s %6.1f MB/s"
                        + " %9.0f sockets/s | heap after GC %d -> %d MiB%n",
                name, mb, sockets, b, mb / b, p, mb / p, sockets / p, p / b, f, mb / f, sockets / f,
                heapBefore >> 20, heapAfter >> 20);
        // on a shared machine the wall times swing with the neighbours' load: the same round's ratio to the line
        // split, and the thread's CPU time, vary much less
        System.out.printf(Locale.ROOT, "%-14s whole analysis / line split, per round: %s (median %.2f) | on CPU"
                        + " time: line split %6.1f MB/s, parse %6.1f MB/s, parse+rules %6.1f MB/s%n",
                "", ratios(ratio), median(ratio), mb / median(cpu[0]), mb / median(cpu[1]), mb / median(cpu[2]));
    }

    private static String ratios(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return out.toString();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Distinct remote addresses in the generated inputs, as on a busy server. */
    private static final int PEERS = 5000;

    private static final String[] SS_STATES = {"ESTAB", "ESTAB", "ESTAB", "TIME-WAIT", "CLOSE-WAIT", "SYN-SENT"};

    /** An ss -tanpmi listing: a socket line with users and skmem, and its TCP_INFO continuation line. */
    private static void writeSs(Path file, long lines) throws IOException {
        Random random = new Random(1);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII), 1 << 16)) {
            w.write("State      Recv-Q Send-Q        Local Address:Port          Peer Address:Port Process\n");
            for (long i = 1; i < lines; i += 2) {
                String state = SS_STATES[random.nextInt(SS_STATES.length)];
                int lport = 1024 + random.nextInt(60000);
                int p = random.nextInt(PEERS);
                String peer = "10." + (p >> 16 & 255) + "." + (p >> 8 & 255) + "." + (p & 255);
                w.write(String.format(Locale.ROOT, "%-10s %-6d %-6d %21s %26s users:((\"java\",pid=%d,fd=%d))"
                                + " skmem:(r0,rb131072,t0,tb87040,f0,w0,o0,bl0,d%d)%n", state, random.nextInt(4),
                        random.nextInt(2000), "10.0.0.1:" + lport, peer + ":" + (443 + random.nextInt(3)),
                        1000 + random.nextInt(50), 10 + random.nextInt(5000), random.nextInt(2)));
                w.write(String.format(Locale.ROOT, "\t cubic wscale:7,7 rto:%d rtt:%.3f/%.3f ato:40 mss:1448 pmtu:1500"
                                + " rcvmss:536 advmss:1448 cwnd:%d bytes_sent:%d bytes_acked:%d bytes_received:%d"
                                + " segs_out:%d segs_in:%d send %dMbps lastsnd:%d lastrcv:%d lastack:%d"
                                + " pacing_rate %dMbps delivery_rate %dMbps retrans:0/%d rcv_space:14480"
                                + " minrtt:0.5 snd_wnd:65535%n", 200 + random.nextInt(100),
                        0.5 + random.nextDouble() * 50, random.nextDouble() * 10, 10 + random.nextInt(40),
                        random.nextInt(1 << 20), random.nextInt(1 << 20), random.nextInt(1 << 20),
                        random.nextInt(1000), random.nextInt(1000), 10 + random.nextInt(900), random.nextInt(9999),
                        random.nextInt(9999), random.nextInt(9999), 10 + random.nextInt(900),
                        10 + random.nextInt(900), random.nextInt(3)));
            }
        }
    }

    /** A /proc/net/tcp listing, formatted as the kernel formats it. */
    private static void writeProcTcp(Path file, long lines) throws IOException {
        Random random = new Random(2);
        int[] states = {1, 1, 1, 6, 8, 10, 2};
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII), 1 << 16)) {
            w.write("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
                    + " inode\n");
            for (long i = 0; i < lines - 1; i++) {
                int st = states[random.nextInt(states.length)];
                w.write(String.format(Locale.ROOT, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08X %08X %5d"
                                + " %8d %d 1 0000000000000000 20 4 30 10 -1%n", i % 100000,
                        0x0100000A, 1024 + random.nextInt(60000), 0x0A000000 | random.nextInt(PEERS), 443, st,
                        random.nextInt(3000), random.nextInt(4), st == 6 ? 3 : 0, random.nextInt(6000),
                        0, 1000, 0, st == 6 ? 0 : 100000 + random.nextInt(900000)));
            }
        }
    }
}
