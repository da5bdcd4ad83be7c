package dev.sockit.api;

/**
 * Whether a port can be bound, and who holds it when it cannot.
 *
 * @param protocol tcp or udp
 * @param host     the host that was checked
 * @param port     the port that was checked
 * @param free     whether a bind would succeed
 * @param pid      the process holding the port, or -1 when unknown
 * @param program  that process's name, or empty when unknown
 * @param detail   why the port is not free, as the operating system said it; empty when free
 */
public record PortCheck(Protocol protocol, String host, int port, boolean free, long pid, String program,
                        String detail) {

    /** Normalises missing parts. */
    public PortCheck {
        program = program == null ? "" : program;
        detail = detail == null ? "" : detail;
    }

    /** A free port. */
    public static PortCheck free(Protocol protocol, String host, int port) {
        return new PortCheck(protocol, host, port, true, -1, "", "");
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * A sentence for people: {@code port 7007 on 127.0.0.1 is already in use (pid 4711, java)}, or
     * {@code port 7007 on 127.0.0.1 is free}.
     */
    public String message() {
        String where = protocol.json() + " port " + port + " on " + host;
        if (free) {
            return where + " is free";
        }
        StringBuilder b = new StringBuilder(where).append(" is already in use");
        if (pid > 0) {
            b.append(" (pid ").append(pid);
            if (!program.isEmpty()) {
                b.append(", ").append(program);
            }
            b.append(')');
        } else if (!detail.isEmpty()) {
            b.append(" (").append(detail).append(')');
        }
        return b.toString();
    }

    /** What to do about a port that is in use. */
    public String recommendation() {
        if (free) {
            return "";
        }
        String holder = pid > 0 ? "stop pid " + pid + (program.isEmpty() ? "" : " (" + program + ")")
                : "find the holder with 'ss -ltnp sport = :" + port + "'";
        return "Choose another port, or " + holder + " and start again";
    }
}
