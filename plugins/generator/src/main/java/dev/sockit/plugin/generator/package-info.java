/** The generator plugin: emitters that turn a generate request into socket programs with their build files. */
package dev.sockit.plugin.generator;
