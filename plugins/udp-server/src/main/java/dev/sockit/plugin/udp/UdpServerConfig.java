package dev.sockit.plugin.udp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Endpoint;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;
import dev.sockit.api.spi.ServerConfig;
import dev.sockit.contracts.ForwardContract;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The config of a {@code udp-server} process ({@code processes.<id>.config}). Every key but {@code port} is
 * optional; the defaults are the {@code DEFAULT_*} constants.
 *
 * @param host              the address to bind, an IP literal or a name ({@link ServerConfig#DEFAULT_HOST}); with
 *                          {@code multicast} it must be a wildcard ({@code 0.0.0.0}, {@code ::}) or a group, since
 *                          a socket bound to a unicast address never sees a datagram sent to a group
 * @param port              the port to bind, 0-65535; 0 picks a free port. Required
 * @param handler           what the server does with each datagram ({@link #DEFAULT_HANDLER})
 * @param forwardTo         with {@code handler: forward}, the id of the process whose
 *                          {@code sockit.<forwardTo>.datagram} address receives each datagram; required then and
 *                          refused otherwise
 * @param options           the socket options ({@link ServerConfig#DEFAULT_OPTIONS}); TCP-only options are warned
 *                          about and ignored
 * @param multicast         the multicast groups to join ({@link #DEFAULT_MULTICAST})
 * @param multicastTtl      IP_MULTICAST_TTL, 0-255, for datagrams the socket sends to a group; {@code null} keeps
 *                          the operating system's default of 1 ({@link #DEFAULT_MULTICAST_TTL})
 * @param multicastLoopback IP_MULTICAST_LOOP; {@code null} keeps the operating system's default, on
 *                          ({@link #DEFAULT_MULTICAST_LOOPBACK})
 * @param maxDatagramSize   the largest datagram served, 1-65507 bytes; larger ones are counted as oversize and
 *                          dropped. Also the size of the read buffer, which is independent of SO_RCVBUF
 *                          ({@link #DEFAULT_MAX_DATAGRAM_SIZE})
 * @param maxInFlight       with {@code handler: forward}, how many forwarded datagrams of one socket may await
 *                          their reply at once, 1-1024; the socket stops reading at the bound
 *                          ({@link #DEFAULT_MAX_IN_FLIGHT}); refused with another handler
 */
public record UdpServerConfig(
        String host,
        int port,
        Handler handler,
        String forwardTo,
        SocketOptions options,
        List<MulticastGroup> multicast,
        Integer multicastTtl,
        Boolean multicastLoopback,
        int maxDatagramSize,
        int maxInFlight) implements ServerConfig {

    /** Echo each datagram to its sender. */
    public static final Handler DEFAULT_HANDLER = Handler.ECHO;
    /** No multicast group joined. */
    public static final List<MulticastGroup> DEFAULT_MULTICAST = List.of();
    /** The operating system's multicast TTL (1 on Linux). */
    public static final Integer DEFAULT_MULTICAST_TTL = null;
    /** The operating system's multicast loopback (on). */
    public static final Boolean DEFAULT_MULTICAST_LOOPBACK = null;
    /** The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
    public static final int MAX_DATAGRAM_SIZE_LIMIT = 65_507;
    /** Serve every datagram IPv4 can carry. */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = MAX_DATAGRAM_SIZE_LIMIT;
    /** Forwarded datagrams awaiting a reply per socket, as the forward contract's default. */
    public static final int DEFAULT_MAX_IN_FLIGHT = ForwardContract.DEFAULT_MAX_IN_FLIGHT;

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("(?=[^%]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[\\w.-]+)?");

    /** Applies the defaults to missing values and validates the rest. */
    public UdpServerConfig {
        host = host == null ? DEFAULT_HOST : Checks.host(host, "host");
        Checks.inRange(port, 0, 65535, "port");
        handler = handler == null ? DEFAULT_HANDLER : handler;
        forwardTo = checkForwardTo(handler, forwardTo);
        options = options == null ? DEFAULT_OPTIONS : options;
        multicast = checkMulticast(host, multicast == null ? DEFAULT_MULTICAST : multicast);
        multicastTtl = Checks.inRangeOrNull(multicastTtl, 0, 255, "multicastTtl");
        Checks.inRange(maxDatagramSize, 1, MAX_DATAGRAM_SIZE_LIMIT, "maxDatagramSize");
        Checks.inRange(maxInFlight, ForwardContract.MIN_MAX_IN_FLIGHT, ForwardContract.MAX_MAX_IN_FLIGHT,
                "maxInFlight");
    }

    /**
     * Binds a config as written, where only {@code port} is required; the runtime's object mapper calls this.
     */
    @JsonCreator
    public static UdpServerConfig of(@JsonProperty("host") String host,
                                     @JsonProperty("port") Integer port,
                                     @JsonProperty("handler") Handler handler,
                                     @JsonProperty("forwardTo") String forwardTo,
                                     @JsonProperty("options") SocketOptions options,
                                     @JsonProperty("multicast") List<MulticastGroup> multicast,
                                     @JsonProperty("multicastTtl") Integer multicastTtl,
                                     @JsonProperty("multicastLoopback") Boolean multicastLoopback,
                                     @JsonProperty("maxDatagramSize")
                                     @JsonDeserialize(using = Units.IntSizeDeserializer.class)
                                     Integer maxDatagramSize,
                                     @JsonProperty("maxInFlight") Integer maxInFlight) {
        if (maxInFlight != null && handler != Handler.FORWARD) {
            throw new ConfigException("maxInFlight", maxInFlight + " is set but handler is "
                    + (handler == null ? DEFAULT_HANDLER : handler).json()
                    + " (expected: maxInFlight only with handler: forward)");
        }
        return new UdpServerConfig(host, Checks.notNull(port, "port"), handler, forwardTo, options, multicast,
                multicastTtl, multicastLoopback,
                maxDatagramSize == null ? DEFAULT_MAX_DATAGRAM_SIZE : maxDatagramSize,
                maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight);
    }

    /** A config with every default and the given port. */
    public static UdpServerConfig ofPort(int port) {
        return new UdpServerConfig(null, port, null, null, null, null, null, null, DEFAULT_MAX_DATAGRAM_SIZE,
                DEFAULT_MAX_IN_FLIGHT);
    }

    /** The socket: {@code host:port}. */
    @Override
    public Endpoint endpoint() {
        return Endpoint.udp(host, port);
    }

    private static String checkForwardTo(Handler handler, String forwardTo) {
        if (handler != Handler.FORWARD) {
            if (forwardTo != null) {
                throw new ConfigException("forwardTo", Checks.quote(forwardTo) + " is set but handler is "
                        + handler.json() + " (expected: forwardTo only with handler: forward)");
            }
            return null;
        }
        return Checks.processId(Checks.notBlank(forwardTo, "forwardTo").trim(), "forwardTo");
    }

    private static List<MulticastGroup> checkMulticast(String host, List<MulticastGroup> groups) {
        List<MulticastGroup> checked = new ArrayList<>(groups.size());
        InetAddress bind = groups.isEmpty() ? null : literal(host);
        for (int i = 0; i < groups.size(); i++) {
            String at = "multicast[" + i + "]";
            MulticastGroup g = Checks.notNull(groups.get(i), at);
            int earlier = checked.indexOf(g);
            if (earlier >= 0) {
                throw new ConfigException(at, g + " is also multicast[" + earlier + "] (expected: each group once)");
            }
            if (bind != null && (bind instanceof Inet4Address) != g.isIpv4()) {
                throw new ConfigException(at + ".group", g.group() + " is not of the family of host " + host
                        + " (expected: an " + (bind instanceof Inet4Address ? "IPv4" : "IPv6") + " group)");
            }
            checked.add(g);
        }
        if (bind != null && !bind.isAnyLocalAddress() && !bind.isMulticastAddress()) {
            throw new ConfigException("host", host + " cannot receive datagrams sent to a group (expected: "
                    + (bind instanceof Inet4Address ? "0.0.0.0" : "::") + " or a group address when multicast"
                    + " is set)");
        }
        return List.copyOf(checked);
    }

    /**
     * The address an IP literal stands for, parsed without a name lookup; {@code null} if {@code text} is not
     * an IP literal (then it is a host name, resolved when the server starts).
     */
    static InetAddress literal(String text) {
        try {
            if (IPV4_LITERAL.matcher(text).matches()) {
                byte[] b = new byte[4];
                String[] parts = text.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    b[i] = (byte) octet;
                }
                return InetAddress.getByAddress(b);
            }
            // Starts with a hex digit or ':' and has a ':': the JDK parses it as a literal, never looks it up.
            return IPV6_LITERAL.matcher(text).matches() ? InetAddress.getByName(text) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** What a {@code udp-server} does with each datagram; configs write it in lower case. */
    public enum Handler {
        /** Send each datagram back to its sender, unchanged. */
        ECHO,
        /** Count the datagram and drop it; send nothing. */
        DISCARD,
        /** Send each datagram over the event bus to {@code sockit.<forwardTo>.datagram}. */
        FORWARD;

        /** The config form: {@code echo}, {@code discard}, {@code forward}. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A multicast group to join ({@code multicast[i]}).
     *
     * @param group            the group address, an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) literal. Required
     * @param networkInterface the name of the network interface to join on ({@code interface} in the config,
     *                         such as {@code eth0} or {@code lo}); {@code null} picks the first interface that is
     *                         up, is not the loopback, supports multicast and has an address of the group's
     *                         family
     * @param source           for a source-specific join, the only sender whose datagrams are wanted (an IP
     *                         literal of the group's family); {@code null} for any source
     */
    public record MulticastGroup(
            String group,
            @JsonProperty("interface") String networkInterface,
            String source) {

        /** Validates the group, the interface name and the source. */
        public MulticastGroup {
            String g = Checks.notBlank(group, "group").trim();
            InetAddress groupAddress = literal(g);
            if (groupAddress == null || !groupAddress.isMulticastAddress()) {
                throw new ConfigException("group", Checks.quote(g) + " is not a multicast address (expected: an IP"
                        + " literal in 224.0.0.0/4 or ff00::/8)");
            }
            group = g;
            networkInterface = networkInterface == null ? null
                    : Checks.notBlank(networkInterface, "interface").trim();
            if (source != null) {
                String s = Checks.notBlank(source, "source").trim();
                InetAddress sourceAddress = literal(s);
                if (sourceAddress == null || sourceAddress.isMulticastAddress()
                        || (sourceAddress instanceof Inet4Address) != (groupAddress instanceof Inet4Address)) {
                    throw new ConfigException("source", Checks.quote(s) + " is not a unicast address of the group's"
                            + " family (expected: an IP literal such as "
                            + (groupAddress instanceof Inet4Address ? "192.0.2.10" : "2001:db8::10") + ")");
                }
                source = s;
            }
        }

        /** Binds a group as written, with {@code interface} for the interface name. */
        @JsonCreator
        public static MulticastGroup of(@JsonProperty("group") String group,
                                        @JsonProperty("interface") String networkInterface,
                                        @JsonProperty("source") String source) {
            return new MulticastGroup(group, networkInterface, source);
        }

        /** Whether the group is an IPv4 group. */
        boolean isIpv4() {
            return literal(group) instanceof Inet4Address;
        }

        /** {@code 239.1.2.3 on eth0 from 192.0.2.10}, as logs and the audit show a group. */
        @Override
        public String toString() {
            return group + (networkInterface == null ? "" : " on " + networkInterface)
                    + (source == null ? "" : " from " + source);
        }
    }
}
