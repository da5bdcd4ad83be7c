package dev.sockit.runtime;

import dev.sockit.api.SockitApi;
import dev.sockit.api.spi.ProcessKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.PluginRepository;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.JarPluginRepository;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plugins of one plugins directory, loaded through PF4J: every plugin jar found there, its state, the
 * {@link ProcessKind}s it contributes, and for each plugin that was refused the reason (an API version it does
 * not match, a broken descriptor, a plugin class that throws, a kind name already taken).
 */
final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(PluginHost.class);

    private final Path dir;
    private final SockitPluginManager manager;
    private final Map<String, KindEntry> kinds = new TreeMap<>();
    private final Map<String, String> refusedPaths = new LinkedHashMap<>();
    private final Map<String, List<String>> kindsByPlugin = new LinkedHashMap<>();
    private final Map<String, String> kindProblems = new LinkedHashMap<>();

    /** A process kind and the plugin that provides it. */
    record KindEntry(ProcessKind<?> kind, String pluginId) {
    }

    /** What {@code sockit plugins list} and {@code sockit.runtime.plugins} report of one plugin file. */
    record PluginInfo(String id, String version, String state, String path, List<String> kinds, String reason) {

        JsonObject toJson() {
            JsonObject json = new JsonObject().put("id", id).put("version", version).put("state", state)
                    .put("path", path).put("kinds", new JsonArray(new ArrayList<>(kinds)));
            if (!reason.isEmpty()) {
                json.put("reason", reason);
            }
            return json;
        }
    }

    private PluginHost(Path dir) {
        this.dir = dir;
        this.manager = new SockitPluginManager(dir);
    }

    /** Loads and starts every plugin in {@code dir} and collects their process kinds. */
    static PluginHost load(Path dir) {
        PluginHost host = new PluginHost(dir);
        host.manager.loadPlugins();
        host.manager.startPlugins();
        host.collectKinds();
        return host;
    }

    /** The directory plugins were loaded from. */
    Path dir() {
        return dir;
    }

    /** The process kinds by name. */
    Map<String, KindEntry> kinds() {
        return Collections.unmodifiableMap(kinds);
    }

    /** Every plugin file found, loaded or refused, by id (or file name for one without a valid descriptor). */
    List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginWrapper p : manager.getPlugins()) {
            String reason = reasonFor(p);
            String state = reason.isEmpty() ? p.getPluginState().toString() : "REFUSED";
            out.add(new PluginInfo(p.getPluginId(), p.getDescriptor().getVersion(), state,
                    String.valueOf(p.getPluginPath().getFileName()),
                    kindsByPlugin.getOrDefault(p.getPluginId(), List.of()), reason));
        }
        refusedPaths.forEach((path, reason) -> out.add(new PluginInfo("", "", "REFUSED", path, List.of(), reason)));
        return out;
    }

    /** The plugins as JSON, for Results. */
    JsonArray pluginsJson() {
        JsonArray a = new JsonArray();
        plugins().forEach(p -> a.add(p.toJson()));
        return a;
    }

    private String reasonFor(PluginWrapper p) {
        String refused = manager.refusals.get(p.getPluginId());
        if (refused != null) {
            return refused;
        }
        String kindProblem = kindProblems.get(p.getPluginId());
        if (kindProblem != null) {
            return kindProblem;
        }
        if (p.getPluginState() == PluginState.FAILED && p.getFailedException() != null) {
            Throwable t = p.getFailedException();
            return "plugin class failed to start: " + t;
        }
        return "";
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void collectKinds() {
        refusedPaths.putAll(manager.pathRefusals);
        for (PluginWrapper p : manager.getStartedPlugins()) {
            String pluginId = p.getPluginId();
            List<ProcessKind> found;
            try {
                found = manager.getExtensions(ProcessKind.class, pluginId);
            } catch (RuntimeException | LinkageError e) {
                kindProblems.put(pluginId, "its process kinds cannot be created: " + e);
                LOG.error("Plugin '{}': its process kinds cannot be created", pluginId, e);
                continue;
            }
            List<String> names = new ArrayList<>();
            for (ProcessKind<?> kind : (List<ProcessKind<?>>) (List) found) {
                String name = kind.name();
                KindEntry existing = kinds.get(name);
                if (existing != null) {
                    String why = "kind '" + name + "' is already provided by plugin '" + existing.pluginId() + "'";
                    kindProblems.merge(pluginId, why, (a, b) -> a + "; " + b);
                    LOG.warn("Plugin '{}' is refused: {}", pluginId, why);
                    continue;
                }
                kinds.put(name, new KindEntry(kind, pluginId));
                names.add(name);
            }
            kindsByPlugin.put(pluginId, List.copyOf(names));
            LOG.debug("Plugin '{}' {} provides {}", pluginId, p.getDescriptor().getVersion(), names);
        }
    }

    /** Stops and unloads every plugin. */
    @Override
    public void close() {
        manager.stopPlugins();
        manager.unloadPlugins();
    }

    /**
     * PF4J's manager for plugin jars only (PF4J 3.14.0 unpacks zips without checking entry names, fixed in
     * 3.14.1, so zips are not read), with extensions from {@code META-INF/extensions.idx} only, and every
     * refusal kept with its reason instead of only logged.
     */
    private static final class SockitPluginManager extends DefaultPluginManager {

        final Map<String, String> refusals = new LinkedHashMap<>();
        final Map<String, String> pathRefusals = new LinkedHashMap<>();

        SockitPluginManager(Path dir) {
            super(dir);
            setSystemVersion(SockitApi.VERSION);
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
        public void loadPlugins() {
            for (Path path : pluginRepository.getPluginPaths()) {
                try {
                    loadPluginFromPath(path);
                } catch (RuntimeException | LinkageError e) {
                    String reason = "not a loadable plugin: " + e.getMessage();
                    pathRefusals.put(String.valueOf(path.getFileName()), reason);
                    LOG.warn("Plugin file '{}' is refused: {}", path.getFileName(), reason);
                }
            }
            try {
                resolvePlugins();
            } catch (RuntimeException e) {
                LOG.error("Plugins in '{}' cannot be resolved: {}", getPluginsRoots(), e.getMessage());
            }
        }

        @Override
        protected boolean isPluginValid(PluginWrapper plugin) {
            if (super.isPluginValid(plugin)) {
                return true;
            }
            String requires = plugin.getDescriptor().getRequires();
            String reason = "requires API " + requires + " (Plugin-Requires), this runtime provides API "
                    + getSystemVersion();
            refusals.put(plugin.getPluginId(), reason);
            LOG.warn("Plugin '{}' is refused: {}", plugin.getPluginId(), reason);
            return false;
        }
    }
}
