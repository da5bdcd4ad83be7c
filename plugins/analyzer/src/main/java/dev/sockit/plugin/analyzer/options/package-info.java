/** {@code sockit options}: socket options applied to real sockets and read back. */
package dev.sockit.plugin.analyzer.options;
