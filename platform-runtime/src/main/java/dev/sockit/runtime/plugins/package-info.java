/**
 * The PF4J host: loads the plugin jars of a plugins directory in a fixed order (bundled first, then by file name),
 * collects their process kinds, refuses a broken plugin with a one-line reason
 * ({@link dev.sockit.runtime.plugins.PluginHost}), and describes what plugin code throws
 * ({@link dev.sockit.runtime.plugins.PluginFailures}).
 */
package dev.sockit.runtime.plugins;
