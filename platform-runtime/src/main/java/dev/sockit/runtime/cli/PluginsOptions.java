package dev.sockit.runtime.cli;

import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * What {@code sockit plugins} and each of its subcommands take: where the plugins directory is
 * ({@link PluginsCommand.Where}) and {@code --output}.
 */
abstract class PluginsOptions implements Callable<Integer> {

    @Mixin
    PluginsCommand.Where where = new PluginsCommand.Where();

    @Mixin
    Output output = new Output();
}
