package dev.sockit.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one reader of the rows of {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}, read straight
 * from the bytes into a reused {@link ProcNetRow}. An address of 8 hex digits is IPv4, of 32 IPv6, so one table
 * reads the v4 and v6 files, even concatenated. Used on this host (port checks, UDP drop counts) and on files a
 * user hands the analyzer, which reports the lines it cannot read: {@link #read(ProcLineReader, ProcNetRow)} says
 * why a line is not a row. Keeps a cache of address strings: one instance per thread.
 */
public final class ProcNetTable {

    /** How the header line of these tables starts ({@code sl  local_address ...}), after spaces. */
    public static final String HEADER = "sl ";
    /** Where Linux publishes these tables under a {@code /proc} root. */
    public static final String DIR = "net";

    /** Which columns follow {@code inode}. */
    public enum Protocol {
        /** {@code refcount pointer rto ato quick/pingpong cwnd ssthresh}. */
        TCP,
        /** {@code ref pointer drops}. */
        UDP
    }

    private final Protocol protocol;
    private final ByteOrder order;
    private final ProcAddresses addresses;

    private ProcNetTable(Protocol protocol, ByteOrder order) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.order = Objects.requireNonNull(order, "order");
        this.addresses = new ProcAddresses(order);
    }

    /** A reader of {@code tcp}/{@code tcp6} rows printed by a host of byte order {@code order}. */
    public static ProcNetTable tcp(ByteOrder order) {
        return new ProcNetTable(Protocol.TCP, order);
    }

    /** A reader of {@code udp}/{@code udp6} rows printed by a host of byte order {@code order}. */
    public static ProcNetTable udp(ByteOrder order) {
        return new ProcNetTable(Protocol.UDP, order);
    }

    /** A reader of this host's tables of {@code protocol}. */
    public static ProcNetTable host(dev.sockit.api.Protocol protocol) {
        return protocol == dev.sockit.api.Protocol.TCP ? tcp(ByteOrder.nativeOrder()) : udp(ByteOrder.nativeOrder());
    }

    /** The file names of this protocol's tables under {@link #DIR}: {@code tcp}, {@code tcp6} (or udp). */
    public String[] files() {
        return protocol == Protocol.TCP ? new String[] {"tcp", "tcp6"} : new String[] {"udp", "udp6"};
    }

    /** Whether the current line of {@code r}, from its scan position, is the header. */
    public static boolean isHeader(ProcLineReader r) {
        return r.lookingAt(HEADER);
    }

    /**
     * Reads the current line of {@code r}, from its scan position, into {@code row}; returns why it is not a row
     * ({@code "bad local address"}…), or {@code null} when it is one.
     */
    public String read(ProcLineReader r, ProcNetRow row) {
        row.reset();
        row.order = order;
        long slot = r.dec();
        if (slot < 0 || !r.expect(':')) {
            return "no slot number (sl)";
        }
        row.slot = slot;
        r.skipSpaces();
        if (!address(r, row, true)) {
            return "bad local address";
        }
        r.skipSpaces();
        if (!address(r, row, false)) {
            return "bad remote address";
        }
        r.skipSpaces();
        long st = r.hex();
        if (st < 0 || st > 0xFF) {
            return "bad state (st)";
        }
        r.skipSpaces();
        long tx = r.hex();
        long rx = r.expect(':') ? r.hex() : -1;
        if (tx < 0 || rx < 0) {
            return "bad tx_queue:rx_queue";
        }
        r.skipSpaces();
        long tr = r.hex();
        long when = r.expect(':') ? r.hex() : -1;
        if (tr < 0 || when < 0) {
            return "bad tr:tm->when";
        }
        r.skipSpaces();
        long retransmits = r.hex();
        r.skipSpaces();
        long uid = r.dec();
        r.skipSpaces();
        long timeout = r.dec();
        r.skipSpaces();
        long inode = r.dec();
        if (retransmits < 0 || uid < 0 || timeout < 0 || inode < 0) {
            return "bad retrnsmt, uid, timeout or inode";
        }
        row.state = (int) st;
        row.txQueue = tx;
        row.rxQueue = rx;
        row.timer = (int) Math.min(tr, Integer.MAX_VALUE);
        row.timerWhen = when;
        row.retransmits = retransmits;
        row.uid = uid;
        row.timeout = timeout;
        row.inode = inode;
        if (protocol == Protocol.TCP) {
            tcpTail(r, row);
        } else {
            udpTail(r, row);
        }
        return null;
    }

    private boolean address(ProcLineReader r, ProcNetRow row, boolean local) {
        int digits = r.hexRun();
        String text;
        if (digits == 8) {
            int w = r.hexWord();
            if (local) {
                row.localWords[0] = w;
            } else {
                row.remoteWord = w;
            }
            text = addresses.v4(w);
        } else if (digits == 32) {
            int w0 = r.hexWord();
            int w1 = r.hexWord();
            int w2 = r.hexWord();
            int w3 = r.hexWord();
            if (local) {
                row.localWords[0] = w0;
                row.localWords[1] = w1;
                row.localWords[2] = w2;
                row.localWords[3] = w3;
            }
            text = addresses.v6(w0, w1, w2, w3);
            row.ipv6 = true;
        } else {
            return false;
        }
        if (!r.expect(':') || r.hexRun() != 4) {
            return false;
        }
        int port = (int) r.hex();
        if (local) {
            row.localAddress = text;
            row.localPort = port;
        } else {
            row.remoteAddress = text;
            row.remotePort = port;
        }
        return true;
    }

    /** {@code refcount pointer rto ato quick/pingpong cwnd ssthresh}, as far as they are there. */
    private static void tcpTail(ProcLineReader r, ProcNetRow row) {
        if (!r.skipSpaces() || r.dec() < 0 || !r.skipSpaces() || r.hex() < 0 || !r.skipSpaces()) {
            return;
        }
        long rto = r.dec();
        if (rto < 0) {
            return;
        }
        row.rto = rto;
        if (!r.skipSpaces() || r.dec() < 0 || !r.skipSpaces() || r.dec() < 0 || !r.skipSpaces()) {
            return;
        }
        long cwnd = r.dec();
        if (cwnd < 0) {
            return;
        }
        row.cwnd = cwnd;
        if (r.skipSpaces()) {
            long ssthresh = r.signedDec();
            if (ssthresh >= 0) {
                row.ssthresh = ssthresh;
            }
        }
    }

    /** {@code ref pointer drops}, when they are there. */
    private static void udpTail(ProcLineReader r, ProcNetRow row) {
        if (!r.skipSpaces() || r.dec() < 0 || !r.skipSpaces() || r.hex() < 0 || !r.skipSpaces()) {
            return;
        }
        long drops = r.dec();
        if (drops >= 0) {
            row.drops = drops;
        }
    }

    /**
     * Hands every row of {@code in} to {@code rows} (the same, reused row each time); headers, blank lines and lines
     * that are not rows are skipped. For a caller that reports nothing about the input; the analyzer, which
     * does, drives {@link #read(ProcLineReader, ProcNetRow)} itself.
     */
    public void forEach(InputStream in, Consumer<ProcNetRow> rows) throws IOException {
        ProcLineReader r = new ProcLineReader(in);
        ProcNetRow row = new ProcNetRow();
        while (r.next()) {
            if (r.truncated() || !r.skipSpaces() || isHeader(r)) {
                continue;
            }
            if (read(r, row) == null) {
                rows.accept(row);
            }
        }
    }

    /**
     * {@link #forEach(InputStream, Consumer)} over {@code file}; false, and nothing handed on, when it cannot be
     * read (not Linux, a restricted {@code /proc}). Blocks: call it off the event loop.
     */
    public boolean forEach(Path file, Consumer<ProcNetRow> rows) {
        try (InputStream in = Files.newInputStream(file)) {
            forEach(in, rows);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
