package dev.sockit.api;

import io.vertx.core.Future;

/**
 * A verb a process serves (from {@code ProcessContext.serve}): registered at each of its addresses, the node-local
 * short form and the node-qualified one (see {@link Addresses}).
 */
public interface VerbConsumer {

    /** Completes once every address is registered (across the cluster, on a clustered event bus). */
    Future<Void> completion();

    /** Stops serving the verb at every address. */
    Future<Void> unregister();
}
