package dev.sockit.plugin.eventhandler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.ConfigMappers;
import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.spi.NamedExtension;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The platform-api test kit's {@link RecordingProcessContext} for an {@code event-handler}, with extensions a test
 * registers, and helpers to bind a config from JSON (as the runtime's mapper does, with its rules) and to make a frame.
 */
public final class TestProcessContext extends RecordingProcessContext<EventHandlerConfig> {

    private static final ObjectMapper MAPPER = ConfigMappers.strict().build();

    /** A context for process {@code id} with the config bound from {@code json}. */
    public TestProcessContext(Vertx vertx, String id, String json) {
        super(vertx, id, EventHandlerKind.NAME, config(json), 1, Duration.ofSeconds(2));
    }

    /** {@code json} bound to an {@link EventHandlerConfig}, single quotes allowed for readability. */
    public static EventHandlerConfig config(String json) {
        try {
            return MAPPER.readValue(json.replace('\'', '"'), EventHandlerConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code extension} one of this context's extensions of {@code type}. */
    public <T extends NamedExtension> TestProcessContext with(Class<T> type, T extension) {
        withExtension(type, extension);
        return this;
    }

    /** A TCP frame of connection {@code connectionId} of process {@code front} from {@code 127.0.0.1:5000}. */
    public FrameContext frame(long connectionId) {
        Journal journal = journal().on(Protocol.TCP);
        return new Frame(id(), "front", connectionId, "127.0.0.1:5000", "127.0.0.1:7000", Protocol.TCP, vertx(),
                logger(), journal);
    }
}
