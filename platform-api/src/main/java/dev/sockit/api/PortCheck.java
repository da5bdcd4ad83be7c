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
 * @param process  the id of the process of this runtime that holds the port, or empty when another program
 *                 holds it or which process is not known
 */
public record PortCheck(Protocol protocol, String host, int port, boolean free, long pid, String program,
                        String detail, String process) {

    /** Normalises missing parts. */
    public PortCheck {
        program = program == null ? "" : program;
        detail = detail == null ? "" : detail;
        process = process == null ? "" : process;
    }

    /** A check that names no process of this runtime as the holder. */
    public PortCheck(Protocol protocol, String host, int port, boolean free, long pid, String program,
                     String detail) {
        this(protocol, host, port, free, pid, program, detail, "");
    }

    /** A port that process {@code id} of this runtime holds or has claimed. */
    public static PortCheck heldByProcess(Protocol protocol, String host, int port, String id) {
        return new PortCheck(protocol, host, port, false, ProcessHandle.current().pid(), "",
                "held by process '" + id + "' of this runtime", Checks.notBlank(id, "id"));
    }

    /** Whether the holder is this JVM: a process of this runtime, named in {@link #process()} if known. */
    public boolean heldByThisRuntime() {
        return !free && (!process.isEmpty() || pid == ProcessHandle.current().pid());
    }

    /** A free port. */
    public static PortCheck free(Protocol protocol, String host, int port) {
        return new PortCheck(protocol, host, port, true, -1, "", "");
    }

    /** {@code host:port}, with IPv6 hosts in brackets ({@link HostPort}). */
    public String address() {
        return endpoint().toString();
    }

    /** The host and port that were checked. */
    public HostPort endpoint() {
        return new HostPort(host, port);
    }

    /**
     * A sentence for people: {@code tcp port 7007 on 127.0.0.1 is already in use (pid 4711, java)}, {@code ...
     * in use (process 'echo' of this runtime)}, or {@code tcp port 7007 on 127.0.0.1 is free}.
     */
    public String message() {
        String where = protocol.json() + " port " + port + " on " + host;
        if (free) {
            return where + " is free";
        }
        StringBuilder b = new StringBuilder(where).append(" is already in use");
        if (heldByThisRuntime()) {
            b.append(" (").append(holderInThisRuntime()).append(')');
        } else if (pid > 0) {
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
        if (heldByThisRuntime()) {
            return "Choose another port: " + holderInThisRuntime() + " uses it";
        }
        String holder = pid > 0 ? "stop pid " + pid + (program.isEmpty() ? "" : " (" + program + ")")
                : "find the holder with 'ss -ltnp sport = :" + port + "'";
        return "Choose another port, or " + holder + " and start again";
    }

    private String holderInThisRuntime() {
        return process.isEmpty() ? "another process of this runtime" : "process '" + process + "' of this runtime";
    }
}
