/**
 * The {@code sockit} command line: {@link dev.sockit.runtime.cli.Main}, one picocli command class per command,
 * how Results print ({@link dev.sockit.runtime.cli.Output}), standard input as a file, the status file of
 * {@code sockit run --status-file}, and the exit codes. It drives the engine ({@code dev.sockit.runtime}); nothing
 * in the engine imports it.
 */
package dev.sockit.runtime.cli;
