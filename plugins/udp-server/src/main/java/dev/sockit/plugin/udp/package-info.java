/**
 * The {@code udp-server} plugin: {@link dev.sockit.plugin.udp.UdpServerKind} runs UDP servers configured, not
 * coded, that echo, discard or forward the datagrams they receive, with socket options, multicast groups,
 * counters and an audit trail.
 */
package dev.sockit.plugin.udp;
