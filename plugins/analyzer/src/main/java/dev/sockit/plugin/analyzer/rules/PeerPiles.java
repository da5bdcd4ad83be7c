package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Where sockets of one state pile up toward one peer, in bounded heavy-hitter tables: CLOSE_WAIT by owner and
 * remote endpoint (a client's leak toward one server, which its ephemeral ports scatter over the per-port counts)
 * and ESTABLISHED by remote address and local port (one peer holding connections open on one service). FIN_WAIT1
 * is counted per remote address with the other peer states ({@code SocketStats.peersByState}); its marks are the
 * sockets with data still queued behind the FIN.
 */
final class PeerPiles {

    private static final int CAPACITY = SocketStats.PEER_CAPACITY / 2;

    /**
     * CLOSE_WAIT per (pid, remote address, remote port), the pid as the key's "local" part; marked: the sockets that
     * hold unread data (Recv-Q above the FIN's 1).
     */
    final TopPeers closeWaitByOwner = new TopPeers(CAPACITY);
    /** CLOSE_WAIT sockets with unread data per (local port, pid): key {@code local port << 40 | pid}. */
    final LongCounts closeWaitUnread = new LongCounts(SocketStats.MAX_KEYS);
    /**
     * ESTABLISHED per (remote address, local port), the port as the key's port and no local part; marked: the
     * sockets with both queues empty (nothing in flight, possibly idle).
     */
    final TopPeers established = new TopPeers(CAPACITY);

    /** The last pid seen in CLOSE_WAIT and its text: rows of one owner come in runs, so most need no new string. */
    private long lastPid = Long.MIN_VALUE;
    private String lastPidText;
    private long lastPidCode;

    /**
     * Counts {@code row}, in {@code state} (NEW_SYN_RECV already folded), owned by {@code pidKey}; {@code remoteCode}
     * is the {@link PeerKeys#code} of its remote address.
     */
    void accept(SocketRow row, TcpState state, long pidKey, long remoteCode) {
        if (state == TcpState.CLOSE_WAIT) {
            // Linux counts the peer's FIN as one byte of Recv-Q until the application reads the EOF
            boolean unread = row.recvQ > 1;
            if (row.pid != lastPid) {
                lastPid = row.pid;
                lastPidText = Long.toString(row.pid);
                lastPidCode = PeerKeys.code(lastPidText);
            }
            closeWaitByOwner.add(lastPidText, lastPidCode, row.remoteAddress, remoteCode, row.remotePort, 1,
                    unread ? 1 : 0);
            if (unread) {
                closeWaitUnread.add((long) row.localPort << 40 | pidKey, 1);
            }
        } else if (state == TcpState.ESTABLISHED) {
            established.add(null, 0, row.remoteAddress, remoteCode, row.localPort, 1,
                    row.recvQ == 0 && row.sendQ == 0 ? 1 : 0);
        }
    }

    /** The FIN_WAIT1 mark: Linux counts the FIN as one byte of Send-Q until the peer acknowledges it. */
    static long finWait1Mark(SocketRow row) {
        return row.sendQ > 1 ? 1 : 0;
    }
}
