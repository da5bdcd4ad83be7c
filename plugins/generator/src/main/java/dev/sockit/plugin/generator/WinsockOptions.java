package dev.sockit.plugin.generator;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;

import java.time.Duration;

/**
 * Turns sockit's socket-option table into Winsock code: {@code setsockopt(s, LEVEL, NAME, ...)} under Winsock's
 * names where Winsock has the option, {@code WSAIoctl(SIO_KEEPALIVE_VALS)} for the keep-alive timing, and a comment
 * saying why where Winsock has no such option or where setting it would do something else than on Linux.
 */
final class WinsockOptions {

    private WinsockOptions() {
    }

    /** Whether the option lines of {@code options} need {@code <mstcpip.h>} (SIO_KEEPALIVE_VALS). */
    static boolean needsMstcpip(SocketOptions options) {
        return options.isSet(SocketOptionTable.KEEP_ALIVE_IDLE)
                || options.isSet(SocketOptionTable.KEEP_ALIVE_INTERVAL);
    }

    /**
     * An options function's body before its return: {@code lines}, after a {@code (void)} of each parameter they do
     * not use ({@code s}, and {@code family} where the function has it), so that -Wunused-parameter stays quiet
     * without casting away a parameter the code goes on to use.
     */
    static String body(String lines, boolean hasFamily) {
        String unused = (lines.contains("(s, ") ? "" : "    (void)s;\n")
                + (hasFamily && !lines.contains("family ") ? "    (void)family;\n" : "");
        return unused + lines;
    }

    /**
     * The C lines for the options of {@code options} that apply to sockets of {@code role}, inside a function
     * with {@code SOCKET s} and {@code int family} in scope that returns -1 on a failure.
     */
    static String lines(SocketOptions options, OptionKey.Role role) {
        StringBuilder out = new StringBuilder();
        boolean keepAliveTimes = false;
        for (OptionKey<?> key : options.keys()) {
            if (!key.appliesTo(role)) {
                continue;
            }
            Object value = options.get(key);
            switch (key.name()) {
                case "reuseAddress" -> comment(out, "reuseAddress: not set. Winsock's SO_REUSEADDR lets another socket"
                        + " bind this port while the server holds it (port theft); a plain bind already succeeds"
                        + " over connections in TIME_WAIT. SO_EXCLUSIVEADDRUSE is the guard against such binds.");
                case "reusePort" -> comment(out, "reusePort: Winsock has no SO_REUSEPORT; one listener served by"
                        + " several threads (one completion port) balances the load instead.");
                case "tcpNoDelay" -> setInt(out, key, "IPPROTO_TCP", "TCP_NODELAY", value, null);
                case "keepAlive" -> setInt(out, key, "SOL_SOCKET", "SO_KEEPALIVE", value, null);
                case "broadcast" -> setInt(out, key, "SOL_SOCKET", "SO_BROADCAST", value, null);
                case "keepAliveIdle", "keepAliveInterval" -> {
                    if (!keepAliveTimes) {
                        keepAliveTimes = true;
                        keepAliveValues(out, options);
                    }
                }
                case "keepAliveCount" -> setInt(out, key, "IPPROTO_TCP", "TCP_KEEPCNT", value,
                        "Windows 10 version 1703 and later (16 in ws2ipdef.h; older MinGW headers lack it);"
                        + " before, Windows sends 10 probes");
                case "soLinger" -> linger(out, key, (Duration) value);
                case "sendBufferSize" -> setInt(out, key, "SOL_SOCKET", "SO_SNDBUF", value,
                        "Windows takes the size as it is (no doubling); a set size turns off send autotuning");
                case "receiveBufferSize" -> setInt(out, key, "SOL_SOCKET", "SO_RCVBUF", value,
                        "Windows takes the size as it is (no doubling); a set size turns off receive autotuning");
                case "trafficClass" -> comment(out, "trafficClass " + value + ": not set. Windows accepts IP_TOS"
                        + " and ignores it; DSCP marking on Windows goes through the qWAVE QoS API or a policy.");
                case "tcpFastOpen" -> setInt(out, key, "IPPROTO_TCP", "TCP_FASTOPEN", value,
                        "Windows 10 version 1607 and later (15 in ws2ipdef.h; older MinGW headers lack it)");
                case "tcpUserTimeout" -> userTimeout(out, key, (Duration) value);
                case "ipv6Only" -> {
                    out.append("    /* IPV6_V6ONLY: ").append(meaning(key))
                            .append("; on Windows it is on by default, and it applies to IPv6 sockets only */\n");
                    out.append("    if (family == AF_INET6 && set_int_option(s, IPPROTO_IPV6, IPV6_V6ONLY, ")
                            .append("\"setsockopt IPV6_V6ONLY\", ").append(number(key, value)).append(") < 0) {\n")
                            .append("        return -1;\n    }\n");
                }
                case "backlog" -> comment(out, "backlog: the argument of listen (BACKLOG), not a socket option");
                default -> comment(out, key.name() + ": Winsock has no " + key.nativeName() + "; not set");
            }
        }
        return Templates.fitComments(out.toString());
    }

    private static void comment(StringBuilder out, String text) {
        out.append("    /* ").append(text.replace("*/", "* /")).append(" */\n");
    }

    private static String meaning(OptionKey<?> key) {
        return key.meaning().replace("*/", "* /");
    }

    @SuppressWarnings("unchecked")
    private static long number(OptionKey<?> key, Object value) {
        return ((OptionKey<Object>) key).toKernel(value);
    }

    private static void setInt(StringBuilder out, OptionKey<?> key, String level, String name, Object value,
                               String windowsNote) {
        out.append("    /* ").append(name).append(": ").append(meaning(key));
        if (windowsNote != null) {
            out.append("; ").append(windowsNote.replace("*/", "* /"));
        }
        out.append(" */\n");
        if (name.equals("TCP_KEEPCNT") || name.equals("TCP_FASTOPEN")) {
            out.append("#ifndef ").append(name).append('\n').append("#define ").append(name).append(' ')
                    .append(name.equals("TCP_KEEPCNT") ? 16 : 15).append('\n').append("#endif\n");
        }
        out.append("    if (set_int_option(s, ").append(level).append(", ").append(name).append(", \"setsockopt ")
                .append(name).append("\", ").append(number(key, value)).append(") < 0) {\n")
                .append("        return -1;\n    }\n");
    }

    private static void linger(StringBuilder out, OptionKey<?> key, Duration value) {
        out.append("    /* SO_LINGER: ").append(meaning(key)).append("; Winsock's struct linger holds u_short */\n")
                .append("    {\n")
                .append("        struct linger lg;\n")
                .append("        lg.l_onoff = 1;\n")
                .append("        lg.l_linger = ").append(value.toSeconds()).append(";\n")
                .append("        if (setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, (int)sizeof lg)")
                .append(" == SOCKET_ERROR) {\n")
                .append("            report(\"setsockopt SO_LINGER\", WSAGetLastError());\n")
                .append("            return -1;\n        }\n    }\n");
    }

    private static void keepAliveValues(StringBuilder out, SocketOptions options) {
        Duration idle = options.get(SocketOptionTable.KEEP_ALIVE_IDLE);
        Duration interval = options.get(SocketOptionTable.KEEP_ALIVE_INTERVAL);
        long idleMs = idle == null ? 7_200_000 : idle.toMillis();
        long intervalMs = interval == null ? 1_000 : interval.toMillis();
        comment(out, "keepAliveIdle, keepAliveInterval: Winsock sets both at once, in milliseconds, with"
                + " SIO_KEEPALIVE_VALS, which also turns keep-alive on (an unset one keeps Windows' default: 2 h"
                + " idle, 1 s interval)");
        out.append("    {\n")
                .append("        struct tcp_keepalive ka;\n")
                .append("        DWORD got = 0;\n")
                .append("        ka.onoff = 1;\n")
                .append("        ka.keepalivetime = ").append(idleMs).append(";\n")
                .append("        ka.keepaliveinterval = ").append(intervalMs).append(";\n")
                .append("        if (WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, (DWORD)sizeof ka, NULL, 0, &got, NULL, NULL)")
                .append(" == SOCKET_ERROR) {\n")
                .append("            report(\"WSAIoctl SIO_KEEPALIVE_VALS\", WSAGetLastError());\n")
                .append("            return -1;\n        }\n    }\n");
    }

    private static void userTimeout(StringBuilder out, OptionKey<?> key, Duration value) {
        long seconds = (value.toMillis() + 999) / 1000;
        if (seconds == 0) {
            comment(out, "tcpUserTimeout 0: the system's retransmission limits; nothing to set");
            return;
        }
        out.append("    /* TCP_MAXRT: ").append(meaning(key))
                .append("; Winsock's nearest option counts whole seconds of retransmission (5 in ws2ipdef.h) */\n")
                .append("#ifndef TCP_MAXRT\n#define TCP_MAXRT 5\n#endif\n")
                .append("    if (set_int_option(s, IPPROTO_TCP, TCP_MAXRT, \"setsockopt TCP_MAXRT\", ")
                .append(seconds).append(") < 0) {\n        return -1;\n    }\n");
    }
}
