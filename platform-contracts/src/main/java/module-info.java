/**
 * The event-bus contracts of the plugins that ship with sockit: for each, its kind, verbs and request and reply
 * records. A plugin that serves or calls one of them depends on this module; a plugin that does neither needs only
 * {@code dev.sockit.api}. Versioned with {@code dev.sockit.api}.
 */
module dev.sockit.contracts {
    requires transitive dev.sockit.api;

    exports dev.sockit.contracts;

    // Reflection: Jackson binds the request records
    opens dev.sockit.contracts to com.fasterxml.jackson.databind;
}
