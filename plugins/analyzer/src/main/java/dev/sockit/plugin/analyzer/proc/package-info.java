/**
 * Parsers for the Linux {@code /proc} files that describe sockets ({@code /proc/net/tcp}, {@code udp}, {@code unix},
 * {@code sockstat}, {@code snmp}, {@code netstat}), the {@link dev.sockit.plugin.analyzer.proc.LiveHost live host}
 * read through them, and {@link dev.sockit.plugin.analyzer.proc.Watch} sampling of it over time.
 */
package dev.sockit.plugin.analyzer.proc;
