package dev.sockit.api.frame;

import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import io.vertx.core.Vertx;

/**
 * The frame a {@link FrameHandler} is given: whose it is (process, connection, peer) and what a handler may use
 * (Vert.x and its event bus, the process's logger and journal). One per frame, built by the chain's process;
 * cheap to read, never {@code null} in any field.
 */
public interface FrameContext {

    /** The id of the process that runs the chain (the {@code event-handler}). */
    String processId();

    /** The id of the process that owns the socket (the {@code tcp-server} or {@code udp-server} that forwarded). */
    String sourceProcess();

    /** The connection's id in its source process; 0 for a datagram. */
    long connectionId();

    /** The peer's {@code host:port}; empty when unknown. */
    String peer();

    /** The local {@code host:port} the frame came in on; empty when unknown. */
    String local();

    /** {@link Protocol#TCP} for a connection's frame, {@link Protocol#UDP} for a datagram. */
    Protocol protocol();

    /** The Vert.x the chain runs on; {@code vertx().eventBus()} reaches any process. */
    Vertx vertx();

    /** The logger of the chain's process. */
    System.Logger logger();

    /** The chain's process's journal, on {@link #protocol()}: an {@code error} call writes an audit line. */
    Journal journal();
}
