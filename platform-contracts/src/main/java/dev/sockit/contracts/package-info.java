/**
 * Contracts of the bundled plugins' event-bus verbs.
 */
package dev.sockit.contracts;
