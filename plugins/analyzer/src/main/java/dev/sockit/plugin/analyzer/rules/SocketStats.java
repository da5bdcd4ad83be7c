package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.SocketSink;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate of a socket listing, built one row at a time in bounded memory whatever the input's size: counts
 * per protocol and state, per (state, local port) and per (state, pid); the listeners; the heaviest remote peers
 * and destinations ({@link TopPeers}: exact until a table fills, then within a stated error); queue, retransmission, drop and buffer statistics;
 * and a few copied rows per problem as evidence. Per-row work allocates nothing but the copy of a peer seen for
 * the first time or of a row kept as evidence.
 */
public final class SocketStats implements SocketSink {

    /** How many listeners are kept; the rest are counted only. */
    public static final int MAX_LISTENERS = 4096;
    /** How many peers each heavy-hitter table keeps. */
    public static final int PEER_CAPACITY = 8192;
    /** How many rows are kept as evidence per problem. */
    public static final int SAMPLES = 5;
    /** How many distinct keys each per-port or per-pid table counts before it only counts the overflow. */
    public static final int MAX_KEYS = 16384;
    /** How many pid-to-program names are remembered. */
    public static final int MAX_PROGRAMS = 4096;

    private static final TcpState[] STATES = TcpState.values();
    private static final Proto[] PROTOS = Proto.values();
    private static final TcpState[] PEER_STATES = {TcpState.TIME_WAIT, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT1,
            TcpState.FIN_WAIT2,
            TcpState.LAST_ACK, TcpState.SYN_RECV, TcpState.SYN_SENT};

    long rows;
    final long[][] protoState = new long[PROTOS.length][STATES.length];
    /**
     * Per (state, local port), key {@code state << 16 | local port}, exact whatever the number of ports, in two
     * disjoint parts so that a socket is counted in one table (one array access): the TCP sockets whose owner the
     * input gives, and those whose owner it does not give (no pid: /proc, netstat). {@link #count(TcpState, int)}
     * and {@link #forEachStatePort} read their sum.
     */
    final PortCounts statePortWithPid = new PortCounts();
    final PortCounts statePortNoPid = new PortCounts();
    /** Key {@code state << 40 | pid} (pid -1 as {@code 0xFFFFFFFFFF}). */
    final LongCounts statePid = new LongCounts(MAX_KEYS);
    /** Key {@code state << 56 | local port << 40 | pid}, for the sockets whose pid is known. */
    final LongCounts statePortPid = new LongCounts(MAX_KEYS);
    private final Map<Long, String> programs = new HashMap<>();
    private long lastPid = SocketRow.UNKNOWN;
    /** The packed keys of the current row's addresses. */
    private final PeerKeys keys = new PeerKeys();

    final List<Listener> listeners = new ArrayList<>();
    long listenerCount;
    long wildcardListeners;

    /** Remote addresses of connected sockets. */
    final TopPeers talkers = new TopPeers(PEER_CAPACITY);
    /** (local address, remote address, remote port) of TCP connections: the 4-tuple space a client draws from. */
    final TopPeers destinations = new TopPeers(PEER_CAPACITY);
    /** Per state of {@link #PEER_STATES}: remote address, with the port for TIME_WAIT and SYN_SENT. */
    final Map<TcpState, TopPeers> peersByState = new EnumMap<>(TcpState.class);
    final Map<TcpState, List<SampleRow>> samples = new EnumMap<>(TcpState.class);

    final Quantity recvQ = new Quantity();
    final Quantity sendQ = new Quantity();
    long zeroWindow;
    final WorstRows zeroWindowRows = new WorstRows(SAMPLES);

    long retransSockets;
    long retransTotal;
    long retransNowSockets;
    long retransNow;
    long timerRetransSockets;
    long timerRetransOverWarning;
    long timerRetransMax;
    final WorstRows worstRetrans = new WorstRows(SAMPLES);
    final WorstRows worstTimerRetrans = new WorstRows(SAMPLES);

    long rttSockets;
    double rttSum;
    double rttMin = Double.MAX_VALUE;
    double rttMax;

    long tcpDropSockets;
    long tcpDrops;
    final WorstRows worstTcpDrops = new WorstRows(SAMPLES);
    long udpDropSockets;
    long udpDrops;
    final WorstRows worstUdpDrops = new WorstRows(SAMPLES);
    /** UDP sockets whose unread datagrams fill the receive queue ({@code Recv-Q}), the fullest first. */
    long udpQueuedSockets;
    final WorstRows worstUdpQueues = new WorstRows(SAMPLES);

    long bufferFlows;
    long bufferLimited;
    long bufferLimitedMinRcvBuf = Long.MAX_VALUE;
    long maxBdp;
    /** Scored by BDP per thousand bytes of buffer. */
    final WorstRows worstBuffers = new WorstRows(SAMPLES);

    /** FIN_WAIT2 loopback 4-tuples, and CLOSE_WAIT loopback 4-tuples seen from the other end. */
    final LongCounts finWait2Tuples = new LongCounts(MAX_KEYS);
    final LongCounts closeWaitTuples = new LongCounts(MAX_KEYS);
    /** Sockets per peer where the side or the peer matters: CLOSE_WAIT by owner, FIN_WAIT1, ESTABLISHED piles. */
    final PeerPiles piles = new PeerPiles();

    /** An empty aggregate. */
    public SocketStats() {
        for (TcpState s : PEER_STATES) {
            peersByState.put(s, new TopPeers(PEER_CAPACITY / 2));
            samples.put(s, new ArrayList<>(SAMPLES));
        }
    }

    @Override
    public void accept(SocketRow row) {
        rows++;
        TcpState state = row.state == TcpState.NEW_SYN_RECV ? TcpState.SYN_RECV : row.state;
        protoState[row.proto.ordinal()][state.ordinal()]++;
        remember(row);
        if (row.proto != Proto.TCP && row.proto != Proto.UDP) {
            return;
        }
        long pidKey = row.pid & 0xFFFFFFFFFFL;
        if (row.proto == Proto.TCP) {
            statePid.add((long) state.ordinal() << 40 | pidKey, 1);
            if (row.pid < 0) {
                statePortNoPid.add(state.ordinal(), row.localPort);
            } else {
                statePortWithPid.add(state.ordinal(), row.localPort);
                statePortPid.add((long) state.ordinal() << 56 | (long) row.localPort << 40 | pidKey, 1);
            }
        }
        keys.of(row);
        long remoteCode = keys.remote();
        if (state == TcpState.LISTEN || row.proto == Proto.UDP && isUnconnected(row)) {
            listener(row);
        } else if (connected(row)) {
            talkers.add(null, 0, row.remoteAddress, remoteCode, -1, 1, 0);
            if (row.proto == Proto.TCP) {
                destinations.add(row.localAddress, keys.local(), row.remoteAddress, remoteCode, row.remotePort, 1,
                        0);
            }
        }
        if (row.proto == Proto.UDP) {
            udp(row);
            return;
        }
        TopPeers peers = peersByState.get(state);
        if (peers != null) {
            boolean withPort = state == TcpState.TIME_WAIT || state == TcpState.SYN_SENT;
            peers.add(null, 0, row.remoteAddress, remoteCode, withPort ? row.remotePort : -1, 1,
                    state == TcpState.FIN_WAIT1 ? PeerPiles.finWait1Mark(row) : 0);
            List<SampleRow> kept = samples.get(state);
            if (kept.size() < SAMPLES) {
                kept.add(SampleRow.of(row));
            }
        }
        if (state == TcpState.FIN_WAIT2 && keys.loopback()) {
            finWait2Tuples.add(tuple(row.localAddress, row.localPort, row.remoteAddress, row.remotePort), 1);
        } else if (state == TcpState.CLOSE_WAIT && keys.loopback()) {
            closeWaitTuples.add(tuple(row.remoteAddress, row.remotePort, row.localAddress, row.localPort), 1);
        }
        piles.accept(row, state, pidKey, remoteCode);
        if (state == TcpState.ESTABLISHED) {
            established(row);
        }
        if (state != TcpState.SYN_SENT && state != TcpState.SYN_RECV && state != TcpState.LISTEN) {
            retransmissions(row);
        }
        if (row.drops > 0) {
            tcpDropSockets++;
            tcpDrops += row.drops;
            worstTcpDrops.offer(row.drops, row);
        }
    }

    private void established(SocketRow row) {
        if (row.recvQ > 0) {
            recvQ.add(row.recvQ, full(row.recvQ, row.rcvBuf), row);
        }
        if (row.sendQ > 0) {
            sendQ.add(row.sendQ, full(row.sendQ, row.sndBuf), row);
        }
        if (row.zeroWindow) {
            zeroWindow++;
            zeroWindowRows.offer(Math.max(row.sendQ, 0), row);
        }
        if (row.rttMs > 0) {
            rttSockets++;
            rttSum += row.rttMs;
            rttMin = Math.min(rttMin, row.rttMs);
            rttMax = Math.max(rttMax, row.rttMs);
        }
        if (keys.loopback()) {
            // the loopback has no path to fill: its "bandwidth-delay product" from a few bytes' delivery rate
            // says nothing about buffers
            return;
        }
        long buffer = smallestKnown(row.rcvBuf, row.sndBuf);
        long rate = row.deliveryRateBps > 0 ? row.deliveryRateBps : row.sendRateBps;
        if (row.rttMs > 0 && rate > 0 && buffer > 0) {
            bufferFlows++;
            long bdp = (long) (rate / 8.0 * row.rttMs / 1000.0);
            maxBdp = Math.max(maxBdp, bdp);
            if (buffer <= 2 * bdp) {
                bufferLimited++;
                if (row.rcvBuf > 0) {
                    bufferLimitedMinRcvBuf = Math.min(bufferLimitedMinRcvBuf, row.rcvBuf);
                }
                worstBuffers.offer(bdp * 1000 / buffer, row);
            }
        }
    }

    private void retransmissions(SocketRow row) {
        if (row.retransTotal > 0) {
            retransSockets++;
            retransTotal += row.retransTotal;
            worstRetrans.offer(row.retransTotal, row);
        }
        if (row.retransNow > 0) {
            retransNowSockets++;
            retransNow += row.retransNow;
        }
        if (row.timerRetrans > 0 && "on".equals(row.timer)) {
            timerRetransSockets++;
            timerRetransMax = Math.max(timerRetransMax, row.timerRetrans);
            if (row.timerRetrans >= Thresholds.RETRANS_TIMER_WARNING) {
                timerRetransOverWarning++;
            }
            worstTimerRetrans.offer(row.timerRetrans, row);
        }
    }

    private void udp(SocketRow row) {
        if (row.drops > 0) {
            udpDropSockets++;
            udpDrops += row.drops;
            worstUdpDrops.offer(row.drops, row);
        }
        if (row.recvQ > 0 && full(row.recvQ, row.rcvBuf)) {
            udpQueuedSockets++;
            worstUdpQueues.offer(row.recvQ, row);
        }
    }

    private void listener(SocketRow row) {
        listenerCount++;
        boolean wildcard = isWildcard(row.localAddress);
        if (wildcard) {
            wildcardListeners++;
        }
        if (listeners.size() < MAX_LISTENERS) {
            listeners.add(new Listener(row.proto.json(), row.localAddress, row.localPort, row.recvQ, row.sendQ,
                    row.pid, row.program, row.line, wildcard));
        }
    }

    private void remember(SocketRow row) {
        if (row.pid < 0 || row.program == null || row.pid == lastPid) {
            return;
        }
        lastPid = row.pid;
        if (programs.size() < MAX_PROGRAMS) {
            programs.putIfAbsent(row.pid, row.program);
        }
    }

    private static boolean full(long queue, long buffer) {
        return queue >= Thresholds.QUEUE_BYTES || buffer > 0 && queue * 100 >= buffer * Thresholds.QUEUE_BUFFER_PCT;
    }

    private static long smallestKnown(long a, long b) {
        if (a > 0 && b > 0) {
            return Math.min(a, b);
        }
        return Math.max(a, b);
    }

    private static boolean isUnconnected(SocketRow row) {
        return row.state == TcpState.UNCONN || row.remoteAddress == null || isWildcard(row.remoteAddress)
                && row.remotePort == 0;
    }

    private static boolean connected(SocketRow row) {
        return row.remoteAddress != null && row.remotePort > 0 && !isWildcard(row.remoteAddress);
    }

    /** True for an address that means every interface: {@code *}, {@code 0.0.0.0}, {@code ::}, {@code [::]}. */
    public static boolean isWildcard(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        char first = address.charAt(0);
        if (first != '*' && first != '0' && first != ':' && first != '[') {
            // the common case, a real address, without hashing it
            return false;
        }
        switch (address) {
            case "*": case "0.0.0.0": case "::": case "[::]": case "0:0:0:0:0:0:0:0": case "::ffff:0.0.0.0":
                return true;
            default:
                return false;
        }
    }

    /** True for a loopback address: {@code 127.0.0.0/8}, {@code ::1}, {@code ::ffff:127.x.y.z}. */
    public static boolean isLoopback(String address) {
        return address != null && (address.startsWith("127.") || address.equals("::1")
                || address.startsWith("::ffff:127."));
    }

    private static long tuple(String a, int aPort, String b, int bPort) {
        long h = a.hashCode() * 0x9E3779B97F4A7C15L + aPort;
        h = h * 0xC2B2AE3D27D4EB4FL + b.hashCode();
        return h * 0x165667B19E3779F9L + bPort;
    }

    /** How many rows were counted. */
    public long rows() {
        return rows;
    }

    /** Sockets of {@code proto} in {@code state} ({@code NEW_SYN_RECV} counts as {@code SYN_RECV}). */
    public long count(Proto proto, TcpState state) {
        return protoState[proto.ordinal()][state.ordinal()];
    }

    /** Sockets in {@code state} over all protocols. */
    public long count(TcpState state) {
        long n = 0;
        for (long[] perState : protoState) {
            n += perState[state.ordinal()];
        }
        return n;
    }

    /** TCP sockets in {@code state} on local port {@code port}. */
    public long count(TcpState state, int port) {
        return statePortWithPid.get(state.ordinal(), port) + statePortNoPid.get(state.ordinal(), port);
    }

    /** Calls {@code visitor} per (state, local port) of TCP sockets, key {@code state << 16 | port}, in key order. */
    void forEachStatePort(LongCounts.Visitor visitor) {
        PortCounts.forEachSum(statePortWithPid, statePortNoPid, visitor);
    }

    /** The program the input named for {@code pid}, or {@code null}. */
    public String program(long pid) {
        return programs.get(pid);
    }

    /** Per protocol, the non-zero counts per state: {@code {tcp: {ESTABLISHED: 12, ...}, ...}}. */
    public Map<String, Map<String, Long>> states() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Proto p : PROTOS) {
            Map<String, Long> perState = new LinkedHashMap<>();
            for (TcpState s : STATES) {
                long n = protoState[p.ordinal()][s.ordinal()];
                if (n > 0) {
                    perState.put(s.label(), n);
                }
            }
            if (!perState.isEmpty()) {
                out.put(p.json(), perState);
            }
        }
        return out;
    }

    /**
     * The {@code n} remote addresses with the most sockets, most first, as {@code {address, count}} maps (with
     * {@code error}, the possible overcount, when the table had to evict).
     */
    public List<Map<String, Object>> topTalkers(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopPeers.Peer p : talkers.top(n)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", p.remote());
            m.put("count", p.count());
            if (p.error() > 0) {
                m.put("error", p.error());
            }
            out.add(m);
        }
        return out;
    }

    /** Round-trip times of the ESTABLISHED sockets that report one: {@code {sockets, minMs, avgMs, maxMs}}, or empty. */
    public Map<String, Object> rtt() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (rttSockets > 0) {
            m.put("sockets", rttSockets);
            m.put("minMs", rttMin);
            m.put("avgMs", Math.round(rttSum / rttSockets * 1000) / 1000.0);
            m.put("maxMs", rttMax);
        }
        return m;
    }

    /** The listeners kept (at most {@link #MAX_LISTENERS}), in input order. */
    public List<Listener> listeners() {
        return Collections.unmodifiableList(listeners);
    }

    /** All listeners seen, kept or not. */
    public long listenerCount() {
        return listenerCount;
    }
}
