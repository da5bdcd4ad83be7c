/**
 * The {@code event-handler} process kind: the consumer side of the forward contract v2. It serves
 * {@code sockit.<id>.connection} and {@code sockit.<id>.datagram}, tells the forwarding server which codec frames
 * each connection, and runs every whole frame through a chain of frame handlers.
 */
package dev.sockit.plugin.eventhandler;
