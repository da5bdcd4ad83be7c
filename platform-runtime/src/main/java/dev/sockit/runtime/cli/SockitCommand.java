package dev.sockit.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sockit}: the top-level command; it only dispatches. */
@Command(name = "sockit", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Run, diagnose and extend TCP/UDP sockets.",
        subcommands = {RunCommand.class, AnalyzeCommand.class, CaptureCommand.class, LabCommand.class,
            GenerateCommand.class, ExplainCommand.class, OptionsCommand.class, PluginsCommand.class, StatusCommand.class, VersionCommand.class, CdsCommand.class,
            picocli.CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 operation failed, 2 bad usage or bad input."})
final class SockitCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a command is required (run, analyze, capture, lab, generate, explain, options, plugins, status, version, cds, "
                        + "help)");
    }
}
