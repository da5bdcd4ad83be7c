package dev.sockit.runtime.plugins;

import dev.sockit.api.SockitApi;
import dev.sockit.api.SockitException;
import dev.sockit.runtime.plugins.PluginHost.PluginInfo;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DependencyResolver;
import org.pf4j.ExtensionFinder;
import org.pf4j.JarPluginRepository;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginWrapper;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PF4J's manager for plugin jars only (PF4J 3.14.0 unpacks zips without checking entry names, fixed in
 * 3.14.1, so zips are not read), with extensions from {@code META-INF/extensions.idx} only. Loading, starting
 * and stopping are PF4J's steps, redone so that the order is fixed (bundled first, then by file name), every
 * Throwable of plugin code is caught, and every refusal is kept with a one-line reason instead of logged with
 * a stack trace on the console.
 */
final class SockitPluginManager extends DefaultPluginManager {

    /** Refusals are logged under the host's name, as before the manager had a file of its own. */
    private static final Logger LOG = LogManager.getLogger(PluginHost.class);

    final Map<String, String> refusals = new LinkedHashMap<>();
    final Map<Path, PluginInfo> pathRefusals = new LinkedHashMap<>();
    final List<Path> order = new ArrayList<>();
    private final Set<String> bundledDigests;
    private final List<Path> extraJars;
    private final Map<Path, Boolean> bundled = new LinkedHashMap<>();

    SockitPluginManager(Path dir, Set<String> bundledDigests, List<Path> extraJars) {
        super(dir);
        this.bundledDigests = bundledDigests;
        this.extraJars = List.copyOf(extraJars);
        setSystemVersion(SockitApi.VERSION);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new JarPluginRepository(getPluginsRoots());
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        LegacyExtensionFinder finder = new LegacyExtensionFinder(this);
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new JarManifestFinder();
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return SockitPluginManager::createPlugin;
    }

    /** Whether the jar at {@code path} is one the distribution ships (its digest is in the bundled list). */
    boolean isBundled(Path path) {
        if (bundledDigests.isEmpty()) {
            return false;
        }
        return bundled.computeIfAbsent(path, p -> {
            try {
                return Files.isRegularFile(p) && bundledDigests.contains(PluginHost.sha256(p));
            } catch (IOException e) {
                return false;
            }
        });
    }

    PluginWrapper wrapperAt(Path path) {
        for (PluginWrapper w : plugins.values()) {
            if (w.getPluginPath().equals(path)) {
                return w;
            }
        }
        return null;
    }

    @Override
    public void loadPlugins() {
        List<Path> paths;
        try {
            paths = new ArrayList<>(pluginRepository.getPluginPaths());
        } catch (RuntimeException e) {
            throw new SockitException("cannot list the plugins directory " + getPluginsRoot() + ": "
                    + PluginFailures.describe(e), e);
        }
        paths.addAll(extraJars);
        paths.sort(Comparator.comparing((Path p) -> !isBundled(p))
                .thenComparing(p -> String.valueOf(p.getFileName())));
        for (Path path : paths) {
            order.add(path);
            try {
                loadPluginFromPath(path);
            } catch (Throwable t) {
                PluginFailures.rethrowIfFatal(t);
                refusePath(path, t);
            }
        }
        resolve();
    }

    private void refusePath(Path path, Throwable t) {
        PluginRefusal r = t instanceof PluginRefusal refusal ? refusal : null;
        String reason = r != null ? r.getMessage() : "not a loadable plugin: " + PluginFailures.describe(t);
        pathRefusals.put(path, new PluginInfo(r != null ? r.id : "", r != null ? r.version : "", "REFUSED",
                String.valueOf(path.getFileName()), isBundled(path), List.of(), reason));
        LOG.warn("Plugin file '{}' is refused: {}", path.getFileName(), reason);
        if (!(t instanceof PluginRefusal)) {
            PluginFailures.TRACES.warn("Plugin file '{}' is refused", path, t);
        }
    }

    /** Resolves dependencies; a plugin whose Plugin-Dependencies are missing or circular is refused alone. */
    private void resolve() {
        Map<Path, PluginDescriptor> before = new LinkedHashMap<>();
        plugins.values().forEach(w -> before.put(w.getPluginPath(), w.getDescriptor()));
        try {
            resolvePlugins();
        } catch (DependencyResolver.CyclicDependencyException e) {
            for (PluginWrapper w : new ArrayList<>(plugins.values())) {
                if (!w.getDescriptor().getDependencies().isEmpty()) {
                    refusePath(w.getPluginPath(), new PluginRefusal("its Plugin-Dependencies form a cycle",
                            w.getPluginId(), w.getDescriptor().getVersion()));
                    unloadPlugin(w.getPluginId(), false, false);
                }
            }
            resolvePlugins();
        }
        before.forEach((path, d) -> {
            if (wrapperAt(path) == null && !pathRefusals.containsKey(path)) {
                List<String> needs = d.getDependencies().stream().map(Object::toString).toList();
                refusePath(path, new PluginRefusal("its Plugin-Dependencies are not met (needs: "
                        + String.join(", ", needs) + ")", d.getPluginId(), d.getVersion()));
            }
        });
    }

    /** PF4J's steps, with a one-line reason for a duplicate id and an unmet Plugin-Requires. */
    @Override
    protected PluginWrapper loadPluginFromPath(Path path) {
        PluginDescriptor d = getPluginDescriptorFinder().find(path);
        validatePluginDescriptor(d);
        String id = d.getPluginId();
        PluginWrapper first = plugins.get(id);
        if (first != null) {
            Path firstPath = first.getPluginPath();
            String why = isBundled(firstPath) ? "which is shipped with sockit"
                    : "which was loaded first (by file name)";
            throw new PluginRefusal("plugin id '" + id + "' is already used by " + firstPath.getFileName()
                    + ", " + why, id, d.getVersion());
        }
        ClassLoader loader = getPluginLoader().loadPlugin(path, d);
        PluginWrapper w = createPluginWrapper(d, path, loader);
        if (isPluginDisabled(id)) {
            w.setPluginState(PluginState.DISABLED);
        }
        String invalid = requiresProblem(d);
        if (invalid != null) {
            refusals.put(id, invalid);
            w.setPluginState(PluginState.DISABLED);
            LOG.warn("Plugin '{}' in '{}' is refused: {}", id, path.getFileName(), invalid);
        }
        plugins.put(id, w);
        getUnresolvedPlugins().add(w);
        getPluginClassLoaders().put(id, loader);
        return w;
    }

    @Override
    protected void validatePluginDescriptor(PluginDescriptor d) {
        if (d.getPluginId() == null || d.getPluginId().isBlank()) {
            throw new PluginRefusal("not a plugin: its manifest has no Plugin-Id");
        }
        if (d.getVersion() == null || d.getVersion().isBlank()) {
            throw new PluginRefusal("its manifest has no Plugin-Version");
        }
    }

    private String requiresProblem(PluginDescriptor d) {
        String requires = d.getRequires() == null ? "" : d.getRequires().trim();
        String constraint = requires.matches("\\d+\\.\\d+\\.\\d+") ? ">=" + requires : requires;
        try {
            if (getVersionManager().checkVersionConstraint(getSystemVersion(), constraint)) {
                return null;
            }
        } catch (RuntimeException e) {
            return "its Plugin-Requires '" + PluginFailures.oneLine(requires) + "' is not a version range "
                    + "(expected, for example: >=0.1.0 & <0.2.0)";
        }
        return "requires API " + requires + " (Plugin-Requires), this runtime provides API " + getSystemVersion();
    }

    /** PF4J's start of every resolved plugin, with every Throwable of a Plugin class caught. */
    @Override
    public void startPlugins() {
        for (PluginWrapper w : resolvedPlugins) {
            PluginState previous = w.getPluginState();
            if (previous.isDisabled() || previous.isStarted()) {
                continue;
            }
            try {
                w.getPlugin().start();
                w.setPluginState(PluginState.STARTED);
                w.setFailedException(null);
                startedPlugins.add(w);
            } catch (Throwable t) {
                PluginFailures.rethrowIfFatal(t);
                w.setPluginState(PluginState.FAILED);
                w.setFailedException(PluginFailures.unwrap(t));
                LOG.warn("Plugin '{}' in '{}' is refused: its plugin class failed: {}", w.getPluginId(),
                        w.getPluginPath().getFileName(), PluginFailures.describe(t));
                PluginFailures.TRACES.warn("Plugin '{}': its plugin class failed", w.getPluginId(), t);
            } finally {
                firePluginStateEvent(new PluginStateEvent(this, w, previous));
            }
        }
    }

    /** PF4J's stop of every started plugin (in reverse order), with every Throwable of a Plugin class caught. */
    @Override
    public void stopPlugins() {
        List<PluginWrapper> started = new ArrayList<>(startedPlugins);
        Collections.reverse(started);
        for (PluginWrapper w : started) {
            PluginState previous = w.getPluginState();
            try {
                w.getPlugin().stop();
            } catch (Throwable t) {
                PluginFailures.rethrowIfFatal(t);
                LOG.warn("Plugin '{}' did not stop cleanly: {}", w.getPluginId(), PluginFailures.describe(t));
                PluginFailures.TRACES.warn("Plugin '{}' did not stop cleanly", w.getPluginId(), t);
            }
            w.setPluginState(PluginState.STOPPED);
            startedPlugins.remove(w);
            firePluginStateEvent(new PluginStateEvent(this, w, previous));
        }
    }

    /** Creates the Plugin-Class, throwing what its constructor threw (PF4J's factory logs it and returns null). */
    private static Plugin createPlugin(PluginWrapper w) {
        String name = w.getDescriptor().getPluginClass();
        Class<?> type;
        try {
            type = w.getPluginClassLoader().loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new PluginRefusal("its Plugin-Class " + name + " is not in the jar");
        }
        if (!Plugin.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw new PluginRefusal("its Plugin-Class " + name + " is not a concrete subclass of "
                    + Plugin.class.getName());
        }
        try {
            try {
                return (Plugin) type.getConstructor(PluginWrapper.class).newInstance(w);
            } catch (NoSuchMethodException e) {
                return (Plugin) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException e) {
            // PluginFailures.describe names the constructor's own exception, not these two wrappers.
            throw new PluginRuntimeException(e);
        }
    }
}
