package dev.sockit.plugin.eventhandler;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.frame.FrameContext;
import dev.sockit.api.spi.NamedExtension;
import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The platform-api test kit's {@link RecordingProcessContext} for an {@code event-handler}, with extensions a test
 * registers, and helpers to bind a config from JSON (as the runtime's mapper does) and to make a frame.
 */
public final class TestProcessContext extends RecordingProcessContext<EventHandlerConfig> {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private final Map<Class<?>, Map<String, Object>> extensions = new HashMap<>();

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
        extensions.computeIfAbsent(type, t -> new HashMap<>()).put(extension.name(), extension);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends NamedExtension> Map<String, T> extensions(Class<T> type) {
        return (Map<String, T>) (Map<String, ?>) Map.copyOf(extensions.getOrDefault(type, Map.of()));
    }

    /** A TCP frame of connection {@code connectionId} of process {@code front} from {@code 127.0.0.1:5000}. */
    public FrameContext frame(long connectionId) {
        Journal journal = journal().on(Protocol.TCP);
        return new Frame(id(), "front", connectionId, "127.0.0.1:5000", "127.0.0.1:7000", Protocol.TCP, vertx(),
                logger(), journal);
    }
}
