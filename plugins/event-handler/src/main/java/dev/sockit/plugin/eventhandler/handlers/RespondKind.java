package dev.sockit.plugin.eventhandler.handlers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * {@code { respond: "pong\n" }}: replies with a fixed payload, whatever the frame. The long form names the
 * encoding: {@code { respond: { text: "pong\n" } }}, {@code { respond: { base64: "cG9uZwo=" } }},
 * {@code { respond: { hex: "706f6e670a" } }}, and {@code close: true} closes the connection after the reply.
 */
@Extension
public final class RespondKind implements FrameHandlerKind<RespondKind.Config> {

    /** The name chains use. */
    public static final String NAME = "respond";
    /** The largest fixed reply: a reply is one frame, and this keeps a typo from becoming a memory problem. */
    public static final int MAX_BYTES = 64 * 1024;

    /** Creates the extension; PF4J calls this. */
    public RespondKind() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public FrameHandler create(Config config, ProcessContext<?> process) {
        Buffer fixed = Buffer.buffer(config.bytes());
        boolean close = config.close();
        // Each reply gets its own copy: a buffer handed to the event bus is not ours to share.
        return (frame, payload) -> Future.succeededFuture(close ? FrameAction.replyAndClose(fixed.copy())
                : FrameAction.reply(fixed.copy()));
    }

    /**
     * The reply: exactly one of {@code text} (UTF-8), {@code base64} and {@code hex}.
     *
     * @param bytes the payload, 0 to {@link #MAX_BYTES} bytes
     * @param close whether the connection closes after the reply
     */
    public record Config(byte[] bytes, boolean close) {

        /** Checks the size. */
        public Config {
            if (bytes.length > MAX_BYTES) {
                throw new ConfigException("", bytes.length + " bytes (expected: at most " + MAX_BYTES + ")");
            }
            bytes = bytes.clone();
        }

        /** {@code respond: "text"}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Config text(String text) {
            return new Config(text.getBytes(StandardCharsets.UTF_8), false);
        }

        /** {@code respond: { text | base64 | hex: ..., close: bool }}. */
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static Config of(@JsonProperty("text") String text,
                                @JsonProperty("base64") String base64,
                                @JsonProperty("hex") String hex,
                                @JsonProperty("close") Boolean close) {
            int given = (text != null ? 1 : 0) + (base64 != null ? 1 : 0) + (hex != null ? 1 : 0);
            if (given != 1) {
                throw new ConfigException("", (given == 0 ? "no reply" : given + " replies")
                        + " (expected: exactly one of text, base64 and hex)");
            }
            boolean c = close != null && close;
            if (text != null) {
                return new Config(text.getBytes(StandardCharsets.UTF_8), c);
            }
            if (base64 != null) {
                try {
                    return new Config(Base64.getDecoder().decode(base64.strip()), c);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("base64", Checks.quote(base64) + " is not base64 (" + e.getMessage()
                            + ")");
                }
            }
            try {
                return new Config(HexFormat.of().parseHex(hex.strip().replace(" ", "")), c);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("hex", Checks.quote(hex) + " is not hex (expected: pairs of 0-9a-f,"
                        + " such as 706f6e670a)");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config other && close == other.close && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(bytes) + Boolean.hashCode(close);
        }

        @Override
        public String toString() {
            return "Config[" + bytes.length + " bytes, close=" + close + "]";
        }
    }
}
