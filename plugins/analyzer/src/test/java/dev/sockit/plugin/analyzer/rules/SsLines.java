package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Test support: fills a {@link SocketRow} from one line laid out as {@code ss -tanpoim} (or {@code -uanpm}) prints
 * it, so that the rule tests read like the output they stand for. It knows the columns and the few extras the
 * tests use ({@code users:}, {@code timer:}, {@code skmem:}, {@code rtt:}, {@code retrans:},
 * {@code delivery_rate}); the real parsers live in {@code parse}.
 */
final class SsLines {

    private final SocketStats stats;
    private final SocketRow row = new SocketRow();
    private long line;

    SsLines(SocketStats stats) {
        this.stats = stats;
    }

    /** Feeds one {@code ss -tan...} line. */
    SsLines tcp(String text) {
        return feed(Proto.TCP, text);
    }

    /** Feeds one {@code ss -uan...} line. */
    SsLines udp(String text) {
        return feed(Proto.UDP, text);
    }

    /** Feeds {@code times} copies of a TCP line whose {@code %d} becomes 1, 2, 3... (a local or remote port). */
    SsLines tcp(int times, String format) {
        return tcp(1, times + 1, format);
    }

    /** Feeds a TCP line per number from {@code from} to {@code to} (exclusive), each in place of {@code %d}. */
    SsLines tcp(int from, int to, String format) {
        for (int i = from; i < to; i++) {
            tcp(String.format(format, i));
        }
        return this;
    }

    /** Fills the reused row from {@code text} without feeding it, for tests that tweak it first. */
    SocketRow read(Proto proto, String text) {
        row.reset();
        row.line = ++line;
        row.proto = proto;
        String[] t = text.trim().split("\\s+");
        row.state = TcpState.parse(t[0]);
        row.recvQ = Long.parseLong(t[1]);
        row.sendQ = Long.parseLong(t[2]);
        int local = t[3].lastIndexOf(':');
        row.localAddress = strip(t[3].substring(0, local));
        row.localPort = port(t[3].substring(local + 1));
        int remote = t[4].lastIndexOf(':');
        row.remoteAddress = strip(t[4].substring(0, remote));
        row.remotePort = port(t[4].substring(remote + 1));
        row.ipv6 = row.localAddress.indexOf(':') >= 0;
        for (int i = 5; i < t.length; i++) {
            extra(t[i], i + 1 < t.length ? t[i + 1] : null);
        }
        return row;
    }

    private SsLines feed(Proto proto, String text) {
        stats.accept(read(proto, text));
        return this;
    }

    private void extra(String token, String next) {
        if (token.startsWith("users:((\"")) {
            int q = token.indexOf('"', 9);
            row.program = token.substring(9, q);
            row.pid = Long.parseLong(between(token, "pid=", ","));
        } else if (token.startsWith("timer:(")) {
            String[] p = token.substring(7, token.length() - 1).split(",");
            row.timer = p[0];
            row.timerRetrans = Long.parseLong(p[2]);
        } else if (token.startsWith("skmem:(")) {
            for (String kv : token.substring(7, token.length() - 1).split(",")) {
                long v = Long.parseLong(kv.replaceAll("^[a-z]+", ""));
                switch (kv.replaceAll("[0-9]+$", "")) {
                    case "r": row.rmemAlloc = v; break;
                    case "rb": row.rcvBuf = v; break;
                    case "t": row.wmemAlloc = v; break;
                    case "tb": row.sndBuf = v; break;
                    case "d": row.drops = v; break;
                    default: break;
                }
            }
        } else if (token.startsWith("rtt:")) {
            row.rttMs = Double.parseDouble(token.substring(4, token.indexOf('/')));
        } else if (token.startsWith("retrans:")) {
            row.retransNow = Long.parseLong(token.substring(8, token.indexOf('/')));
            row.retransTotal = Long.parseLong(token.substring(token.indexOf('/') + 1));
        } else if (token.equals("delivery_rate") && next != null) {
            row.deliveryRateBps = bps(next);
        } else if (token.startsWith("cwnd:")) {
            row.cwnd = Long.parseLong(token.substring(5));
        }
    }

    private static long bps(String s) {
        if (s.endsWith("Gbps")) {
            return (long) (Double.parseDouble(s.substring(0, s.length() - 4)) * 1e9);
        }
        if (s.endsWith("Mbps")) {
            return (long) (Double.parseDouble(s.substring(0, s.length() - 4)) * 1e6);
        }
        if (s.endsWith("Kbps")) {
            return (long) (Double.parseDouble(s.substring(0, s.length() - 4)) * 1e3);
        }
        return Long.parseLong(s.substring(0, s.length() - 3));
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from) + from.length();
        return s.substring(a, s.indexOf(to, a));
    }

    private static String strip(String address) {
        return address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
    }

    private static int port(String p) {
        return "*".equals(p) ? 0 : Integer.parseInt(p);
    }
}
