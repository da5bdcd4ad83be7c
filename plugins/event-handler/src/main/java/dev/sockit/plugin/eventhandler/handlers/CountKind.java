package dev.sockit.plugin.eventhandler.handlers;

import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

import java.util.concurrent.atomic.LongAdder;

/**
 * {@code { count: {} }}: counts the frames and bytes that reach it and hands the payload on. The counts are in the
 * process's status ({@code chain[i].status.frames}, {@code .bytes}).
 */
@Extension
public final class CountKind implements FrameHandlerKind<NoConfig> {

    /** The name chains use. */
    public static final String NAME = "count";

    /** Creates the extension; PF4J calls this. */
    public CountKind() {
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
        return new Counter();
    }

    /** The handler: two adders, so that instances on several event loops count without contention. */
    static final class Counter implements FrameHandler {
        private final LongAdder frames = new LongAdder();
        private final LongAdder bytes = new LongAdder();

        @Override
        public Future<FrameAction> handle(FrameContext frame, Buffer payload) {
            frames.increment();
            bytes.add(payload.length());
            return Future.succeededFuture(FrameAction.next(payload));
        }

        @Override
        public JsonObject status() {
            return new JsonObject().put("frames", frames.sum()).put("bytes", bytes.sum());
        }
    }
}
