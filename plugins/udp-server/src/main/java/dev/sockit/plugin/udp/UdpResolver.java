package dev.sockit.plugin.udp;

import dev.sockit.api.ConfigException;
import dev.sockit.api.SockitException;
import dev.sockit.net.KernelLimits;
import dev.sockit.net.Sysctl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolves, off the event loop, what a {@code udp-server}'s first instance needs to bind and join: the bind
 * address, each multicast group with the interface to join it on, and the kernel's buffer limits.
 */
final class UdpResolver {

    private UdpResolver() {
    }

    /**
     * Resolves what binding and joining need, which may block (a host name, network interfaces) and reads the
     * kernel's buffer limits: run it off the event loop.
     *
     * @throws SockitException when the host does not resolve or a network interface is not there
     */
    static UdpServerProcess.Resolved resolve(String processId, UdpServerConfig config) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw new SockitException("cannot resolve host '" + config.host() + "': " + e.getMessage(), e);
        }
        List<UdpServerProcess.Join> joins = new ArrayList<>();
        List<UdpServerConfig.MulticastGroup> multicast = config.multicast();
        for (int i = 0; i < multicast.size(); i++) {
            UdpServerConfig.MulticastGroup g = multicast.get(i);
            String at = "processes." + processId + ".config.multicast[" + i + "]";
            InetAddress group = UdpServerConfig.literal(g.group());
            if ((group instanceof Inet4Address) != (bind instanceof Inet4Address)) {
                throw new ConfigException(at + ".group", g.group() + " is not of the family of "
                        + bind.getHostAddress() + ", which host " + config.host() + " resolves to");
            }
            InetAddress source = g.source() == null ? null : UdpServerConfig.literal(g.source());
            joins.add(new UdpServerProcess.Join(g, group, networkInterface(at, g, group), source));
        }
        long rmemMax = Sysctl.host().number(KernelLimits.RMEM_MAX).orElse(-1);
        long wmemMax = Sysctl.host().number(KernelLimits.WMEM_MAX).orElse(-1);
        return new UdpServerProcess.Resolved(bind, joins, rmemMax, wmemMax);
    }

    private static NetworkInterface networkInterface(String at, UdpServerConfig.MulticastGroup g, InetAddress group) {
        try {
            List<NetworkInterface> all = Collections.list(NetworkInterface.getNetworkInterfaces());
            if (g.networkInterface() != null) {
                NetworkInterface named = NetworkInterface.getByName(g.networkInterface());
                if (named == null) {
                    throw new ConfigException(at + ".interface", "no network interface named '"
                            + g.networkInterface() + "' (expected one of: " + names(all) + ")");
                }
                return named;
            }
            for (NetworkInterface ni : all) {
                if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast() && hasAddressLike(ni, group)) {
                    return ni;
                }
            }
            throw new ConfigException(at + ".interface", "is missing and no interface is up, multicast-capable"
                    + " and not the loopback (expected one of: " + names(all) + ")");
        } catch (SocketException e) {
            throw new SockitException("cannot list the network interfaces: " + e.getMessage(), e);
        }
    }

    private static boolean hasAddressLike(NetworkInterface ni, InetAddress group) {
        return ni.inetAddresses().anyMatch(a -> (a instanceof Inet4Address) == (group instanceof Inet4Address));
    }

    private static String names(List<NetworkInterface> all) {
        return all.stream().map(NetworkInterface::getName).collect(Collectors.joining(", "));
    }
}
