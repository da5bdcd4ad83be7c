package dev.sockit.plugin.analyzer.parse;

import java.util.Locale;

/** The inputs the analyzer reads; {@code --format} names them by their {@link #cliName()}. */
public enum Format {
    /** iproute2 {@code ss} socket listing, any flags, with or without header. */
    SS("ss"),
    /** {@code ss -s}. */
    SS_SUMMARY("ss-summary"),
    /** net-tools {@code netstat -an/-tanp/-tulpn} on Linux. */
    NETSTAT_LINUX("netstat-linux"),
    /** {@code netstat -s} (Linux). */
    NETSTAT_STATISTICS("netstat-s"),
    /** iproute2 {@code nstat} (any flags: {@code -a}, {@code -z}, {@code -s}, {@code -j}, {@code -p}). */
    NSTAT("nstat"),
    /** {@code sysctl -a} or {@code sysctl NAME...}: {@code name = value} lines. */
    SYSCTL("sysctl"),
    /** {@code netstat -an [-p tcp]} on FreeBSD/macOS. */
    NETSTAT_BSD("netstat-bsd"),
    /** {@code netstat -an/-ano} on Windows. */
    NETSTAT_WINDOWS("netstat-windows"),
    /** {@code lsof -i -n -P}. */
    LSOF("lsof"),
    /** {@code /proc/net/tcp} or {@code tcp6}. */
    PROC_TCP("proc-tcp"),
    /** {@code /proc/net/udp} or {@code udp6}. */
    PROC_UDP("proc-udp"),
    /** {@code /proc/net/unix}. */
    PROC_UNIX("proc-unix"),
    /** {@code /proc/net/sockstat} or {@code sockstat6}. */
    PROC_SOCKSTAT("proc-sockstat"),
    /** {@code /proc/net/snmp} or {@code /proc/net/netstat} (header line / value line pairs). */
    PROC_SNMP("proc-snmp");

    private final String cliName;

    Format(String cliName) {
        this.cliName = cliName;
    }

    /** The name {@code --format} and the Result use. */
    public String cliName() {
        return cliName;
    }

    /** The format named {@code name} (its cli name, case-insensitive), or {@code null}. */
    public static Format named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        return null;
    }
}
