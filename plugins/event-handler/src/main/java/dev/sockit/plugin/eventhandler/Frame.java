package dev.sockit.plugin.eventhandler;

import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.frame.FrameContext;
import io.vertx.core.Vertx;

/**
 * The {@link FrameContext} of one frame or datagram, as the forward message's headers and the connection's
 * {@code opened} body describe it.
 */
record Frame(String processId, String sourceProcess, long connectionId, String peer, String local,
             Protocol protocol, Vertx vertx, System.Logger logger, Journal journal) implements FrameContext {
}
