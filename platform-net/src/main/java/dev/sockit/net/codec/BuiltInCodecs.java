package dev.sockit.net.codec;

import dev.sockit.api.frame.CodecKind;

import java.util.List;

/**
 * The codecs every sockit runtime has: {@code raw}, {@code line}, {@code delimiter}, {@code fixed-length} and
 * {@code length-field}. {@link #codecs()} is a registry of them alone, for tests and tools that run without a
 * runtime; the runtime's registry adds what plugins contribute, and no plugin can take one of these names.
 */
public final class BuiltInCodecs {

    private static final List<CodecKind<?>> KINDS = List.of(new RawCodec(), new LineCodec(), new DelimiterCodec(),
            new FixedLengthCodec(), new LengthFieldCodec());
    private static final CodecRegistry CODECS = new CodecRegistry(KINDS);

    private BuiltInCodecs() {
    }

    /** The built-in codec kinds. */
    public static List<CodecKind<?>> kinds() {
        return KINDS;
    }

    /** A registry of the built-in codecs alone. */
    public static CodecRegistry codecs() {
        return CODECS;
    }
}
