package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.SocketRow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bound socket waiting for peers: a TCP listener, or a bound UDP socket.
 *
 * @param proto    {@code tcp} or {@code udp}
 * @param address  the local address, {@code *} or {@code 0.0.0.0} for the wildcard
 * @param port     the local port
 * @param recvQ    for TCP, connections waiting in the accept queue now; for UDP, bytes queued
 * @param sendQ    for TCP on Linux {@code ss}, the accept-queue limit (backlog); for UDP, bytes queued
 * @param pid      the owning process, or -1
 * @param program  the owning program, or {@code null}
 * @param line     the input line
 * @param wildcard true when bound to every interface
 */
public record Listener(String proto, String address, int port, long recvQ, long sendQ, long pid, String program,
                       long line, boolean wildcard) {

    /** The listener as a map for JSON, unknown numbers left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("proto", proto);
        m.put("local", SocketRow.endpoint(address, port));
        m.put("address", address);
        m.put("port", port);
        if (recvQ >= 0) {
            m.put("recvQ", recvQ);
        }
        if (sendQ >= 0) {
            m.put("sendQ", sendQ);
        }
        if (pid >= 0) {
            m.put("pid", pid);
        }
        if (program != null) {
            m.put("program", program);
        }
        m.put("wildcard", wildcard);
        return m;
    }
}
