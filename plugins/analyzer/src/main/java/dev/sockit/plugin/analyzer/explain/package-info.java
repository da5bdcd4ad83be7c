/**
 * {@code sockit explain}: the catalogue of socket errors (errno per platform, Winsock codes, getaddrinfo codes,
 * Java and Netty exception texts) and the lookup that turns a name, number, message or stack trace into an
 * {@link dev.sockit.plugin.analyzer.explain.Explanation}.
 */
package dev.sockit.plugin.analyzer.explain;
