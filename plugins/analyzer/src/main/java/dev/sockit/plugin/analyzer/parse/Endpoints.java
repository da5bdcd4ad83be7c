package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.SocketRow;

/**
 * Reads {@code address:port} and {@code address.port} endpoints out of a {@link LineReader}'s line into a
 * {@link SocketRow}, the way each tool prints them: brackets or not, {@code *} for the wildcard, a zone
 * ({@code fe80::1%lo}) kept with the address, a service name ({@code ssh}) read as its well-known port.
 */
final class Endpoints {

    private static final String[] SERVICE_NAMES = {"ftp-data", "ftp", "ssh", "telnet", "smtp", "domain", "bootps",
        "bootpc", "tftp", "http", "pop3", "sunrpc", "ntp", "netbios-ns", "netbios-dgm", "netbios-ssn", "imap",
        "snmp", "ldap", "https", "microsoft-ds", "syslog", "submission", "ldaps", "imaps", "pop3s", "mdns",
        "mysql", "postgresql", "http-alt", "ipp", "rsync", "ms-wbt-server", "x11", "isakmp"};
    private static final int[] SERVICE_PORTS = {20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 110, 111, 123, 137, 138,
        139, 143, 161, 389, 443, 445, 514, 587, 636, 993, 995, 5353, 3306, 5432, 8080, 631, 873, 3389, 6000, 500};
    private static final Keys SERVICES = new Keys(SERVICE_NAMES);

    /** What the last call could not read as a port number (a service name it does not know), or false. */
    boolean unknownService;

    /**
     * Reads {@code host:port} in {@code [s, e)}: {@code 127.0.0.1:80}, {@code [::1]:80}, {@code :::80},
     * {@code *:*}, {@code fe80::1%lo:22}. False when there is no port separator.
     */
    boolean colon(LineReader r, int s, int e, SocketRow row, boolean local) {
        int hs;
        int he;
        int ps;
        if (s >= e) {
            return false;
        }
        if (r.buf[s] == '[') {
            int close = r.indexOf(']', s + 1, e);
            if (close < 0 || close + 1 >= e || r.buf[close + 1] != ':') {
                return false;
            }
            hs = s + 1;
            he = close;
            ps = close + 2;
        } else {
            int colon = r.lastIndexOf(':', s, e);
            if (colon < 0) {
                return false;
            }
            hs = s;
            he = colon;
            ps = colon + 1;
        }
        return set(r, hs, he, ps, e, row, local);
    }

    /** Reads BSD {@code host.port} in {@code [s, e)}: {@code 127.0.0.1.8080}, {@code *.*}, {@code fe80::1%lo0.123}. */
    boolean dot(LineReader r, int s, int e, SocketRow row, boolean local) {
        int dot = r.lastIndexOf('.', s, e);
        if (dot <= s) {
            return false;
        }
        return set(r, s, dot, dot + 1, e, row, local);
    }

    private boolean set(LineReader r, int hs, int he, int ps, int pe, SocketRow row, boolean local) {
        if (hs >= he || ps >= pe) {
            return false;
        }
        int port = port(r, ps, pe);
        if (port < 0) {
            return false;
        }
        String host = r.str(hs, he);
        if (r.indexOf(':', hs, he) >= 0) {
            row.ipv6 = true;
        }
        row.end(local, host, port);
        return true;
    }

    /** The port in {@code [s, e)}: a number up to 65535, {@code 0} for {@code *} or an unknown name, -1 if invalid. */
    private int port(LineReader r, int s, int e) {
        unknownService = false;
        if (e - s == 1 && r.buf[s] == '*') {
            return 0;
        }
        long n = r.num(s, e);
        if (n >= 0) {
            return n <= 65535 ? (int) n : -1;
        }
        byte first = r.buf[s];
        if (first >= '0' && first <= '9') {
            return -1;
        }
        int k = SERVICES.find(r.buf, s, e);
        if (k >= 0) {
            return SERVICE_PORTS[k];
        }
        unknownService = true;
        return 0;
    }
}
