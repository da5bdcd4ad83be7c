/**
 * The {@code analyzer} plugin: the {@code analyzer} process kind reads what {@code ss},
 * {@code netstat}, {@code lsof} and {@code /proc/net} print (or the live host), finds the problems worth naming
 * under stable codes, explains socket errors per platform and shows socket options as the kernel applied them.
 */
package dev.sockit.plugin.analyzer;
