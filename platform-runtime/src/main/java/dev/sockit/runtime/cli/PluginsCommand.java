package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.SockitException;
import dev.sockit.api.Status;
import dev.sockit.runtime.ProcessReports;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.RuntimeSettings;
import dev.sockit.runtime.config.SockitHome;
import dev.sockit.runtime.plugins.PluginHost;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** {@code sockit plugins [list|install FILE|remove ID]}: the plugin files of a plugins directory. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List, install or remove plugins (default: list).",
        subcommands = {PluginsCommand.ListCommand.class, PluginsCommand.InstallCommand.class,
            PluginsCommand.RemoveCommand.class})
final class PluginsCommand extends PluginsOptions {

    @Override
    public Integer call() {
        return list(where.dir(), output);
    }

    /** Where the plugins directory is: {@code --plugins DIR}, or {@code runtime.plugins} of {@code -c FILE}. */
    static final class Where {
        @ArgGroup(exclusive = true)
        Source source;

        static final class Source {
            @Option(names = "--plugins", paramLabel = "DIR", description = "The plugins directory.")
            Path plugins;

            @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                    description = "Use runtime.plugins of this config.")
            Path config;
        }

        Path dir() {
            SockitHome home = SockitHome.current();
            if (source != null && source.plugins != null) {
                return source.plugins.toAbsolutePath().normalize();
            }
            String configured = source != null && source.config != null
                    ? ConfigLoader.load(source.config).runtime().plugins()
                    : RuntimeSettings.DEFAULTS.plugins();
            return home.resolve(configured);
        }
    }

    /**
     * Refuses a plugins directory that does not exist (it is never created on the way); then waits for the
     * logging warm-up, so that the one line per refused plugin is not logged into a half-initialised Log4j.
     */
    static Path existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadRequestException("plugins directory not found: " + dir
                    + " (create it, or name another with --plugins DIR or -c FILE)");
        }
        return dir;
    }

    static int list(Path dir, Output output) {
        try (PluginHost host = PluginHost.load(existing(dir), SockitHome.current())) {
            Result r = ProcessReports.pluginsResult(host);
            output.print(r, System.out);
            return r.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    /** {@code sockit plugins list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the plugin files, their state, the process kinds they provide, and why any "
                + "was refused.")
    static final class ListCommand extends PluginsOptions {
        @Override
        public Integer call() {
            return list(where.dir(), output);
        }
    }

    /** {@code sockit plugins install FILE}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Copy a plugin jar into the plugins directory, after checking that it loads there as "
                + "'plugins list' would load it (descriptor, Plugin-Requires, plugin class, kinds, no kind or id "
                + "already taken). The directory must exist.")
    static final class InstallCommand extends PluginsOptions {
        @Parameters(paramLabel = "FILE", description = "The plugin jar.")
        Path file;

        @Override
        public Integer call() {
            Path dir = existing(where.dir());
            String id = pluginId(file);
            Path existing = findById(dir, id);
            if (existing != null) {
                throw new SockitException("plugin '" + id + "' is already installed as " + existing
                        + " (remove it first: sockit plugins remove " + id + ")");
            }
            Path target = dir.resolve(file.getFileName());
            if (Files.exists(target)) {
                throw new BadRequestException("cannot install " + file + ": " + target + " already exists");
            }
            checkLoads(dir, file);
            try {
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (IOException e) {
                throw new SockitException("cannot copy " + file + " to " + target + ": " + e, e);
            }
            output.print(Result.builder("install", "plugin").address(target.toString())
                    .finding("plugin '" + id + "' installed as " + target).data("id", id).build(), System.out);
            return ExitCodes.OK;
        }
    }

    /**
     * Loads the plugins of {@code dir} with {@code jar} among them, as {@code plugins list} will after the copy,
     * and refuses {@code jar} with the reason if it would be refused there, or if a plugin that loads now would
     * be refused then (a kind or id that the new jar, sorting first, would take from it).
     */
    private static void checkLoads(Path dir, Path jar) {
        Path candidate = jar.toAbsolutePath().normalize();
        Set<String> bundled = PluginHost.bundledDigests(SockitHome.current());
        Set<String> refusedNow = new HashSet<>();
        try (PluginHost now = PluginHost.load(dir, bundled, List.of())) {
            now.plugins().stream().filter(p -> "REFUSED".equals(p.state())).forEach(p -> refusedNow.add(p.path()));
        }
        try (PluginHost then = PluginHost.load(dir, bundled, List.of(candidate))) {
            PluginHost.PluginInfo info = then.pluginAt(candidate);
            if (info != null && "REFUSED".equals(info.state())) {
                throw new BadRequestException("cannot install " + jar + ": it would be refused: " + info.reason());
            }
            for (PluginHost.PluginInfo p : then.plugins()) {
                if ("REFUSED".equals(p.state()) && !refusedNow.contains(p.path()) && !p.equals(info)) {
                    throw new BadRequestException("cannot install " + jar + ": " + p.path()
                            + " would then be refused: " + p.reason());
                }
            }
        }
    }

    /** {@code sockit plugins remove ID}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete the plugin jar whose Plugin-Id is ID from the plugins directory.")
    static final class RemoveCommand extends PluginsOptions {
        @Parameters(paramLabel = "ID", description = "The plugin id.")
        String id;

        @Override
        public Integer call() {
            Path dir = existing(where.dir());
            Path file = findById(dir, id);
            if (file == null) {
                throw new BadRequestException("no plugin '" + id + "' in " + dir);
            }
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new SockitException("cannot delete " + file + ": " + e, e);
            }
            output.print(Result.builder("remove", "plugin").address(file.toString())
                    .finding("plugin '" + id + "' removed (" + file + ")").data("id", id).build(), System.out);
            return ExitCodes.OK;
        }
    }

    /** The Plugin-Id of a plugin jar. */
    static String pluginId(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new BadRequestException("plugin file not found: " + jar);
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest m = jf.getManifest();
            String id = m == null ? null : m.getMainAttributes().getValue("Plugin-Id");
            if (id == null || id.isBlank()) {
                throw new BadRequestException(jar + " is not a sockit plugin: its manifest has no Plugin-Id");
            }
            if (jf.getEntry("META-INF/extensions.idx") == null) {
                throw new BadRequestException(jar + " is not a sockit plugin: it has no "
                        + "META-INF/extensions.idx (was it built with PF4J's annotation processor?)");
            }
            return id.trim();
        } catch (IOException e) {
            throw new BadRequestException(jar + " is not a readable jar: " + e.getMessage());
        }
    }

    private static Path findById(Path dir, String id) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                try {
                    if (id.equals(pluginId(jar))) {
                        return jar;
                    }
                } catch (BadRequestException e) {
                    // Not a plugin jar: not the one we look for.
                }
            }
        } catch (IOException e) {
            throw new SockitException("cannot list " + dir + ": " + e, e);
        }
        return null;
    }
}
