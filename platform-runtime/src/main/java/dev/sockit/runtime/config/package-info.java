/**
 * The config of a run: the YAML or JSON file read with line numbers ({@link dev.sockit.runtime.config.ConfigLoader}),
 * the runtime settings, the process specs, the tree a process's config is bound from
 * ({@link dev.sockit.runtime.config.ConfigTree}), and the sockit home that relative paths resolve against. Every
 * problem is a {@link dev.sockit.api.ConfigException} naming the path and the line.
 */
package dev.sockit.runtime.config;
