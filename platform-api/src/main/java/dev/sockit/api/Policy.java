package dev.sockit.api;

/**
 * What the runtime allows processes to do, from {@code runtime.policy} in the config.
 *
 * @param allowRawSockets whether a process may open raw (SOCK_RAW) sockets; {@code false} unless the config
 *                        says so explicitly
 */
public record Policy(boolean allowRawSockets) {

    /** The default policy: no raw sockets. */
    public static final Policy DEFAULT = new Policy(false);

    /**
     * Checks that raw sockets are allowed before {@code who} opens one.
     *
     * @throws PolicyException when {@link #allowRawSockets()} is false
     */
    public void requireRawSockets(String who) {
        if (!allowRawSockets) {
            throw new PolicyException(who + " needs raw sockets, which the policy forbids"
                    + " (set runtime.policy.allowRawSockets: true to allow them)");
        }
    }
}
