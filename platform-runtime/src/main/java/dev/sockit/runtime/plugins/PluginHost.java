package dev.sockit.runtime.plugins;

import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.spi.NamedExtension;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.net.codec.CodecRegistry;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plugins of one plugins directory, loaded through PF4J: every plugin jar found there, its state, the
 * {@link ProcessKind}s and other {@link NamedExtension}s (codecs, frame handlers) it contributes, and for each
 * plugin that was refused the reason, on one line (not a jar, no PF4J manifest, an API version it does not match,
 * a plugin class or extension that throws, an id, a kind name or an extension name already taken).
 *
 * <p>Plugins shipped with the distribution come first: a jar is <em>bundled</em> when its SHA-256 digest is
 * listed in {@code lib/bundled-plugins.sha256}, which the build writes. They are loaded first, then every other
 * jar by file name, and the first to claim a plugin id or a name keeps it: a newcomer can never take over
 * a built-in kind, whatever it and its file are named. Names are per extension interface (a codec and a process
 * kind may share one), and the built-in codecs' names ({@link BuiltInCodecs}) are never a plugin's.
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
    private final Map<String, List<String>> kindsByPlugin = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> extensionsByPlugin = new LinkedHashMap<>();
    private final Map<String, String> kindProblems = new LinkedHashMap<>();
    private final ExtensionCatalog catalog;

    /** A process kind, its config type, and the plugin that provides it. */
    public record KindEntry(ProcessKind<?> kind, Class<?> configType, String pluginId) {
    }

    /**
     * A named extension other than a process kind, and the plugin that provides it.
     *
     * @param point     its extension interface: the one that extends {@link NamedExtension}, such as
     *                  {@link CodecKind}
     * @param extension the extension
     * @param pluginId  the plugin that provides it
     */
    public record ExtensionEntry(Class<?> point, NamedExtension extension, String pluginId) {
    }

    /**
     * What {@code sockit plugins list} and {@code sockit.runtime.plugins} report of one plugin file.
     *
     * @param extensions the plugin's other named extensions: their names by what they are ({@code codec}), sorted
     */
    public record PluginInfo(String id, String version, String state, String path, boolean bundled, List<String> kinds,
                      String reason, Map<String, List<String>> extensions) {

        /** A plugin file with process kinds only. */
        public PluginInfo(String id, String version, String state, String path, boolean bundled, List<String> kinds,
                          String reason) {
            this(id, version, state, path, bundled, kinds, reason, Map.of());
        }

        JsonObject toJson() {
            JsonObject json = new JsonObject().put("id", id).put("version", version).put("state", state)
                    .put("path", path).put("bundled", bundled).put("kinds", new JsonArray(new ArrayList<>(kinds)));
            if (!extensions.isEmpty()) {
                JsonObject byWhat = new JsonObject();
                extensions.forEach((what, names) -> byWhat.put(what, new JsonArray(new ArrayList<>(names))));
                json.put("extensions", byWhat);
            }
            if (!reason.isEmpty()) {
                json.put("reason", reason);
            }
            return json;
        }
    }

    private PluginHost(Path dir, Set<String> bundledDigests, List<Path> extraJars) {
        this.dir = dir;
        this.manager = new SockitPluginManager(dir, bundledDigests, extraJars);
        this.catalog = new ExtensionCatalog(manager);
    }

    /** Loads and starts every plugin in {@code dir}; the jars listed in {@code home}'s bundled list come first. */
    public static PluginHost load(Path dir, SockitHome home) {
        return load(dir, bundledDigests(home), List.of());
    }

    /**
     * Loads and starts every plugin in {@code dir} and the {@code extraJars} (as if they were in {@code dir}),
     * the jars whose SHA-256 is in {@code bundledDigests} first, and collects their process kinds, codecs and
     * other named extensions.
     */
    public static PluginHost load(Path dir, Set<String> bundledDigests, List<Path> extraJars) {
        PluginHost host = new PluginHost(dir, bundledDigests, extraJars);
        host.manager.loadPlugins();
        host.manager.startPlugins();
        host.collectExtensions();
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
        return catalog.kinds();
    }

    /**
     * The extensions of {@code type} the plugins contribute, by name, sorted: the process kinds for
     * {@link ProcessKind}, the plugins' codecs (not the built-in ones) for {@link CodecKind}, and so on for any
     * interface that extends {@link NamedExtension}. For an interface below one of those, the extensions that
     * implement it.
     */
    public <T extends NamedExtension> Map<String, T> extensions(Class<T> type) {
        return catalog.extensions(type);
    }

    /** The codecs a process may name: the built-in ones and those the plugins contribute. */
    public CodecRegistry codecs() {
        return catalog.codecs();
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
            boolean ok = reason.isEmpty();
            out.add(new PluginInfo(p.getPluginId(), p.getDescriptor().getVersion(), state, file, bundled,
                    ok ? kindsByPlugin.getOrDefault(p.getPluginId(), List.of()) : List.of(), reason,
                    ok ? extensionsByPlugin.getOrDefault(p.getPluginId(), Map.of()) : Map.of()));
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
     * Creates the {@link NamedExtension}s of every started plugin, in load order: its process kinds, codecs and
     * any other. A plugin whose extension cannot be created, or which names a kind or an extension already taken
     * (or a built-in codec), is refused with all its extensions.
     */
    private void collectExtensions() {
        for (Path path : manager.order) {
            PluginWrapper p = manager.wrapperAt(path);
            if (p == null || p.getPluginState() != PluginState.STARTED) {
                continue;
            }
            String pluginId = p.getPluginId();
            ExtensionCatalog.Found found = new ExtensionCatalog.Found();
            String problem = catalog.create(p, found);
            if (problem != null) {
                kindProblems.put(pluginId, problem);
                LOG.warn("Plugin '{}' in '{}' is refused: {}", pluginId, path.getFileName(), problem);
                continue;
            }
            catalog.add(found);
            kindsByPlugin.put(pluginId, List.copyOf(found.kinds().keySet()));
            Map<String, List<String>> byWhat = new TreeMap<>();
            found.extensions().forEach((point, byName) -> byWhat.put(ExtensionCatalog.noun(point),
                    byName.keySet().stream().sorted().toList()));
            extensionsByPlugin.put(pluginId, Collections.unmodifiableMap(byWhat));
            LOG.debug("Plugin '{}' {} provides {} {}", pluginId, p.getDescriptor().getVersion(),
                    found.kinds().keySet(), found.extensions().values().stream().map(Map::keySet).toList());
        }
        catalog.seal();
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
}
