package dev.sockit.runtime.cli;

import dev.sockit.api.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code sockit version}: the sockit, plugin API, Java and Vert.x versions, as a Result like every command's (the
 * lines of {@code --version} as findings, each version in {@code data}).
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the sockit, plugin API, Java and Vert.x versions, and how the runtime module was loaded.")
final class VersionCommand implements Callable<Integer> {

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() {
        output.print(Versions.result(), System.out);
        return ExitCodes.OK;
    }
}
