package dev.sockit.plugin.eventhandler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.SockitException;
import dev.sockit.api.frame.FrameHandler;
import dev.sockit.api.frame.FrameHandlerKind;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.plugin.eventhandler.handlers.BuiltInHandlers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds a {@link FrameChain} from a config's {@code chain}, with the handler kinds known to a process. */
public final class Chains {

    private Chains() {
    }

    /**
     * The handler kinds a process can use: the built-in ones, then those plugins contribute
     * ({@link ProcessContext#extensions}) under names not taken by a built-in one.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Map<String, FrameHandlerKind<?>> kinds(ProcessContext<?> context) {
        Map<String, FrameHandlerKind<?>> kinds = new LinkedHashMap<>(BuiltInHandlers.kinds());
        Map<String, FrameHandlerKind> contributed = context.extensions(FrameHandlerKind.class);
        contributed.forEach((name, kind) -> kinds.putIfAbsent(name, (FrameHandlerKind<?>) kind));
        return kinds;
    }

    /**
     * The chain {@code config} describes. Throws a {@link ConfigException} whose path starts at the entry
     * ({@code chain[1].route}) for an unknown handler name or a config its kind refuses.
     */
    public static FrameChain build(EventHandlerConfig config, Map<String, FrameHandlerKind<?>> kinds,
                                   ProcessContext<?> process) {
        List<JsonNode> chain = config.chain();
        List<FrameChain.Step> steps = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            String name = config.handlerName(i);
            String at = "chain[" + i + "]";
            FrameHandlerKind<?> kind = kinds.get(name);
            if (kind == null) {
                throw new ConfigException(at, "unknown handler " + Checks.quote(name) + " (available: "
                        + String.join(", ", new TreeSet<>(kinds.keySet())) + ")");
            }
            steps.add(new FrameChain.Step(i, name, create(kind, config.handlerConfig(i), process, at + "." + name)));
        }
        return new FrameChain(steps);
    }

    private static <C> FrameHandler create(FrameHandlerKind<C> kind, JsonNode value, ProcessContext<?> process,
                                           String at) {
        C bound = HandlerConfigBinder.bind(value, kind.configType(), at);
        FrameHandler handler;
        try {
            handler = kind.create(bound, process);
        } catch (ConfigException e) {
            throw e.under(at);
        }
        if (handler == null) {
            throw new SockitException(at + ": handler kind '" + kind.name() + "' (" + kind.getClass().getName()
                    + ") created no handler");
        }
        return handler;
    }
}
