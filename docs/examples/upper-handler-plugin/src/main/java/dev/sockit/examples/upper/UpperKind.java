package dev.sockit.examples.upper;

import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The frame handler {@code upper}: turns the ASCII letters a-z of each frame into A-Z, puts an optional
 * {@code prefix} in front, and hands the frame on to the next step of the chain:
 * {@code chain: [ { upper: { prefix: "> " } }, { echo: {} } ]}. Found by the event-handler through PF4J's
 * {@code @Extension} index; the name {@code upper} is what chains write.
 */
@Extension
public final class UpperKind implements FrameHandlerKind<UpperKind.Config> {

    /**
     * The config of one {@code upper} step, bound from the entry's value; unknown keys are refused.
     *
     * @param prefix bytes put in front of every frame, at most 64 (none when missing)
     */
    public record Config(String prefix) {

        /** Checks the prefix. */
        public Config {
            prefix = prefix == null ? "" : prefix;
            if (prefix.length() > 64) {
                throw new ConfigException("prefix", prefix.length() + " characters (expected: at most 64)");
            }
        }
    }

    @Override
    public String name() {
        return "upper";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public FrameHandler create(Config config, ProcessContext<?> process) {
        return new Upper(config.prefix().getBytes(StandardCharsets.UTF_8));
    }

    /** The handler: no blocking, no state but a counter, safe on several event loops at once. */
    static final class Upper implements FrameHandler {
        private final byte[] prefix;
        private final LongAdder frames = new LongAdder();

        Upper(byte[] prefix) {
            this.prefix = prefix;
        }

        @Override
        public Future<FrameAction> handle(FrameContext frame, Buffer payload) {
            byte[] in = payload.getBytes();
            byte[] out = new byte[prefix.length + in.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            for (int i = 0; i < in.length; i++) {
                byte b = in[i];
                out[prefix.length + i] = b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
            }
            frames.increment();
            return Future.succeededFuture(FrameAction.next(Buffer.buffer(out)));
        }

        @Override
        public JsonObject status() {
            return new JsonObject().put("frames", frames.sum());
        }
    }
}
