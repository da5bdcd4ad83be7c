package dev.sockit.testkit;

import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

import java.util.Map;

/** A kind whose config names a codec: it creates the codec from its context and reports its spec in status. */
@Extension
public final class FramedKind implements ProcessKind<FramedKind.Config> {

    /** The config: a codec, raw by default. */
    public record Config(CodecSpec codec) {
        public Config {
            codec = codec == null ? CodecSpec.of(CodecSpec.RAW) : codec;
        }
    }

    @Override
    public String name() {
        return "test-framed";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Map<String, CodecSpec> codecs(Config config) {
        return Map.of("codec", config.codec());
    }

    @Override
    public SockitProcess create(ProcessContext<Config> ctx) {
        FrameCodec codec = ctx.codecs().create(ctx.config().codec());
        return new SockitProcess() {
            @Override
            public io.vertx.core.Deployable newInstance() {
                return new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        return Future.succeededFuture();
                    }
                };
            }

            @Override
            public JsonObject status() {
                return new JsonObject().put("codec", new JsonObject(codec.spec().toString()))
                        .put("maxFrame", codec.maxFrame());
            }
        };
    }
}
