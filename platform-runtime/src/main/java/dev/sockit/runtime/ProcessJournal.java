package dev.sockit.runtime;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditLog;
import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketEvent;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The journal of one process: the audit line goes to the runtime's {@link AuditLog} (enqueued, never blocking),
 * stamped with the event's instant, and the event is published on {@code sockit.events.<id>} (and its
 * node-qualified form, through the process context's {@code publish}). One instance per protocol, made up front,
 * so {@link #on(Protocol)} allocates nothing.
 */
final class ProcessJournal implements Journal {

    private final String process;
    private final Protocol protocol;
    private final AuditLog audit;
    private final Consumer<SocketEvent> publish;
    private final ProcessJournal root;
    private final Map<Protocol, ProcessJournal> byProtocol;

    /**
     * The journal of process {@code process}, with no protocol ({@link #on} gives the others), handing each event to
     * {@code publish}.
     */
    ProcessJournal(String process, AuditLog audit, Consumer<SocketEvent> publish) {
        this(process, null, audit, publish, null, new EnumMap<>(Protocol.class));
        for (Protocol p : Protocol.values()) {
            byProtocol.put(p, new ProcessJournal(process, p, audit, publish, this, byProtocol));
        }
    }

    private ProcessJournal(String process, Protocol protocol, AuditLog audit, Consumer<SocketEvent> publish,
                           ProcessJournal root, Map<Protocol, ProcessJournal> byProtocol) {
        this.process = process;
        this.protocol = protocol;
        this.audit = audit;
        this.publish = publish;
        this.root = root == null ? this : root;
        this.byProtocol = byProtocol;
    }

    @Override
    public String process() {
        return process;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public Journal on(Protocol p) {
        return p == null ? root : byProtocol.get(p);
    }

    @Override
    public void write(AuditEvent auditEvent, SocketEvent event) {
        if (auditEvent != null) {
            audit.record(event != null ? event.at() : Instant.now(), auditEvent);
        }
        if (event != null) {
            publish.accept(event);
        }
    }
}
