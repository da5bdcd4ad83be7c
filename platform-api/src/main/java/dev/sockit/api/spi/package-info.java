/**
 * What a plugin implements: a {@link dev.sockit.api.spi.ProcessKind} extension contributes a kind of process,
 * which the runtime binds to a typed config and deploys as {@link dev.sockit.api.spi.SockitProcess} instances.
 */
package dev.sockit.api.spi;
