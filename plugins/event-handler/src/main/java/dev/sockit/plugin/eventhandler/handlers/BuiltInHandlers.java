package dev.sockit.plugin.eventhandler.handlers;

import dev.sockit.api.frame.FrameHandlerKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The frame handlers the {@code event-handler} ships, by name. */
public final class BuiltInHandlers {

    private BuiltInHandlers() {
    }

    /** {@code echo}, {@code respond}, {@code route}, {@code log}, {@code count}, {@code close}. */
    public static Map<String, FrameHandlerKind<?>> kinds() {
        Map<String, FrameHandlerKind<?>> kinds = new LinkedHashMap<>();
        for (FrameHandlerKind<?> k : List.<FrameHandlerKind<?>>of(new EchoKind(), new RespondKind(), new RouteKind(),
                new LogKind(), new CountKind(), new CloseKind())) {
            kinds.put(k.name(), k);
        }
        return kinds;
    }
}
