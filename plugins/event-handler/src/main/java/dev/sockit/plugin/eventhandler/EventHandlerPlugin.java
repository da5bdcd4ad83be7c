package dev.sockit.plugin.eventhandler;

import org.pf4j.Plugin;

/**
 * The {@code event-handler} plugin; it contributes the {@code event-handler} process kind and the built-in frame
 * handlers, and needs no start or stop of its own.
 */
public final class EventHandlerPlugin extends Plugin {

    /** Creates the plugin; PF4J calls this. */
    public EventHandlerPlugin() {
    }
}
