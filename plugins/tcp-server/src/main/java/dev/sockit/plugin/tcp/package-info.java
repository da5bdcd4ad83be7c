/**
 * The {@code tcp-server} plugin: {@link dev.sockit.plugin.tcp.TcpServerKind} runs TCP servers configured, not
 * coded, that echo or discard what they receive, with socket options, a connection limit, an idle timeout,
 * events and an audit trail.
 */
package dev.sockit.plugin.tcp;
