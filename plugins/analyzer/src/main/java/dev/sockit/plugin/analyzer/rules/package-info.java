/**
 * The analysis engine: {@link dev.sockit.plugin.analyzer.rules.SocketStats} aggregates the parsed sockets in
 * bounded memory; {@link dev.sockit.plugin.analyzer.rules.Rules} runs the rules, grouped in families behind one
 * small {@code Rule} interface, that turn the aggregate and the host facts into {@link dev.sockit.api.Finding}s
 * under stable {@link dev.sockit.plugin.analyzer.rules.FindingCode}s; and
 * {@link dev.sockit.plugin.analyzer.rules.AnalysisReport} shapes them as a {@code Result}.
 */
package dev.sockit.plugin.analyzer.rules;
