package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Where sockets of one state pile up toward one peer, in bounded heavy-hitter tables: CLOSE_WAIT by owner and
 * remote endpoint (a client's leak toward one server, which its ephemeral ports scatter over the per-port
 * counts), FIN_WAIT1 with data behind the FIN per remote address, and
 * ESTABLISHED by remote address and local port (one peer holding connections open on one service).
 */
final class PeerPiles {

    private static final int CAPACITY = SocketStats.PEER_CAPACITY / 2;

    /** CLOSE_WAIT per (pid, remote address, remote port); the pid is the key's "local" part. */
    final TopPeers closeWaitByOwner = new TopPeers(CAPACITY);
    /** Of those, the sockets that hold unread data (Recv-Q above the FIN's 1). */
    final TopPeers closeWaitUnreadByOwner = new TopPeers(CAPACITY);
    /** CLOSE_WAIT sockets with unread data per (local port, pid): key {@code local port << 40 | pid}. */
    final LongCounts closeWaitUnread = new LongCounts(SocketStats.MAX_KEYS);
    /** FIN_WAIT1 sockets (counted per remote address in {@code peersByState}) with data with data still queued to send behind the FIN (Send-Q above the FIN's 1). */
    final TopPeers finWait1Pending = new TopPeers(CAPACITY);
    /** ESTABLISHED per (remote address, local port): the port is the key's port, the local part is empty. */
    final TopPeers established = new TopPeers(CAPACITY);
    /** Of those, the sockets with both queues empty: nothing in flight, possibly idle. */
    final TopPeers establishedIdle = new TopPeers(CAPACITY);

    /** Counts {@code row}, in {@code state} (NEW_SYN_RECV already folded), owned by {@code pidKey}. */
    void accept(SocketRow row, TcpState state, long pidKey) {
        switch (state) {
            case CLOSE_WAIT -> {
                String owner = Long.toString(row.pid);
                closeWaitByOwner.add(owner, row.remoteAddress, row.remotePort, 1);
                // Linux counts the peer's FIN as one byte of Recv-Q until the application reads the EOF
                if (row.recvQ > 1) {
                    closeWaitUnreadByOwner.add(owner, row.remoteAddress, row.remotePort, 1);
                    closeWaitUnread.add((long) row.localPort << 40 | pidKey, 1);
                }
            }
            case FIN_WAIT1 -> {
                // the FIN takes one byte of Send-Q on Linux until the peer acknowledges it
                if (row.sendQ > 1) {
                    finWait1Pending.add(null, row.remoteAddress, -1, 1);
                }
            }
            case ESTABLISHED -> {
                established.add(null, row.remoteAddress, row.localPort, 1);
                if (row.recvQ == 0 && row.sendQ == 0) {
                    establishedIdle.add(null, row.remoteAddress, row.localPort, 1);
                }
            }
            default -> {
            }
        }
    }
}
