package dev.sockit.plugin.eventhandler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.spi.BasicProcessKind;
import dev.sockit.plugin.eventhandler.handlers.RouteKind;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code event-handler} process kind: serves the connections and datagrams a {@code tcp-server} or
 * {@code udp-server} with {@code handler: forward} hands it, running each whole frame through a chain of handlers.
 */
@Extension
public final class EventHandlerKind extends BasicProcessKind<EventHandlerConfig> {

    /** The name configs use in {@code kind:}. */
    public static final String NAME = "event-handler";

    /** Creates the extension; PF4J calls this. */
    public EventHandlerKind() {
        super(NAME, EventHandlerConfig.class, "Serves forwarded connections and datagrams: each frame runs through a"
                + " chain of handlers (echo, respond, route, log, count, close, or a plugin's)", EventHandlerProcess::new);
    }

    /** {@code codec}: the runtime checks it against its codecs when the config loads. */
    @Override
    public Map<String, CodecSpec> codecs(EventHandlerConfig config) {
        return Map.of("codec", config.codec());
    }

    /** Each {@code route: <process>} of the chain: the runtime checks that the config has that process. */
    @Override
    public Map<String, String> processReferences(EventHandlerConfig config) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (int i = 0; i < config.chain().size(); i++) {
            if (!RouteKind.NAME.equals(config.handlerName(i))) {
                continue;
            }
            JsonNode value = config.handlerConfig(i);
            String at = "chain[" + i + "]." + RouteKind.NAME;
            if (value.isTextual()) {
                refs.put(at, value.asText().trim());
            } else if (value.isObject() && value.path("process").isTextual()) {
                refs.put(at + ".process", value.get("process").asText().trim());
            }
        }
        return refs;
    }
}
