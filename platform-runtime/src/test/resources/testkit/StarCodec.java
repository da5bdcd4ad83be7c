package dev.sockit.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sockit.api.Checks;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import org.pf4j.Extension;

/** A plugin codec, {@code test-star}: frames end with '*'; setting {@code maxLength} (default 16). */
@Extension
public final class StarCodec implements CodecKind<StarCodec.Settings> {

    /** The settings of {@code test-star}. */
    public record Settings(Integer maxLength) {
    }

    @Override
    public String name() {
        return "test-star";
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public FrameCodec create(Settings settings) {
        int maxLength = settings.maxLength() == null ? 16 : Checks.inRange(settings.maxLength(), 1, 1024,
                "maxLength");
        CodecSpec spec = new CodecSpec(name(), JsonNodeFactory.instance.objectNode().put("maxLength", maxLength));
        return new FrameCodec() {
            @Override
            public CodecSpec spec() {
                return spec;
            }

            @Override
            public int maxFrame() {
                return maxLength;
            }

            @Override
            public ChannelHandler newDecoder() {
                return new DelimiterBasedFrameDecoder(maxLength, Unpooled.wrappedBuffer(new byte[] {'*'}));
            }

            @Override
            public ChannelHandler newEncoder() {
                return new MessageToMessageEncoder<io.netty.buffer.ByteBuf>() {
                    @Override
                    protected void encode(io.netty.channel.ChannelHandlerContext ctx, io.netty.buffer.ByteBuf msg,
                                          java.util.List<Object> out) {
                        out.add(Unpooled.wrappedBuffer(msg.retain(), Unpooled.wrappedBuffer(new byte[] {'*'})));
                    }
                };
            }
        };
    }
}
