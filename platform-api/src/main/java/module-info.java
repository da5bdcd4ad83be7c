/**
 * The contract that sockit plugins compile against: process kinds and their context, the Result shape,
 * event-bus addresses and events, socket options, policy, audit and validation errors.
 */
module dev.sockit.api {
    // API: types that appear in our signatures
    requires transitive io.vertx.core;
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.pf4j;
    // Codecs hand Netty handlers to a connection's pipeline
    requires transitive io.netty.transport;

    exports dev.sockit.api;
    exports dev.sockit.api.spi;
    exports dev.sockit.api.frame;

    // Reflection: Jackson binds the option records and calls their deserializers
    opens dev.sockit.api to com.fasterxml.jackson.databind;
}
