package dev.sockit.api.spi;

import dev.sockit.api.Addresses;
import dev.sockit.api.AuditLog;
import dev.sockit.api.Journal;
import dev.sockit.api.Policy;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.Transport;
import dev.sockit.api.Verb;
import dev.sockit.api.VerbConsumer;
import dev.sockit.api.VerbHandler;
import dev.sockit.api.Verbs;
import dev.sockit.api.frame.Codecs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.Map;

/**
 * What the runtime hands a process: Vert.x, its id and bound config, a logger, the audit log, the policy,
 * and the shared services every socket process needs. One context per configured process, shared by its
 * instances; every method is thread-safe.
 *
 * @param <C> the typed config
 */
public interface ProcessContext<C> {

    /** The Vert.x instance the process runs on. */
    Vertx vertx();

    /** The process id: the key under {@code processes} in the config. */
    String id();

    /** The kind name, such as {@code tcp-server}. */
    String kind();

    /** The bound, validated config. */
    C config();

    /** How many instances are deployed ({@code instances} in the config). */
    int instances();

    /**
     * The Netty transport the runtime's Vert.x runs on ({@code runtime.transport} as it resolved): it decides which
     * socket options a server can apply. This default asks {@link #vertx()} which implementation it uses.
     */
    default Transport transport() {
        return Transport.of(vertx());
    }

    /** The logger of this process (named {@code sockit.process.<id>}). */
    System.Logger logger();

    /** The socket audit log, for a raw line; socket events go through {@link #journal()}. */
    AuditLog audit();

    /**
     * The journal of this process: one call per socket event writes its audit line and publishes its event.
     * {@code journal().on(Protocol.TCP)} is the one that writes {@code tcp} in the audit lines.
     */
    Journal journal();

    /** What the runtime allows. */
    Policy policy();

    /** How long a graceful stop may take before connections are closed ({@code runtime.shutdownTimeout}). */
    Duration shutdownTimeout();

    /** Publishes an event to {@code sockit.events.<id>} without an audit line; prefer {@link #journal()}. */
    void publish(SocketEvent event);

    /**
     * Checks, off the event loop, whether {@code host:port} can be bound, and finds the process holding it
     * where the operating system tells. A port of 0 is always free.
     */
    Future<PortCheck> checkPort(Protocol protocol, String host, int port);

    /**
     * The id of the node this runtime is on ({@code runtime.nodeId}): the {@code @<nodeId>} of the node-qualified
     * addresses ({@link Addresses}). This default is {@link Addresses#LOCAL_NODE}.
     */
    default String nodeId() {
        return Addresses.LOCAL_NODE;
    }

    /**
     * Serves {@code verb} at {@code sockit.<id>.<verb>} (and its node-qualified form), running {@code handler} on
     * the event loop, where it must not block. The body is bound to the verb's request type first; a body that
     * does not bind, or a {@link dev.sockit.api.BadRequestException} from the handler, fails the request with 400
     * and its message; anything else the handler throws with 500. Call it from an instance's {@code start}; the
     * consumers go when the instance is undeployed, or with {@link VerbConsumer#unregister()}.
     */
    default <Q> VerbConsumer serve(Verb<Q> verb, VerbHandler<Q> handler) {
        return Verbs.serve(vertx(), nodeId(), id(), verb, null, handler, logger());
    }

    /** {@link #serve(Verb, VerbHandler)}, with {@code handler} run on {@code workers}: for work that blocks. */
    default <Q> VerbConsumer serve(Verb<Q> verb, WorkerExecutor workers, VerbHandler<Q> handler) {
        return Verbs.serve(vertx(), nodeId(), id(), verb, workers, handler, logger());
    }

    /**
     * The frame codecs this runtime knows, built-in and from plugins. This default knows none: it throws
     * {@link UnsupportedOperationException}; the runtime's contexts override it.
     */
    default Codecs codecs() {
        throw new UnsupportedOperationException("this context has no codec registry");
    }

    /**
     * The extensions of {@code type} the loaded plugins contribute, by name, such as every
     * {@code FrameHandlerKind}: how a process finds what other plugins add to it without depending on them. This
     * default knows none.
     */
    default <T extends NamedExtension> Map<String, T> extensions(Class<T> type) {
        return Map.of();
    }
}
