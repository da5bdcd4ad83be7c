package dev.sockit.runtime.plugins;

import dev.sockit.api.SockitException;

/** A plugin refused on purpose, with a reason that is one line already, and its id and version if known. */
final class PluginRefusal extends SockitException {
    final String id;
    final String version;

    PluginRefusal(String reason) {
        this(reason, "", "");
    }

    PluginRefusal(String reason, String id, String version) {
        super(reason);
        this.id = id;
        this.version = version;
    }
}
