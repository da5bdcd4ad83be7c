package dev.sockit.plugin.eventhandler.handlers;

/** The config of a handler that takes none: {@code { echo: {} }} (or {@code { echo: }}). */
public record NoConfig() {
}
