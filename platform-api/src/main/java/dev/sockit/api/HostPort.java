package dev.sockit.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A TCP or UDP endpoint as sockit writes it: a host (an IP literal or a name, without brackets) and a port. Its
 * {@link #toString()} is the text every Result, audit line and message shows ({@code 127.0.0.1:7007},
 * {@code [::1]:7007}), and {@link #parse(String)} reads that text back, so that no caller cuts a port out of a
 * string.
 *
 * @param host an IPv4 or IPv6 literal (without brackets, maybe with a {@code %scope}) or a host name
 * @param port 0-65535
 */
public record HostPort(String host, int port) {

    /** Checks that there is a host, without brackets, and a port of 0-65535. */
    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host: " + Checks.quote(host) + " (expected: an IP address or a name)");
        }
        if (host.startsWith("[")) {
            throw new IllegalArgumentException("host: " + Checks.quote(host) + " (expected: no brackets)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
    }

    /**
     * {@code host:port} with an IPv6 literal written short (RFC 5952: {@code ::1}, lower case, the longest run of
     * zero groups as {@code ::}), however the config or the socket wrote it, so that one address reads the same in
     * every line. A scope ({@code %eth0}) is kept as written; names and IPv4 literals are kept as they are.
     */
    public static HostPort of(String host, int port) {
        return new HostPort(host == null ? null : shortIpv6(host), port);
    }

    /** The IP and port of a socket address ({@link #of(String, int)}'s short form); the host string if unresolved. */
    public static HostPort of(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return of(ip == null ? address.getHostString() : ip.getHostAddress(), address.getPort());
    }

    /**
     * Reads {@code host:port} or {@code [ipv6]:port}, as {@link #toString()} writes it.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static HostPort parse(String text) {
        if (text != null) {
            int colon = text.lastIndexOf(':');
            String host = colon > 0 ? text.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                host = "";
            }
            String port = colon > 0 ? text.substring(colon + 1) : "";
            if (!host.isEmpty() && !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(port) <= 65535) {
                return new HostPort(host, Integer.parseInt(port));
            }
        }
        throw new IllegalArgumentException(Checks.quote(text) + " is not an address (expected: host:port or"
                + " [ipv6]:port, such as 127.0.0.1:7007 or [::1]:7007)");
    }

    /** Whether the host is an IPv6 literal (it holds a ':'). */
    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    /** This endpoint on another port (the one a port-0 bind was given). */
    public HostPort withPort(int port) {
        return new HostPort(host, port);
    }

    /** An unresolved socket address of this host and port (resolving it may look the name up: not here). */
    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port}, with an IPv6 host in brackets: {@code 127.0.0.1:7007}, {@code [::1]:7007}. */
    @Override
    public String toString() {
        return isIpv6() ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** An IPv6 literal in its short form, its scope kept; anything else as it is. */
    private static String shortIpv6(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        int scope = host.indexOf('%');
        String ip = scope < 0 ? host : host.substring(0, scope);
        if (!ip.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return host;
        }
        byte[] bytes;
        try {
            // Only hex digits, ':' and '.': a literal, parsed without a lookup.
            bytes = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return host;
        }
        if (bytes.length != 16) {
            // An IPv4-mapped literal (::ffff:1.2.3.4) parses to its IPv4 address: keep the text.
            return host;
        }
        return ipv6Text(bytes) + (scope < 0 ? "" : host.substring(scope));
    }

    /**
     * The text of a 16-byte IPv6 address as {@code inet_ntop} and RFC 5952 write it: lower case, no leading zeros,
     * the longest run of two or more zero groups as {@code ::} (the first on a tie), and an IPv4-mapped address as
     * {@code ::ffff:a.b.c.d}.
     *
     * @throws IllegalArgumentException when {@code bytes} is not 16 bytes long
     */
    public static String ipv6Text(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + bytes.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
        }
        StringBuilder b = new StringBuilder(45);
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xFFFF) {
            return b.append("::ffff:").append(bytes[12] & 0xFF).append('.').append(bytes[13] & 0xFF).append('.')
                    .append(bytes[14] & 0xFF).append('.').append(bytes[15] & 0xFF).toString();
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }
}
