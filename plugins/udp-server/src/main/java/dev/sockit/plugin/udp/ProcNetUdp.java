package dev.sockit.plugin.udp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What Linux tells about UDP sockets under {@code /proc}: the receive queue and the {@code drops} column of
 * {@code /proc/net/udp} and {@code /proc/net/udp6} (datagrams the kernel dropped because the socket's receive
 * buffer was full). Parsing is pure; reading blocks, so run {@link #read} off the event loop. The limits of socket
 * buffer sizes are platform-net's {@code KernelLimits}.
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
        Sample v6 = readTable(proc.resolve("net").resolve("udp6"),
                local instanceof Inet4Address ? mapped(local) : local, port);
        Sample v4 = local instanceof Inet4Address ? readTable(proc.resolve("net").resolve("udp"), local, port) : null;
        if (v4 == null || v6 == null) {
            return v4 == null ? v6 : v4;
        }
        return new Sample(v4.sockets() + v6.sockets(), v4.drops() + v6.drops(),
                v4.receiveQueue() + v6.receiveQueue());
    }

    private static Sample readTable(Path table, InetAddress local, int port) {
        try (InputStream in = Files.newInputStream(table)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII), local, port);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code ::ffff:a.b.c.d}, as an IPv6 socket holds IPv4 address {@code a.b.c.d}. */
    static InetAddress mapped(InetAddress ipv4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ipv4.getAddress(), 0, b, 12, 4);
        try {
            // getByAddress turns a mapped address back into an Inet4Address; keep the 16 bytes.
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sums the rows bound to {@code local:port} in {@code table}, the text of {@code /proc/net/udp[6]}. */
    static Sample parse(String table, InetAddress local, int port) {
        String address = hex(local);
        int sockets = 0;
        long drops = 0;
        long queue = 0;
        for (String line : table.split("\n")) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer
            // drops
            String[] f = line.trim().split("\\s+");
            if (f.length < 13 || !f[0].endsWith(":")) {
                continue;
            }
            int colon = f[1].indexOf(':');
            int queues = f[4].indexOf(':');
            if (colon < 0 || queues < 0 || !f[1].substring(0, colon).equalsIgnoreCase(address)) {
                continue;
            }
            try {
                if (Integer.parseInt(f[1].substring(colon + 1), 16) != port) {
                    continue;
                }
                long rowQueue = Long.parseLong(f[4].substring(queues + 1), 16);
                long rowDrops = Long.parseLong(f[12]);
                sockets++;
                queue += rowQueue;
                drops += rowDrops;
            } catch (NumberFormatException e) {
                // A row of another shape (a future kernel's): not ours to count.
            }
        }
        return new Sample(sockets, drops, queue);
    }

    /**
     * An address as the tables print it: each 32-bit word of the address in the host's byte order, in hex;
     * {@code 127.0.0.1} is {@code 0100007F} on x86.
     */
    static String hex(InetAddress address) {
        ByteBuffer b = ByteBuffer.wrap(address.getAddress()).order(ByteOrder.nativeOrder());
        StringBuilder out = new StringBuilder(32);
        while (b.hasRemaining()) {
            out.append(String.format(Locale.ROOT, "%08X", b.getInt()));
        }
        return out.toString();
    }
}
