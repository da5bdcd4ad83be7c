/**
 * The sockit engine: one running sockit ({@link dev.sockit.runtime.SockitRuntime}) with its Vert.x, plugins, audit
 * log and supervised processes; the {@link dev.sockit.runtime.Supervisor} that deploys, isolates and stops them;
 * the context each process gets; port checks and address claims; and the embedded runtime that commands served by
 * a plugin start. Nothing here knows the command line ({@code dev.sockit.runtime.cli}): it calls in, never the
 * reverse.
 */
package dev.sockit.runtime;
