package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.HostFacts;

/**
 * Reads iproute2's {@code nstat} into host facts under the names {@code /proc/net/snmp}, {@code /proc/net/netstat}
 * and {@code /proc/net/snmp6} use: {@code TcpExtListenOverflows} is {@code TcpExt.ListenOverflows},
 * {@code UdpRcvbufErrors} is {@code Udp.RcvbufErrors}, {@code Ip6InReceives} is {@code Ip6.InReceives}.
 *
 * <p>Every flag combination prints one of two shapes. Text ({@code nstat}, {@code -a}, {@code -z}, {@code -s}, in
 * any mix): a {@code #kernel} line (or the {@code #<pid>.<n> sampling_interval=…} of a running {@code nstat -d}),
 * then one {@code NAME VALUE RATE} row per counter, a row of a counter that wrapped since the last run ending in
 * {@code (overflow)}. JSON ({@code -j}, {@code -jp}): {@code {"kernel":{"IpInReceives":1,…}}}, on one line or
 * pretty-printed. iproute2 6.1 writes the JSON numbers as 32-bit values, so there a counter past 2^32 (bytes:
 * {@code IpExtInOctets}) wraps, where the text shows it whole; a note says so. Counters with no activity are left out without {@code -z}; nstat never prints the gauges
 * {@code TcpCurrEstab}, {@code TcpMaxConn} and the RTO constants.
 *
 * <p>Without {@code -a}, nstat prints each counter's increase since its previous run (kept in
 * {@code /tmp/.nstat.u<uid>}); with {@code -a}, or on a first run, totals since boot. The output does not say
 * which: the facts are marked {@link HostFacts#NSTAT_SPAN} so findings do not call them totals since boot.
 */
public final class NstatParser extends TextParser {

    /** The groups nstat glues in front of a counter's name, longest first so that {@code TcpExt} is not {@code Tcp}. */
    private static final String[] GROUPS = {"UdpLite6", "MPTcpExt", "IcmpMsg", "UdpLite", "TcpExt", "IpExt",
        "Icmp6", "Udp6", "Icmp", "Ip6", "Tcp", "Udp", "Ip"};

    private boolean json;
    private boolean header;
    private boolean overflowNoted;

    /** Creates a parser; one parser reads one input at a time. */
    public NstatParser() {
    }

    @Override
    public Format format() {
        return Format.NSTAT;
    }

    @Override
    protected void start() {
        json = false;
        header = false;
        overflowNoted = false;
        facts.counterSpan(HostFacts.NSTAT_SPAN);
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        int n = r.split(0);
        if (!header && !json) {
            if (r.buf[r.s(0)] == '#') {
                header = true;
                return;
            }
            if (r.buf[r.s(0)] == '{') {
                json = true;
                report.note("nstat's JSON (-j) holds 32 bits per counter in iproute2 6.1: a counter past 4294967295"
                        + " wrapped there; the text output has the whole value");
            }
        }
        if (json) {
            jsonLine(r);
            return;
        }
        // NAME VALUE RATE [(overflow)]
        long value = r.num(1);
        if (n < 2 || n > 4 || value < 0 || n == 4 && !r.is(3, "(overflow)")) {
            report.unparsed(r.number, r, "not a counter row of nstat (NAME VALUE RATE)");
            return;
        }
        if (r.buf[r.s(0)] == '#') {
            report.unparsed(r.number, r, "a second nstat header");
            return;
        }
        if (n == 4 && !overflowNoted) {
            overflowNoted = true;
            report.note("counters marked (overflow) wrapped since nstat's previous run: their value is not a delta");
        }
        counter(r.str(0), value);
    }

    /** {@code "Name":123} pairs anywhere on the line; the {@code "kernel"} object's name carries no number. */
    private void jsonLine(LineReader r) {
        int i = 0;
        int found = 0;
        while (true) {
            int q1 = r.indexOf('"', i, r.len);
            if (q1 < 0) {
                break;
            }
            int q2 = r.indexOf('"', q1 + 1, r.len);
            if (q2 < 0) {
                report.unparsed(r.number, r, "an unterminated name in nstat's JSON");
                return;
            }
            int v = q2 + 1;
            while (v < r.len && (LineReader.space(r.buf[v]) || r.buf[v] == ':')) {
                v++;
            }
            int ve = v;
            while (ve < r.len && r.buf[ve] >= '0' && r.buf[ve] <= '9') {
                ve++;
            }
            if (ve > v) {
                long value = r.num(v, ve);
                if (value < 0) {
                    report.unparsed(r.number, r, "a counter value that does not fit 64 bits signed");
                    return;
                }
                counter(r.str(q1 + 1, q2), value);
                found++;
            } else if (v < r.len && r.buf[v] != '{') {
                report.unparsed(r.number, r, "a name in nstat's JSON without a number");
                return;
            }
            i = ve > v ? ve : v;
        }
        if (found == 0 && !r.contains("{") && !r.contains("}")) {
            report.unparsed(r.number, r, "not a line of nstat's JSON");
        }
    }

    private void counter(String name, long value) {
        facts.counter(key(name), value);
    }

    /** {@code TcpExtListenOverflows} → {@code TcpExt.ListenOverflows}; a name of no known group stays as it is. */
    static String key(String name) {
        for (String g : GROUPS) {
            if (name.length() > g.length() && name.startsWith(g)
                    && Character.isUpperCase(name.charAt(g.length()))) {
                return g + "." + name.substring(g.length());
            }
        }
        return name;
    }
}
