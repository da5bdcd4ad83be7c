/**
 * The {@code tcp-server} plugin: {@link dev.sockit.plugin.tcp.TcpServerKind} runs TCP servers configured, not
 * coded, whose connection handlers echo, discard, generate characters, tell the time
 * or forward connections over the event bus; with socket options, connection limits, idle and read timeouts,
 * traffic shaping, TLS, IPv6 and unix domain sockets, events and an audit trail.
 */
package dev.sockit.plugin.tcp;
