package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;
import dev.sockit.api.Units;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * The words a failed {@code send} replies with: what happened to which target, and what to check. Refused and
 * timed-out connects read differently, because they mean different things: a refusal is an answer (the host is up,
 * nothing listens on the port), a timeout is silence (the host, the route or a firewall).
 */
final class FailureText {

    private FailureText() {
    }

    /** Why connecting to {@code target} failed with {@code cause}, and what to check, in one sentence. */
    static String connectFailure(Throwable cause, HostPort target, Duration connectTimeout) {
        String m = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("refused")) {
            return "connection refused by " + target + ": nothing listens there (check that the backend runs and"
                    + " listens on port " + target.port() + " of " + target.host() + ")";
        }
        if (lower.contains("timed out") || lower.contains("timeout")
                || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "connect to " + target + " timed out (connectTimeout " + Units.format(connectTimeout)
                    + "): no answer at all (check that the host is up and routable and that no firewall drops the"
                    + " packets)";
        }
        if (cause instanceof UnknownHostException || lower.contains("failed to resolve")) {
            return "cannot resolve " + target.host() + " (check the name and DNS)";
        }
        if (cause instanceof NoRouteToHostException || lower.contains("no route")
                || lower.contains("unreachable")) {
            return "no route to " + target + " (check the address, the network and the routing)";
        }
        if (cause instanceof SSLException || lower.contains("ssl") || lower.contains("handshake")
                || lower.contains("certificate")) {
            return "TLS handshake with " + target + " failed: " + m + " (check tls.trust, tls.serverName and"
                    + " that the target speaks TLS)";
        }
        if (lower.contains("reset")) {
            return "connection to " + target + " reset while connecting: " + m
                    + " (check the backend's accept limits and logs)";
        }
        if (cause instanceof ConnectException) {
            return "connect to " + target + " failed: " + m;
        }
        return "connect to " + target + " failed: " + (m.isEmpty() ? String.valueOf(cause) : m);
    }

    /** The 503 of an acquire that got no connection. */
    static String unavailable(String poolId, AcquireException e, Duration connectTimeout, int maxSize) {
        String head = "pool '" + poolId + "': ";
        return switch (e.reason()) {
            case TOO_MANY_WAITERS -> head + "too many sends waiting: " + e.getMessage()
                    + " (raise maxWaiters or maxSize, or check that the backend answers quickly)";
            case CLOSED -> head + "the pool is stopping";
            case TIMEOUT -> e.target() == null && e.connecting() > 0
                    ? head + e.getMessage() + ": the connect is still under way (check connectTimeout "
                    + Units.format(connectTimeout) + " against acquireTimeout, and the backend's accept queue)"
                    : e.target() == null
                    ? head + e.getMessage() + ": all connections stayed in use (raise maxSize " + maxSize
                    + ", or check why the backend answers slowly)"
                    : head + e.getMessage() + ": " + connectFailure(e.getCause(), e.target().address(),
                    connectTimeout);
        };
    }

    /** The 504 of a response that did not come. */
    static String timedOut(String poolId, HostPort target, Duration requestTimeout) {
        return "pool '" + poolId + "': no response from " + target + " within requestTimeout "
                + Units.format(requestTimeout) + " (the connection was closed; check the backend's load, and that"
                + " it answers every request with exactly one frame of the pool's codec)";
    }

    /** The 502 of a connection that broke during a request. */
    static String badGateway(String poolId, HostPort target, Throwable cause) {
        return "pool '" + poolId + "': " + target + " failed the request: " + PoolConnection.reason(cause)
                + " (check the backend's logs; a frame the codec refuses also ends here)";
    }
}
