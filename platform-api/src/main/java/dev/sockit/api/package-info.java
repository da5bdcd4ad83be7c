/**
 * Contracts shared by the sockit runtime and its plugins: the {@link dev.sockit.api.Result} every operation
 * answers with, event-bus {@link dev.sockit.api.Addresses} and {@link dev.sockit.api.SocketEvent}s, the
 * socket-option table ({@link dev.sockit.api.SocketOptionTable} of {@link dev.sockit.api.OptionKey}s) and the
 * {@link dev.sockit.api.SocketOptions} built from it, the raw-socket {@link dev.sockit.api.Policy}, the socket
 * {@link dev.sockit.api.AuditLog} and the {@link dev.sockit.api.SockitException} family.
 */
package dev.sockit.api;
