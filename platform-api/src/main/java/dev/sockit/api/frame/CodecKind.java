package dev.sockit.api.frame;

import dev.sockit.api.spi.NamedExtension;

/**
 * A kind of codec a plugin contributes, such as {@code length-field}. Mark the implementation with PF4J's
 * {@code @Extension}; the runtime finds it in the plugin file as it finds process kinds, and {@link Codecs} creates
 * it for every {@link CodecSpec} whose {@code type} is its {@link #name()}.
 *
 * @param <C> the typed settings: a record Jackson can bind from the spec's keys other than {@code type}; unknown
 *            keys are rejected
 */
public interface CodecKind<C> extends NamedExtension {

    /** The class a spec's settings are bound to. */
    Class<C> configType();

    /**
     * The codec of {@code settings}, with defaults filled in. Throws a {@link dev.sockit.api.ConfigException}, its
     * path relative to the codec ({@code length}), for settings that bind but make no sense.
     */
    FrameCodec create(C settings);
}
