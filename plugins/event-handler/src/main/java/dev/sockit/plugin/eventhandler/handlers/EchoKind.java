package dev.sockit.plugin.eventhandler.handlers;

import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import org.pf4j.Extension;

/** {@code { echo: {} }}: replies with the frame's payload as it reached this step. */
@Extension
public final class EchoKind implements FrameHandlerKind<NoConfig> {

    /** The name chains use. */
    public static final String NAME = "echo";

    /** Creates the extension; PF4J calls this. */
    public EchoKind() {
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
        return (frame, payload) -> Future.succeededFuture(FrameAction.reply(payload));
    }
}
