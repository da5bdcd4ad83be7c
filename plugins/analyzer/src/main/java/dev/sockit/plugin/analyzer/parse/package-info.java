/** Parsers for what socket tools print, and the detector that tells their formats apart. */
package dev.sockit.plugin.analyzer.parse;
