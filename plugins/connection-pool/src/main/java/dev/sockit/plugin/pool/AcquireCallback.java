package dev.sockit.plugin.pool;

/**
 * What a {@link Pool#acquire} calls back with: a lease, or the reason there is none.
 *
 * @param <C> the connection type
 */
@FunctionalInterface
public interface AcquireCallback<C> {

    /** Exactly one of {@code lease} and {@code failure} is {@code null}. */
    void acquired(Lease<C> lease, AcquireException failure);
}
