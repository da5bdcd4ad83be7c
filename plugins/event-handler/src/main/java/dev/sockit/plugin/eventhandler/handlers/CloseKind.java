package dev.sockit.plugin.eventhandler.handlers;

import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import org.pf4j.Extension;

/**
 * {@code { close: {} }}: closes the connection, writing nothing (for a datagram: sends nothing back). To write a
 * last frame first, use {@code { respond: { text: "bye\n", close: true } }}.
 */
@Extension
public final class CloseKind implements FrameHandlerKind<NoConfig> {

    /** The name chains use. */
    public static final String NAME = "close";

    /** Creates the extension; PF4J calls this. */
    public CloseKind() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public FrameHandler create(NoConfig config, ProcessContext<?> process) {
        Future<FrameAction> close = Future.succeededFuture(FrameAction.close());
        return (frame, payload) -> close;
    }
}
