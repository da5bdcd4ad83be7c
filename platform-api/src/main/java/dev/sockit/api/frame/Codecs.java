package dev.sockit.api.frame;

import java.util.Set;

/**
 * The codecs a runtime knows: the built-in ones and those its plugins contribute ({@link CodecKind}). A process
 * gets it from {@link dev.sockit.api.spi.ProcessContext#codecs()}. Thread-safe.
 */
public interface Codecs {

    /**
     * The codec {@code spec} names, its settings bound and checked. Throws a
     * {@link dev.sockit.api.ConfigException} with a path relative to the codec ({@code type} for an unknown name,
     * listing the known ones; {@code length} for a bad setting).
     */
    FrameCodec create(CodecSpec spec);

    /** The names of the known codecs, sorted. */
    Set<String> names();
}
