package dev.sockit.runtime;

import dev.sockit.api.Endpoint;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.net.PortChecker;

import java.util.Optional;

/**
 * The runtime's port check: what the operating system says ({@link PortChecker}, from the net module: a short bind,
 * the holder found in {@code /proc}), and before it which process of this runtime has claimed which address
 * ({@link EndpointClaims}): a port another process of this runtime claimed is reported taken by that process before
 * anything is bound. Blocking: run it off the event loop.
 */
final class ProcPortChecker {

    private final PortChecker os;
    private final EndpointClaims claims;

    ProcPortChecker(PortChecker os, EndpointClaims claims) {
        this.os = os;
        this.claims = claims;
    }

    /** A checker on the live host, with no claims yet. */
    static ProcPortChecker live() {
        return new ProcPortChecker(PortChecker.host(), new EndpointClaims());
    }

    /** The addresses the processes of this runtime have claimed. */
    EndpointClaims claims() {
        return claims;
    }

    /**
     * Whether process {@code owner} of this runtime can bind {@code host:port} for {@code protocol}: not when
     * another process of this runtime has claimed it (that process is named), nor when the operating system says
     * it is taken. A free port is claimed for {@code owner}. Port 0 is always free.
     */
    PortCheck check(String owner, Protocol protocol, String host, int port) {
        if (port == 0) {
            return PortCheck.free(protocol, host, port);
        }
        Endpoint endpoint = protocol == Protocol.TCP ? Endpoint.tcp(host, port) : Endpoint.udp(host, port);
        Optional<EndpointClaims.Claim> taken = claims.claim(owner, endpoint);
        if (taken.isPresent()) {
            return PortCheck.heldByProcess(protocol, host, port, taken.get().owner());
        }
        PortCheck check = os.check(protocol, host, port);
        if (!check.free()) {
            claims.release(owner, endpoint);
        }
        return check;
    }
}
