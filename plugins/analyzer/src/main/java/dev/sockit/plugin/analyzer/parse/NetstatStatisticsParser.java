package dev.sockit.plugin.analyzer.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads Linux {@code netstat -s} into host facts under the names {@code /proc/net/snmp} and
 * {@code /proc/net/netstat} use. Groups start at an unindented {@code Tcp:}; inside one, {@code Name: value}
 * lines keep their name ({@code TCPTimeouts: 4652} is {@code TcpExt.TCPTimeouts}) and net-tools' sentences
 * ({@code 4356 times the listen queue of a socket overflowed}) are mapped back to their counter. Sentences no
 * counter is known for are skipped and counted in a note.
 */
public final class NetstatStatisticsParser extends TextParser {

    /** Sentence with its number replaced by {@code #}, per group, to the counter's name. */
    private static final Map<String, String> SENTENCES = new HashMap<>();

    static {
        sentence("Ip", "Forwarding", "Forwarding: #");
        sentence("Ip", "InReceives", "# total packets received");
        sentence("Ip", "ForwDatagrams", "# forwarded");
        sentence("Ip", "InDiscards", "# incoming packets discarded");
        sentence("Ip", "InDelivers", "# incoming packets delivered");
        sentence("Ip", "OutRequests", "# requests sent out");
        sentence("Ip", "OutDiscards", "# outgoing packets dropped");
        sentence("Ip", "OutNoRoutes", "# dropped because of missing route");
        sentence("Ip", "InHdrErrors", "# with invalid headers");
        sentence("Ip", "InAddrErrors", "# with invalid addresses");
        sentence("Tcp", "ActiveOpens", "# active connection openings", "# active connections openings");
        sentence("Tcp", "PassiveOpens", "# passive connection openings", "# passive connections openings");
        sentence("Tcp", "AttemptFails", "# failed connection attempts");
        sentence("Tcp", "EstabResets", "# connection resets received");
        sentence("Tcp", "CurrEstab", "# connections established");
        sentence("Tcp", "InSegs", "# segments received");
        sentence("Tcp", "OutSegs", "# segments sent out", "# segments send out");
        sentence("Tcp", "RetransSegs", "# segments retransmitted", "# segments retransmited");
        sentence("Tcp", "InErrs", "# bad segments received", "# bad segments received.");
        sentence("Tcp", "OutRsts", "# resets sent");
        for (String g : new String[] {"Udp", "UdpLite"}) {
            sentence(g, "InDatagrams", "# packets received");
            sentence(g, "NoPorts", "# packets to unknown port received", "# packets to unknown port received.");
            sentence(g, "InErrors", "# packet receive errors");
            sentence(g, "OutDatagrams", "# packets sent");
            sentence(g, "RcvbufErrors", "# receive buffer errors");
            sentence(g, "SndbufErrors", "# send buffer errors");
        }
        sentence("TcpExt", "SyncookiesSent", "# SYN cookies sent");
        sentence("TcpExt", "SyncookiesRecv", "# SYN cookies received");
        sentence("TcpExt", "SyncookiesFailed", "# invalid SYN cookies received");
        sentence("TcpExt", "EmbryonicRsts", "# resets received for embryonic SYN_RECV sockets");
        sentence("TcpExt", "PruneCalled", "# packets pruned from receive queue because of socket buffer overrun");
        sentence("TcpExt", "RcvPruned", "# packets pruned from receive queue");
        sentence("TcpExt", "OfoPruned", "# packets dropped from out-of-order queue because of socket buffer overrun");
        sentence("TcpExt", "OutOfWindowIcmps", "# ICMP packets dropped because they were out-of-window");
        sentence("TcpExt", "LockDroppedIcmps", "# ICMP packets dropped because socket was locked");
        sentence("TcpExt", "TW", "# TCP sockets finished time wait in fast timer");
        sentence("TcpExt", "TWRecycled", "# time wait sockets recycled by time stamp");
        sentence("TcpExt", "TWKilled", "# TCP sockets finished time wait in slow timer");
        sentence("TcpExt", "PAWSActive", "# active connections rejected because of time stamp");
        sentence("TcpExt", "PAWSEstab", "# packets rejects in established connections because of timestamp");
        sentence("TcpExt", "DelayedACKs", "# delayed acks sent");
        sentence("TcpExt", "DelayedACKLocked", "# delayed acks further delayed because of locked socket");
        sentence("TcpExt", "DelayedACKLost", "Quick ack mode was activated # times");
        sentence("TcpExt", "ListenOverflows", "# times the listen queue of a socket overflowed");
        sentence("TcpExt", "ListenDrops", "# SYNs to LISTEN sockets dropped", "# SYNs to LISTEN sockets ignored");
        sentence("TcpExt", "TCPHPHits", "# packet headers predicted");
        sentence("TcpExt", "TCPPureAcks", "# acknowledgments not containing data payload received");
        sentence("TcpExt", "TCPHPAcks", "# predicted acknowledgments");
        sentence("TcpExt", "TCPSACKReorder", "Detected reordering # times using SACK");
        sentence("TcpExt", "TCPTSReorder", "Detected reordering # times using time stamp");
        sentence("TcpExt", "TCPFullUndo", "# congestion windows fully recovered without slow start");
        sentence("TcpExt", "TCPPartialUndo", "# congestion windows partially recovered using Hoe heuristic");
        sentence("TcpExt", "TCPFastRetrans", "# fast retransmits");
        sentence("TcpExt", "TCPSlowStartRetrans", "# retransmits in slow start");
        sentence("TcpExt", "TCPTimeouts", "# other TCP timeouts");
        sentence("TcpExt", "TCPRcvCollapsed", "# packets collapsed in receive queue due to low socket buffer");
        sentence("TcpExt", "TCPAbortOnData", "# connections reset due to unexpected data");
        sentence("TcpExt", "TCPAbortOnClose", "# connections reset due to early user close");
        sentence("TcpExt", "TCPAbortOnMemory", "# connections aborted due to memory pressure");
        sentence("TcpExt", "TCPAbortOnTimeout", "# connections aborted due to timeout");
        sentence("TcpExt", "TCPAbortOnLinger", "# connections aborted after user close in linger timeout");
        sentence("TcpExt", "TCPAbortFailed", "# times unable to send RST due to no memory");
        sentence("TcpExt", "TCPMemoryPressures", "TCP ran low on memory # times");
    }

    private static void sentence(String group, String counter, String... texts) {
        for (String t : texts) {
            SENTENCES.put(group + ":" + t, group + "." + counter);
        }
    }

    private String group;
    private long unmapped;

    /** Creates a parser. */
    public NetstatStatisticsParser() {
    }

    @Override
    public Format format() {
        return Format.NETSTAT_STATISTICS;
    }

    @Override
    protected void start() {
        group = null;
        unmapped = 0;
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        int n = r.split(0);
        if (!r.indented()) {
            if (n == 1 && r.buf[r.e(0) - 1] == ':' && r.e(0) - r.s(0) > 1) {
                group = r.str(r.s(0), r.e(0) - 1);
            } else {
                report.unparsed(r.number, r, "neither a group name nor an indented statistic");
            }
            return;
        }
        if (group == null) {
            report.unparsed(r.number, r, "a statistic before any group name");
            return;
        }
        // "Name: value"
        if (n == 2 && r.buf[r.e(0) - 1] == ':' && r.e(0) - r.s(0) > 1) {
            long v = r.num(1);
            if (v >= 0) {
                facts.counter(group + "." + r.str(r.s(0), r.e(0) - 1), v);
                return;
            }
        }
        // a sentence with one number in it
        int numField = -1;
        for (int i = 0; i < n; i++) {
            if (r.num(i) >= 0) {
                numField = i;
                break;
            }
        }
        if (numField < 0) {
            if (r.buf[r.len - 1] != ':') {
                report.unparsed(r.number, r, "a statistic without a number");
            }
            return;
        }
        StringBuilder key = new StringBuilder(group).append(':');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                key.append(' ');
            }
            if (i == numField) {
                key.append('#');
            } else {
                key.append(r.str(i));
            }
        }
        String counter = SENTENCES.get(key.toString());
        if (counter != null) {
            facts.counter(counter, r.num(numField));
        } else if (++unmapped == 1) {
            report.note("netstat -s lines no counter is known for are skipped");
        }
    }
}
