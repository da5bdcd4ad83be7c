package dev.sockit.plugin.analyzer.proc;

import dev.sockit.net.ProcNetRow;
import dev.sockit.net.ProcNetTable;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;
import dev.sockit.plugin.analyzer.parse.Format;

import java.nio.ByteOrder;

/**
 * Reads {@code /proc/net/udp} and {@code /proc/net/udp6} ({@link Format#PROC_UDP}): the columns of
 * {@code /proc/net/tcp} then {@code ref pointer drops}. State 07 (the kernel's {@code TCP_CLOSE}) is an unconnected
 * socket, {@link TcpState#UNCONN}; 01 a connected one, {@link TcpState#ESTABLISHED}. {@code tx_queue} and
 * {@code rx_queue} count the memory the queued datagrams take (payload plus buffer overhead), not payload bytes;
 * {@code drops} counts datagrams dropped on this socket, mostly for a full receive buffer.
 */
public final class ProcNetUdpParser extends ProcInetParser {

    /** A parser for files from a little-endian host (x86, arm64). */
    public ProcNetUdpParser() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    /** A parser for files from a host of byte order {@code order} ({@link ByteOrder#nativeOrder()} for this one). */
    public ProcNetUdpParser(ByteOrder order) {
        super(order, Proto.UDP);
    }

    /** {@link Format#PROC_UDP}. */
    @Override
    public Format format() {
        return Format.PROC_UDP;
    }

    @Override
    TcpState state(int code) {
        return code == 7 ? TcpState.UNCONN : TcpState.ofKernel(code);
    }

    @Override
    ProcNetTable table(ByteOrder order) {
        return ProcNetTable.udp(order);
    }

    @Override
    void finish(ProcNetRow net, SocketRow row) {
        // ref pointer drops
        if (net.drops() >= 0) {
            row.drops = net.drops();
        }
    }
}
