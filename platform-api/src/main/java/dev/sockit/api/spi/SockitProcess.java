package dev.sockit.api.spi;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * A configured process, created once by its {@link ProcessKind}. The runtime deploys
 * {@code instances} verticles from {@link #newInstance()} (a server's instances share its port across event
 * loops) and answers {@code sockit.<id>.status} with {@link #status()}.
 */
public interface SockitProcess {

    /** A new verticle; called once per instance. */
    Deployable newInstance();

    /**
     * The process's statistics and effective settings; called from any thread, so read only thread-safe
     * state. The runtime adds the state and id around it.
     */
    default JsonObject status() {
        return new JsonObject();
    }

    /** The address the process serves, such as {@code 127.0.0.1:7007} once bound; empty if none. */
    default String address() {
        return "";
    }
}
