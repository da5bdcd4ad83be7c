package dev.sockit.plugin.eventhandler.handlers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.Units;
import dev.sockit.api.frame.FrameAction;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * {@code { log: { maxBytes: 64, perSecond: 10 } }}: logs each frame at INFO on the process's logger, one line:
 * connection, peer, size and the first {@code maxBytes} bytes, escaped ({@code \n}, {@code \xNN}); then hands the
 * payload on. At most {@code perSecond} lines a second: frames over that are counted, and the next line says how
 * many were not logged. Both counts are in the process's status.
 */
@Extension
public final class LogKind implements FrameHandlerKind<LogKind.Config> {

    /** The name chains use. */
    public static final String NAME = "log";

    /** Creates the extension; PF4J calls this. */
    public LogKind() {
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
        return new FrameLogger(config, System::nanoTime);
    }

    /**
     * The config.
     *
     * @param maxBytes  the most bytes of a payload shown, 0-4096 ({@link #DEFAULT_MAX_BYTES})
     * @param perSecond the most lines a second, 1-10000 ({@link #DEFAULT_PER_SECOND})
     */
    public record Config(int maxBytes, int perSecond) {

        /** Enough to recognise a frame. */
        public static final int DEFAULT_MAX_BYTES = 64;
        /** A busy connection cannot flood the log. */
        public static final int DEFAULT_PER_SECOND = 10;

        /** Validates. */
        public Config {
            Checks.inRange(maxBytes, 0, 4096, "maxBytes");
            Checks.inRange(perSecond, 1, 10_000, "perSecond");
        }

        /** Binds the config as written; both keys optional. */
        @JsonCreator
        public static Config of(@JsonProperty("maxBytes") @JsonDeserialize(using = Units.IntSizeDeserializer.class)
                                Integer maxBytes,
                                @JsonProperty("perSecond") Integer perSecond) {
            return new Config(maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes,
                    perSecond == null ? DEFAULT_PER_SECOND : perSecond);
        }
    }

    /** The handler: a one-second window of lines, lock-free; a line lost at a window's edge is fine. */
    static final class FrameLogger implements FrameHandler {
        private static final long SECOND = 1_000_000_000L;

        private final Config config;
        private final LongSupplier nanos;
        private final AtomicLong windowStart;
        private final AtomicLong inWindow = new AtomicLong();
        private final AtomicLong suppressedSinceLine = new AtomicLong();
        private final LongAdder logged = new LongAdder();
        private final LongAdder suppressed = new LongAdder();

        FrameLogger(Config config, LongSupplier nanos) {
            this.config = config;
            this.nanos = nanos;
            this.windowStart = new AtomicLong(nanos.getAsLong());
        }

        @Override
        public Future<FrameAction> handle(FrameContext frame, Buffer payload) {
            if (admit()) {
                long skipped = suppressedSinceLine.getAndSet(0);
                String line = line(frame, payload, config.maxBytes(), skipped);
                frame.logger().log(System.Logger.Level.INFO, line);
                logged.increment();
            } else {
                suppressed.increment();
                suppressedSinceLine.incrementAndGet();
            }
            return Future.succeededFuture(FrameAction.next(payload));
        }

        private boolean admit() {
            long now = nanos.getAsLong();
            long start = windowStart.get();
            if (now - start >= SECOND && windowStart.compareAndSet(start, now)) {
                inWindow.set(0);
            }
            return inWindow.incrementAndGet() <= config.perSecond();
        }

        @Override
        public JsonObject status() {
            return new JsonObject().put("logged", logged.sum()).put("suppressed", suppressed.sum());
        }
    }

    /**
     * {@code 'frames' frame of 5 bytes on connection 7 of 'front' from 127.0.0.1:5000: "ping\n"}: what a
     * {@code log} step writes; the payload shown escaped and cut at {@code maxBytes}.
     */
    static String line(FrameContext frame, Buffer payload, int maxBytes, long skipped) {
        StringBuilder b = new StringBuilder(96 + Math.min(payload.length(), maxBytes) * 2);
        b.append('\'').append(frame.processId()).append("' frame of ").append(payload.length()).append(" bytes");
        if (frame.connectionId() != 0) {
            b.append(" on connection ").append(frame.connectionId());
        }
        b.append(" of '").append(frame.sourceProcess()).append('\'');
        if (!frame.peer().isEmpty()) {
            b.append(" from ");
            escape(b, frame.peer());
        }
        b.append(": \"");
        int shown = Math.min(payload.length(), maxBytes);
        for (int i = 0; i < shown; i++) {
            escape(b, payload.getByte(i) & 0xff);
        }
        b.append('"');
        if (shown < payload.length()) {
            b.append(" (+").append(payload.length() - shown).append(" bytes)");
        }
        if (skipped > 0) {
            b.append(" (").append(skipped).append(" frames not logged before this one: over perSecond)");
        }
        return b.toString();
    }

    private static void escape(StringBuilder b, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            escape(b, c < 0x80 ? c : '?');
        }
    }

    private static void escape(StringBuilder b, int c) {
        switch (c) {
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case '\\' -> b.append("\\\\");
            case '"' -> b.append("\\\"");
            default -> {
                if (c >= 0x20 && c < 0x7f) {
                    b.append((char) c);
                } else {
                    b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                }
            }
        }
    }
}
