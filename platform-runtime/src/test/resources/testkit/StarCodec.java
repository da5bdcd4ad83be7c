package dev.sockit.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sockit.api.Checks;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import org.pf4j.Extension;

import java.util.List;

/** Codec {@code test-star}: a frame ends with '*'; setting {@code maxLength} (default 16). */
@Extension
public final class StarCodec implements CodecKind<StarCodec.Settings> {

    /** The settings: what follows {@code type} in {@code codec: {type: test-star, maxLength: 64}}. */
    public record Settings(Integer maxLength) {
    }

    public String name() { return "test-star"; }
    public Class<Settings> configType() { return Settings.class; }

    public FrameCodec create(Settings settings) {
        int maxLength = settings.maxLength() == null ? 16
                : Checks.inRange(settings.maxLength(), 1, 1024, "maxLength"); // ...maxLength: 0 (expected: 1-1024)
        CodecSpec spec = new CodecSpec(name(), JsonNodeFactory.instance.objectNode().put("maxLength", maxLength));
        ChannelHandler encoder = new StarEncoder();
        return new FrameCodec() {
            public CodecSpec spec() { return spec; }
            public int maxFrame() { return maxLength; }
            public ChannelHandler newDecoder() {         // one per connection: Netty's decoder, configured
                return new DelimiterBasedFrameDecoder(maxLength, Unpooled.wrappedBuffer(new byte[] {'*'}));
            }
            public ChannelHandler newEncoder() { return encoder; }
        };
    }

    /** Appends '*' to each payload; keeps no state, so one serves every connection. */
    @ChannelHandler.Sharable
    static final class StarEncoder extends MessageToMessageEncoder<ByteBuf> {
        StarEncoder() {
            super(ByteBuf.class);
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
            out.add(Unpooled.wrappedBuffer(payload.retain(), Unpooled.wrappedBuffer(new byte[] {'*'})));
        }
    }
}
