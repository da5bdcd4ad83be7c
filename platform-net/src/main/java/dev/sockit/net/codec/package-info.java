/**
 * The built-in frame codecs ({@code raw}, {@code line}, {@code delimiter}, {@code fixed-length},
 * {@code length-field}), each Netty's own frame decoder configured from a {@link dev.sockit.api.frame.CodecSpec},
 * and {@link dev.sockit.net.codec.CodecRegistry}, which creates codecs by name from the built-ins and the
 * {@link dev.sockit.api.frame.CodecKind}s plugins contribute.
 */
package dev.sockit.net.codec;
