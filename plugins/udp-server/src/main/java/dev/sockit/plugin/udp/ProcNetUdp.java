package dev.sockit.plugin.udp;

import dev.sockit.net.ProcAddresses;
import dev.sockit.net.ProcNetRow;
import dev.sockit.net.ProcNetTable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What Linux tells about the server's UDP sockets: the receive queue and the {@code drops} column of
 * {@code /proc/net/udp} and {@code /proc/net/udp6} (datagrams the kernel dropped because the socket's receive
 * buffer was full), read through the platform's {@link ProcNetTable}. Reading blocks, so run {@link #read} off the
 * event loop.
 */
final class ProcNetUdp {

    /** The host's {@code /proc}. */
    static final Path PROC = Path.of("/proc");

    private ProcNetUdp() {
    }

    /**
     * The sum over the sockets bound to {@code local:port}.
     *
     * @param sockets      how many rows matched: one per socket (several with SO_REUSEPORT)
     * @param drops        datagrams dropped for want of receive buffer
     * @param receiveQueue bytes waiting in the receive queues now
     */
    record Sample(int sockets, long drops, long receiveQueue) {
    }

    /**
     * Reads {@code net/udp} and {@code net/udp6} under {@code proc} and sums the rows of {@code local:port};
     * {@code null} when neither table can be read (not Linux). An IPv4 address is looked for in both tables:
     * Vert.x's native transports open IPv6 sockets whatever the address, and bind an IPv4 address as
     * {@code ::ffff:a.b.c.d}.
     */
    static Sample read(Path proc, InetAddress local, int port) {
        ProcNetTable table = ProcNetTable.udp(ByteOrder.nativeOrder());
        Sum v6 = new Sum(local instanceof Inet4Address ? ProcAddresses.mapped(local) : local, port);
        boolean v6Read = table.forEach(proc.resolve(ProcNetTable.DIR).resolve("udp6"), v6);
        Sum v4 = new Sum(local, port);
        boolean v4Read = local instanceof Inet4Address
                && table.forEach(proc.resolve(ProcNetTable.DIR).resolve("udp"), v4);
        if (!v4Read && !v6Read) {
            return null;
        }
        return new Sample(v4.sockets + v6.sockets, v4.drops + v6.drops, v4.queue + v6.queue);
    }

    /** Sums the rows bound to {@code local:port} in {@code table}, the text of {@code /proc/net/udp[6]}. */
    static Sample parse(String table, InetAddress local, int port) {
        Sum sum = new Sum(local, port);
        try {
            ProcNetTable.udp(ByteOrder.nativeOrder())
                    .forEach(new ByteArrayInputStream(table.getBytes(StandardCharsets.US_ASCII)), sum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Sample(sum.sockets, sum.drops, sum.queue);
    }

    /** Sums the rows of one address and port that have a {@code drops} column. */
    private static final class Sum implements Consumer<ProcNetRow> {
        private final InetAddress local;
        private final int port;
        int sockets;
        long drops;
        long queue;

        Sum(InetAddress local, int port) {
            this.local = local;
            this.port = port;
        }

        @Override
        public void accept(ProcNetRow row) {
            if (row.localPort() == port && row.drops() >= 0 && row.localIs(local)) {
                sockets++;
                drops += row.drops();
                queue += row.rxQueue();
            }
        }
    }
}
