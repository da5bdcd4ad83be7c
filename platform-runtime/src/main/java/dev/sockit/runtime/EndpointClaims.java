package dev.sockit.runtime;

import dev.sockit.api.ConfigException;
import dev.sockit.api.Endpoint;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.runtime.config.ConfigTree;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which process of this runtime has claimed which address, so that one address belongs to one process. Processes
 * claim the endpoints their kind declares when the config is loaded ({@link #declare}), and any address they check
 * when they start ({@link #claim}), for kinds that declare nothing. Two endpoints overlap when they are unix
 * sockets on the same path, or have the same protocol and a port other than 0 on hosts that overlap: equal
 * addresses, or a wildcard ({@code 0.0.0.0} overlaps every IPv4 address, {@code ::} every address, as Linux's
 * dual-stack sockets do). TCP and UDP on one port do not overlap. Thread-safe.
 */
final class EndpointClaims {

    private static final Logger LOG = LogManager.getLogger(EndpointClaims.class);
    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /**
     * One process's claim on an endpoint.
     *
     * @param owner    the id of the process
     * @param endpoint the address it claimed
     * @param path     the full config path that states it ({@code processes.echo.config.port}), empty when the
     *                 claim was made at start
     * @param line     that path's line in the config file, or -1
     */
    record Claim(String owner, Endpoint endpoint, String path, int line) {
    }

    /** Resolves a host name to its addresses; empty when it does not resolve. */
    interface Resolver {
        List<InetAddress> resolve(String name);
    }

    private final List<Claim> claims = new ArrayList<>();
    private final Resolver resolver;

    EndpointClaims() {
        this(EndpointClaims::resolveName);
    }

    EndpointClaims(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Claims the endpoints {@code kind} declares for process {@code owner} with config {@code typed} (bound to the
     * kind's config type). A kind that fails to say is logged and claims nothing here; its port check at start
     * still guards the address.
     *
     * @throws ConfigException when an endpoint overlaps one another process claimed, or the kind finds the config
     *                         wrong
     */
    <C> void declare(String owner, ProcessKind<C> kind, Object typed, ConfigTree config) {
        List<Endpoint> endpoints;
        try {
            endpoints = List.copyOf(kind.endpoints(kind.configType().cast(typed)));
        } catch (ConfigException e) {
            ConfigException full = e.under(config.path());
            throw full.at(config.file(), config.nearestLine(full.path()));
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.warn("Process '{}': kind '{}' could not list its endpoints; its address is checked when it starts",
                    owner, kind.name(), e);
            return;
        }
        declare(owner, endpoints, config);
    }

    /**
     * Claims every endpoint process {@code owner} declares; {@code config} is the process's config subtree, for
     * the paths and lines of messages.
     *
     * @throws ConfigException at the endpoint's config path when another process has claimed an overlapping one,
     *                         naming that process's path and line
     */
    synchronized void declare(String owner, List<Endpoint> endpoints, ConfigTree config) {
        List<Claim> mine = new ArrayList<>();
        for (Endpoint e : endpoints) {
            String path = config.path() + "." + e.key();
            Claim taken = overlapping(owner, e);
            if (taken != null) {
                throw new ConfigException(path, describe(e) + " is already taken by " + where(taken)
                        + " (expected: one process per address; choose another " + (e.isUnixSocket() ? "path"
                        : "port") + ")", config.file(), config.nearestLine(path));
            }
            mine.add(new Claim(owner, e, path, config.nearestLine(path)));
        }
        claims.addAll(mine);
    }

    /**
     * Claims {@code endpoint} for process {@code owner} as it starts, unless another process of this runtime has
     * claimed an overlapping one: then that claim is returned and nothing is claimed.
     */
    synchronized Optional<Claim> claim(String owner, Endpoint endpoint) {
        Claim taken = overlapping(owner, endpoint);
        if (taken != null) {
            return Optional.of(taken);
        }
        if (claims.stream().noneMatch(c -> c.owner().equals(owner) && c.endpoint().equals(endpoint))) {
            claims.add(new Claim(owner, endpoint, "", -1));
        }
        return Optional.empty();
    }

    /** Withdraws a claim made by {@link #claim} (the port turned out to be held outside this runtime). */
    synchronized void release(String owner, Endpoint endpoint) {
        claims.removeIf(c -> c.owner().equals(owner) && c.endpoint().equals(endpoint) && c.path().isEmpty());
    }

    private Claim overlapping(String owner, Endpoint endpoint) {
        for (Claim c : claims) {
            if (!c.owner().equals(owner) && overlap(c.endpoint(), endpoint, resolver)) {
                return c;
            }
        }
        return null;
    }

    /** Whether {@code a} and {@code b} cannot both be bound (see the class comment); names go to {@code resolver}. */
    static boolean overlap(Endpoint a, Endpoint b, Resolver resolver) {
        if (a.isUnixSocket() || b.isUnixSocket()) {
            return a.isUnixSocket() && b.isUnixSocket() && samePath(a.path(), b.path());
        }
        if (a.protocol() != b.protocol() || a.port() == 0 || a.port() != b.port()) {
            return false;
        }
        String x = unbracket(a.host());
        String y = unbracket(b.host());
        if (x.equalsIgnoreCase(y)) {
            return true;
        }
        for (InetAddress p : addresses(x, resolver)) {
            for (InetAddress q : addresses(y, resolver)) {
                if (covers(p, q) || covers(q, p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether binding {@code p} keeps {@code q} from being bound on the same port. */
    private static boolean covers(InetAddress p, InetAddress q) {
        if (p.equals(q)) {
            return true;
        }
        if (!p.isAnyLocalAddress()) {
            return false;
        }
        return p instanceof Inet6Address || q instanceof Inet4Address;
    }

    /** The addresses of a host: an IP literal is parsed (no lookup), a name resolved. */
    private static List<InetAddress> addresses(String host, Resolver resolver) {
        if (host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches()) {
            try {
                return List.of(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
        return resolver.resolve(host);
    }

    private static List<InetAddress> resolveName(String name) {
        try {
            return List.of(InetAddress.getAllByName(name));
        } catch (UnknownHostException | SecurityException e) {
            // The server's own bind reports a host that does not resolve; here it can only match as text.
            return List.of();
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean samePath(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String describe(Endpoint e) {
        return e.isUnixSocket() ? e.path() : e.protocol().json() + " port " + e.port() + " on " + e.host();
    }

    private static String where(Claim c) {
        String line = c.line() > 0 ? "line " + c.line() + ", " : "";
        return c.path().isEmpty() ? "process '" + c.owner() + "' (" + c.endpoint().describe() + ")"
                : c.path() + " (" + line + c.endpoint().describe() + ")";
    }
}
