package dev.sockit.runtime.plugins;

import dev.sockit.api.SockitApi;
import dev.sockit.api.SockitException;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DependencyResolver;
import org.pf4j.ExtensionFinder;
import org.pf4j.JarPluginRepository;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
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
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The plugins of one plugins directory, loaded through PF4J: every plugin jar found there, its state, the
 * {@link ProcessKind}s it contributes, and for each plugin that was refused the reason, on one line (not a jar,
 * no PF4J manifest, an API version it does not match, a plugin class or extension that throws, an id or a kind
 * name already taken).
 *
 * <p>Plugins shipped with the distribution come first: a jar is <em>bundled</em> when its SHA-256 digest is
 * listed in {@code lib/bundled-plugins.sha256}, which the build writes. They are loaded first, then every other
 * jar by file name, and the first to claim a plugin id or a kind name keeps it: a newcomer can never take over
 * a built-in kind, whatever it and its file are named.
 *
 * <p>Plugin code runs here (Plugin classes, extension constructors, {@code name()}, {@code configType()}); every
 * Throwable it throws, except the {@linkplain PluginFailures#isFatal fatal} ones, refuses that plugin only.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(PluginHost.class);

    /** Where below the installation the build lists the shipped plugin jars ({@code sha256sum} format). */
    static final String BUNDLED_LIST = "lib/bundled-plugins.sha256";

    private final Path dir;
    private final SockitPluginManager manager;
    private final Map<String, KindEntry> kinds = new TreeMap<>();
    private final Map<String, List<String>> kindsByPlugin = new LinkedHashMap<>();
    private final Map<String, String> kindProblems = new LinkedHashMap<>();

    /** A process kind, its config type, and the plugin that provides it. */
    public record KindEntry(ProcessKind<?> kind, Class<?> configType, String pluginId) {
    }

    /** What {@code sockit plugins list} and {@code sockit.runtime.plugins} report of one plugin file. */
    public record PluginInfo(String id, String version, String state, String path, boolean bundled, List<String> kinds,
                      String reason) {

        JsonObject toJson() {
            JsonObject json = new JsonObject().put("id", id).put("version", version).put("state", state)
                    .put("path", path).put("bundled", bundled).put("kinds", new JsonArray(new ArrayList<>(kinds)));
            if (!reason.isEmpty()) {
                json.put("reason", reason);
            }
            return json;
        }
    }

    private PluginHost(Path dir, Set<String> bundledDigests, List<Path> extraJars) {
        this.dir = dir;
        this.manager = new SockitPluginManager(dir, bundledDigests, extraJars);
    }

    /** Loads and starts every plugin in {@code dir}; the jars listed in {@code home}'s bundled list come first. */
    public static PluginHost load(Path dir, SockitHome home) {
        return load(dir, bundledDigests(home), List.of());
    }

    /**
     * Loads and starts every plugin in {@code dir} and the {@code extraJars} (as if they were in {@code dir}),
     * the jars whose SHA-256 is in {@code bundledDigests} first, and collects their process kinds.
     */
    public static PluginHost load(Path dir, Set<String> bundledDigests, List<Path> extraJars) {
        PluginHost host = new PluginHost(dir, bundledDigests, extraJars);
        host.manager.loadPlugins();
        host.manager.startPlugins();
        host.collectKinds();
        return host;
    }

    /**
     * The SHA-256 digests (lower-case hex) of the plugin jars shipped with the installation at {@code home}, from
     * {@value #BUNDLED_LIST}; empty when there is no such list (a development build run from the IDE).
     */
    public static Set<String> bundledDigests(SockitHome home) {
        Path list = home.dir().resolve(BUNDLED_LIST);
        Set<String> digests = new HashSet<>();
        try {
            for (String line : Files.readAllLines(list)) {
                String digest = line.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                if (digest.matches("[0-9a-f]{64}")) {
                    digests.add(digest);
                }
            }
        } catch (NoSuchFileException e) {
            LOG.debug("No list of bundled plugins at '{}': every plugin is treated as added", list);
        } catch (IOException e) {
            LOG.warn("Cannot read the list of bundled plugins '{}': {}; every plugin is treated as added", list,
                    e.toString());
        }
        return Set.copyOf(digests);
    }

    /** The SHA-256 digest of a file, lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The directory plugins were loaded from. */
    public Path dir() {
        return dir;
    }

    /** The process kinds by name. */
    public Map<String, KindEntry> kinds() {
        return Collections.unmodifiableMap(kinds);
    }

    /** Every plugin file found, loaded or refused, in load order: bundled first, then by file name. */
    public List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (Path path : manager.order) {
            String file = String.valueOf(path.getFileName());
            boolean bundled = manager.isBundled(path);
            PluginInfo refused = manager.pathRefusals.get(path);
            if (refused != null) {
                out.add(refused);
                continue;
            }
            PluginWrapper p = manager.wrapperAt(path);
            if (p == null) {
                continue;
            }
            String reason = reasonFor(p);
            String state = reason.isEmpty() ? p.getPluginState().toString() : "REFUSED";
            out.add(new PluginInfo(p.getPluginId(), p.getDescriptor().getVersion(), state, file, bundled,
                    reason.isEmpty() ? kindsByPlugin.getOrDefault(p.getPluginId(), List.of()) : List.of(), reason));
        }
        return out;
    }

    /** The plugins as JSON, for Results. */
    public JsonArray pluginsJson() {
        JsonArray a = new JsonArray();
        plugins().forEach(p -> a.add(p.toJson()));
        return a;
    }

    /** The plugin loaded from {@code file} (a path in this directory or one of the extra jars), or {@code null}. */
    public PluginInfo pluginAt(Path file) {
        String name = String.valueOf(file.getFileName());
        return plugins().stream().filter(p -> p.path().equals(name)).findFirst().orElse(null);
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
            return "its plugin class failed: " + PluginFailures.describe(p.getFailedException());
        }
        return "";
    }

    /**
     * Creates the {@link ProcessKind} extensions of every started plugin, in load order. A plugin whose extension
     * cannot be created, or which names a kind already taken, is refused with all its kinds.
     */
    private void collectKinds() {
        for (Path path : manager.order) {
            PluginWrapper p = manager.wrapperAt(path);
            if (p == null || p.getPluginState() != PluginState.STARTED) {
                continue;
            }
            String pluginId = p.getPluginId();
            Map<String, KindEntry> found = new LinkedHashMap<>();
            String problem = null;
            try {
                for (String className : manager.getExtensionClassNames(pluginId)) {
                    problem = createKind(p, className, found);
                    if (problem != null) {
                        break;
                    }
                }
            } catch (Throwable t) {
                PluginFailures.rethrowIfFatal(t);
                problem = "its extensions cannot be listed: " + PluginFailures.describe(t);
                PluginFailures.TRACES.warn("Plugin '{}': its extensions cannot be listed", pluginId, t);
            }
            if (problem != null) {
                kindProblems.put(pluginId, problem);
                LOG.warn("Plugin '{}' in '{}' is refused: {}", pluginId, path.getFileName(), problem);
                continue;
            }
            kinds.putAll(found);
            kindsByPlugin.put(pluginId, List.copyOf(found.keySet()));
            LOG.debug("Plugin '{}' {} provides {}", pluginId, p.getDescriptor().getVersion(), found.keySet());
        }
    }

    /** Creates one extension into {@code found}; returns why the plugin is refused, or {@code null}. */
    private String createKind(PluginWrapper p, String className, Map<String, KindEntry> found) {
        String pluginId = p.getPluginId();
        ProcessKind<?> kind;
        String name;
        Class<?> configType;
        try {
            Class<?> type = p.getPluginClassLoader().loadClass(className);
            if (!ProcessKind.class.isAssignableFrom(type)) {
                return null;
            }
            kind = (ProcessKind<?>) manager.getExtensionFactory().create(type);
            name = kind.name();
            configType = kind.configType();
        } catch (Throwable t) {
            PluginFailures.rethrowIfFatal(t);
            PluginFailures.TRACES.warn("Plugin '{}': extension '{}' cannot be created", pluginId, className, t);
            return "its extension " + className + " cannot be created: " + PluginFailures.describe(t);
        }
        if (name == null || name.isEmpty()
                || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "its extension " + className + " names its kind '" + PluginFailures.oneLine(String.valueOf(name))
                    + "' (expected: a name without spaces or control characters)";
        }
        if (configType == null) {
            return "its kind '" + name + "' has no config type (configType() returned null)";
        }
        KindEntry taken = kinds.get(name);
        if (taken != null) {
            PluginWrapper owner = manager.getPlugin(taken.pluginId());
            boolean builtIn = owner != null && manager.isBundled(owner.getPluginPath());
            return "kind '" + name + "' is already provided by plugin '" + taken.pluginId() + "'"
                    + (builtIn ? ", which is shipped with sockit" : ", which was loaded first (by file name)");
        }
        if (found.containsKey(name)) {
            return "it provides kind '" + name + "' twice";
        }
        found.put(name, new KindEntry(kind, configType, pluginId));
        return null;
    }

    /** Stops and unloads every plugin; a plugin whose stop throws is logged, the others still stop. */
    @Override
    public void close() {
        manager.stopPlugins();
        try {
            manager.unloadPlugins();
        } catch (Throwable t) {
            PluginFailures.rethrowIfFatal(t);
            LOG.warn("Plugins in '{}' did not unload cleanly: {}", dir, PluginFailures.describe(t));
            PluginFailures.TRACES.warn("Plugins in '{}' did not unload cleanly", dir, t);
        }
    }

    /** A plugin refused on purpose, with a reason that is one line already, and its id and version if known. */
    private static final class PluginRefusal extends SockitException {
        final String id;
        final String version;

        PluginRefusal(String reason) {
            this(reason, "", "");
        }

        PluginRefusal(String reason, String id, String version) {
            super(reason);
            this.id = id;
            this.version = version;
        }
    }

    /**
     * PF4J's manager for plugin jars only (PF4J 3.14.0 unpacks zips without checking entry names, fixed in
     * 3.14.1, so zips are not read), with extensions from {@code META-INF/extensions.idx} only. Loading, starting
     * and stopping are PF4J's steps, redone so that the order is fixed (bundled first, then by file name), every
     * Throwable of plugin code is caught, and every refusal is kept with a one-line reason instead of logged with
     * a stack trace on the console.
     */
    private static final class SockitPluginManager extends DefaultPluginManager {

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
                    return Files.isRegularFile(p) && bundledDigests.contains(sha256(p));
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

    /** Reads the PF4J descriptor from a jar's manifest only, with one-line reasons for what is not a plugin jar. */
    private static final class JarManifestFinder extends ManifestPluginDescriptorFinder {
        @Override
        public PluginDescriptor find(Path path) {
            if (Files.isDirectory(path)) {
                throw new PluginRefusal("a directory, not a plugin jar");
            }
            Manifest manifest;
            try (JarFile jar = new JarFile(path.toFile())) {
                manifest = jar.getManifest();
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new PluginRefusal("not a readable jar (" + PluginFailures.oneLine(why) + ")");
            }
            if (manifest == null) {
                throw new PluginRefusal("not a plugin: the jar has no META-INF/MANIFEST.MF");
            }
            return createPluginDescriptor(manifest);
        }
    }
}
