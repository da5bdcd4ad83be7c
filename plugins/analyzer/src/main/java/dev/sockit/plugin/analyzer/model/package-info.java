/**
 * What the analyzer's parsers produce and its rules read: {@link dev.sockit.plugin.analyzer.model.SocketRow}
 * (one socket, reused per line), {@link dev.sockit.plugin.analyzer.model.HostFacts} (counters and sysctls) and
 * {@link dev.sockit.plugin.analyzer.model.ParseReport} (what could not be read).
 */
package dev.sockit.plugin.analyzer.model;
