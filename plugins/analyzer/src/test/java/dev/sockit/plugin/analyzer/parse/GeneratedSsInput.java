package dev.sockit.plugin.analyzer.parse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An {@code ss -tanpmi}-shaped input of {@code sockets} sockets (two lines each), made line by line as it is read
 * so that the test holds none of it; test helper.
 */
final class GeneratedSsInput extends InputStream {

    private static final String[] STATES = {"ESTAB", "TIME-WAIT", "CLOSE-WAIT", "LISTEN", "SYN-SENT"};

    private final long sockets;
    private long next;
    private byte[] current = new byte[0];
    private int pos;

    GeneratedSsInput(long sockets) {
        this.sockets = sockets;
    }

    @Override
    public int read() {
        if (pos == current.length && !refill()) {
            return -1;
        }
        return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pos == current.length && !refill()) {
                break;
            }
            int k = Math.min(len - n, current.length - pos);
            System.arraycopy(current, pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    private boolean refill() {
        if (next == sockets) {
            return false;
        }
        long i = next++;
        String header = i == 0 ? "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n" : "";
        String text = header + STATES[(int) (i % STATES.length)] + " " + (i % 100) + " 0 10." + (i % 250) + ".0.1:"
                + (1024 + i % 60000) + " 10.1.0." + (i % 200) + ":" + (2000 + i % 50000)
                + " users:((\"java\",pid=" + (1000 + i % 5000) + ",fd=" + (i % 1000) + "))"
                + " timer:(keepalive,119min,0) uid:1000 ino:" + (100000 + i) + " sk:1 <->\n"
                + "\t skmem:(r0,rb131072,t0,tb2626560,f0,w0,o0,bl0,d" + (i % 3) + ") cubic wscale:7,7 rto:204"
                + " rtt:0.03/0.015 ato:40 mss:32768 pmtu:65535 rcvmss:536 advmss:65483 cwnd:10"
                + " bytes_sent:" + i + " bytes_acked:" + i + " bytes_received:" + (i * 2) + " segs_out:5 segs_in:4"
                + " send 87381333333bps lastsnd:4 lastrcv:4 lastack:4 pacing_rate 174762666664bps"
                + " delivery_rate 4681142856bps unacked:0 retrans:0/" + (i % 4) + " rcv_space:65483"
                + " rcv_ssthresh:65483 minrtt:0.02 snd_wnd:" + (i % 17 == 0 ? 0 : 65536) + "\n";
        current = text.getBytes(StandardCharsets.US_ASCII);
        pos = 0;
        return true;
    }
}
