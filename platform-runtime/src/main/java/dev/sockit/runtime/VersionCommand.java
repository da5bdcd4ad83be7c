package dev.sockit.runtime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sockit version}: the sockit, plugin API, Java and Vert.x versions. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the sockit, plugin API, Java and Vert.x versions.")
final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        for (String line : new Versions().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }
}
