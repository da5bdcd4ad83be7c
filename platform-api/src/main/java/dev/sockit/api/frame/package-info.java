/**
 * Framing: how a byte stream is cut into whole frames and how a payload is framed again, by named codecs that run
 * in a connection's own Netty pipeline ({@link dev.sockit.api.frame.CodecKind}, {@link dev.sockit.api.frame.FrameCodec},
 * the config form {@link dev.sockit.api.frame.CodecSpec}), and the runtime's registry of them
 * ({@link dev.sockit.api.frame.Codecs}). Plugins add codecs by name as they add process kinds.
 *
 * <p>Frame handlers: the steps of an {@code event-handler}'s chain, run per whole frame
 * ({@link dev.sockit.api.frame.FrameHandler}, its decision {@link dev.sockit.api.frame.FrameAction} and what it is
 * given, {@link dev.sockit.api.frame.FrameContext}); plugins add them by name with a
 * {@link dev.sockit.api.frame.FrameHandlerKind}.
 */
package dev.sockit.api.frame;
