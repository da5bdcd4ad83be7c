package dev.sockit.plugin.analyzer.model;

import java.util.Locale;

/**
 * A socket's state, with one name per state whatever tool printed it. {@link #UNCONN} is a UDP or unix socket
 * that is bound but not connected; {@link #UNKNOWN} is a state the input did not give or that no tool here names.
 */
public enum TcpState {
    ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN,
    CLOSING, NEW_SYN_RECV, BOUND, UNCONN, UNKNOWN;

    private static final TcpState[] KERNEL = {UNKNOWN, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2,
            TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING, NEW_SYN_RECV};

    /** The state the Linux kernel numbers {@code code} ({@code st} in {@code /proc/net/tcp}, 1 to 12). */
    public static TcpState ofKernel(int code) {
        return code > 0 && code < KERNEL.length ? KERNEL[code] : UNKNOWN;
    }

    /** The name people know it by: {@code CLOSE_WAIT}, {@code TIME_WAIT}... */
    public String label() {
        return name();
    }

    /**
     * The state named {@code text} by {@code ss} ({@code ESTAB}, {@code SYN-RECV}, {@code UNCONN}...), Linux
     * {@code netstat} ({@code FIN_WAIT1}), BSD and macOS {@code netstat} ({@code SYN_RCVD}, {@code FIN_WAIT_2},
     * {@code CLOSED}), Windows {@code netstat} ({@code LISTENING}, {@code SYN_RECEIVED}) or {@code lsof}
     * ({@code (ESTABLISHED)}, with or without the parentheses); {@link #UNKNOWN} when it names none.
     */
    public static TcpState parse(CharSequence text) {
        String s = text.toString().trim();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        switch (s.toUpperCase(Locale.ROOT).replace('-', '_')) {
            case "ESTAB": case "ESTABLISHED": return ESTABLISHED;
            case "SYN_SENT": return SYN_SENT;
            case "SYN_RECV": case "SYN_RCVD": case "SYN_RECEIVED": return SYN_RECV;
            case "FIN_WAIT1": case "FIN_WAIT_1": return FIN_WAIT1;
            case "FIN_WAIT2": case "FIN_WAIT_2": return FIN_WAIT2;
            case "TIME_WAIT": return TIME_WAIT;
            case "CLOSE": case "CLOSED": case "UNCONN_CLOSED": return CLOSE;
            case "CLOSE_WAIT": return CLOSE_WAIT;
            case "LAST_ACK": return LAST_ACK;
            case "LISTEN": case "LISTENING": return LISTEN;
            case "CLOSING": return CLOSING;
            case "NEW_SYN_RECV": return NEW_SYN_RECV;
            case "BOUND": case "IDLE": return BOUND;
            case "UNCONN": return UNCONN;
            default: return UNKNOWN;
        }
    }
}
