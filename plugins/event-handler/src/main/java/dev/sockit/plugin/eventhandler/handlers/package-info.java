/**
 * The frame handlers that ship with the {@code event-handler}: {@code echo}, {@code respond}, {@code route},
 * {@code log}, {@code count} and {@code close}, each a {@link dev.sockit.api.frame.FrameHandlerKind}.
 */
package dev.sockit.plugin.eventhandler.handlers;
