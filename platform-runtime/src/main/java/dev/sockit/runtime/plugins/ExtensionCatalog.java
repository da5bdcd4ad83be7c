package dev.sockit.runtime.plugins;

import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.spi.NamedExtension;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.net.codec.BuiltInCodecs;
import dev.sockit.net.codec.CodecRegistry;
import dev.sockit.runtime.plugins.PluginHost.ExtensionEntry;
import dev.sockit.runtime.plugins.PluginHost.KindEntry;
import org.pf4j.PluginWrapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named extensions of the accepted plugins, by extension interface and name: process kinds, codecs, and any
 * other interface that extends {@link NamedExtension}. It creates a plugin's extensions apart ({@link Found}) and
 * says why the plugin is refused (an extension that throws, a name taken for the same interface, a built-in codec's
 * name), so that {@link PluginHost} adds all of a plugin or none of it.
 */
final class ExtensionCatalog {

    /** Names no plugin may take, by extension interface. */
    private static final Map<Class<?>, Set<String>> BUILT_IN =
            Map.of(CodecKind.class, BuiltInCodecs.codecs().names());

    private final SockitPluginManager manager;
    private final Map<String, KindEntry> kinds = new TreeMap<>();
    /** The named extensions other than process kinds, by their extension interface, then by name. */
    private final Map<Class<?>, Map<String, ExtensionEntry>> extensions = new HashMap<>();
    private CodecRegistry codecs = BuiltInCodecs.codecs();

    /** What one plugin contributes, kept apart until the whole plugin is accepted. */
    record Found(Map<String, KindEntry> kinds, Map<Class<?>, Map<String, ExtensionEntry>> extensions) {

        Found() {
            this(new LinkedHashMap<>(), new LinkedHashMap<>());
        }
    }

    ExtensionCatalog(SockitPluginManager manager) {
        this.manager = manager;
    }

    Map<String, KindEntry> kinds() {
        return Collections.unmodifiableMap(kinds);
    }

    /** See {@link PluginHost#extensions(Class)}. */
    <T extends NamedExtension> Map<String, T> extensions(Class<T> type) {
        Map<String, T> out = new TreeMap<>();
        if (type == ProcessKind.class) {
            kinds.forEach((name, entry) -> out.put(name, type.cast(entry.kind())));
        } else if (extensions.containsKey(type)) {
            extensions.get(type).forEach((name, entry) -> out.put(name, type.cast(entry.extension())));
        } else {
            extensions.values().forEach(byName -> byName.forEach((name, entry) -> {
                if (type.isInstance(entry.extension())) {
                    out.putIfAbsent(name, type.cast(entry.extension()));
                }
            }));
        }
        return Collections.unmodifiableMap(out);
    }

    CodecRegistry codecs() {
        return codecs;
    }

    /**
     * Creates every named extension of started plugin {@code p} into {@code found}; returns why the plugin is
     * refused, on one line, or {@code null}.
     */
    String create(PluginWrapper p, Found found) {
        String pluginId = p.getPluginId();
        try {
            for (String className : manager.getExtensionClassNames(pluginId)) {
                String problem = createExtension(p, className, found);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        } catch (Throwable t) {
            PluginFailures.rethrowIfFatal(t);
            PluginFailures.TRACES.warn("Plugin '{}': its extensions cannot be listed", pluginId, t);
            return "its extensions cannot be listed: " + PluginFailures.describe(t);
        }
    }

    /** Adds what an accepted plugin contributes. */
    void add(Found found) {
        kinds.putAll(found.kinds());
        found.extensions().forEach((point, byName) ->
                extensions.computeIfAbsent(point, k -> new TreeMap<>()).putAll(byName));
    }

    /** Makes the codec registry once every plugin is added: the built-in codecs and the plugins'. */
    void seal() {
        List<CodecKind<?>> codecKinds = new ArrayList<>(BuiltInCodecs.kinds());
        extensions(CodecKind.class).values().forEach(codecKinds::add);
        codecs = new CodecRegistry(codecKinds);
    }

    /** Creates one extension into {@code found}; returns why the plugin is refused, or {@code null}. */
    private String createExtension(PluginWrapper p, String className, Found found) {
        String pluginId = p.getPluginId();
        NamedExtension extension;
        String name;
        List<Class<?>> points;
        Map<Class<?>, Class<?>> configTypes = new HashMap<>();
        try {
            Class<?> type = p.getPluginClassLoader().loadClass(className);
            if (!NamedExtension.class.isAssignableFrom(type)) {
                return null;
            }
            points = extensionPoints(type);
            extension = (NamedExtension) manager.getExtensionFactory().create(type);
            name = extension.name();
            for (Class<?> point : points) {
                configTypes.put(point, configType(point, extension));
            }
        } catch (Throwable t) {
            PluginFailures.rethrowIfFatal(t);
            PluginFailures.TRACES.warn("Plugin '{}': extension '{}' cannot be created", pluginId, className, t);
            return "its extension " + className + " cannot be created: " + PluginFailures.describe(t);
        }
        for (Class<?> point : points) {
            Class<?> configType = configTypes.get(point);
            String problem = point == ProcessKind.class
                    ? addKind((ProcessKind<?>) extension, className, name, configType, pluginId, found)
                    : addExtension(point, extension, className, name, configType, pluginId, found);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * What {@code configType()} of the extension interface {@code point} returns ({@link ProcessKind},
     * {@link CodecKind}, a frame handler's kind all have one); {@code Object.class} for an interface without it.
     * Plugin code: the caller catches what it throws.
     */
    private static Class<?> configType(Class<?> point, NamedExtension extension) throws Throwable {
        Method method;
        try {
            method = point.getMethod("configType");
        } catch (NoSuchMethodException e) {
            return Object.class;
        }
        if (method.getReturnType() != Class.class || method.getParameterCount() != 0) {
            return Object.class;
        }
        try {
            return (Class<?>) method.invoke(extension);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Adds a process kind to {@code found}; returns why the plugin is refused, or {@code null}. */
    private String addKind(ProcessKind<?> kind, String className, String name, Class<?> configType,
                           String pluginId, Found found) {
        if (badName(name)) {
            return "its extension " + className + " names its kind '" + PluginFailures.oneLine(String.valueOf(name))
                    + "' (expected: a name without spaces or control characters)";
        }
        if (configType == null) {
            return "its kind '" + name + "' has no config type (configType() returned null)";
        }
        KindEntry taken = kinds.get(name);
        if (taken != null) {
            return "kind '" + name + "' is already provided by " + owner(taken.pluginId());
        }
        if (found.kinds().containsKey(name)) {
            return "it provides kind '" + name + "' twice";
        }
        found.kinds().put(name, new KindEntry(kind, configType, pluginId));
        return null;
    }

    /** Adds an extension of {@code point} to {@code found}; returns why the plugin is refused, or {@code null}. */
    private String addExtension(Class<?> point, NamedExtension extension, String className, String name,
                                Class<?> configType, String pluginId, Found found) {
        String noun = noun(point);
        if (badName(name)) {
            return "its extension " + className + " names its " + noun + " '"
                    + PluginFailures.oneLine(String.valueOf(name))
                    + "' (expected: a name without spaces or control characters)";
        }
        if (configType == null) {
            return "its " + noun + " '" + name + "' has no config type (configType() returned null)";
        }
        if (BUILT_IN.getOrDefault(point, Set.of()).contains(name)) {
            return noun + " '" + name + "' is built into sockit (expected: another name)";
        }
        ExtensionEntry taken = extensions.getOrDefault(point, Map.of()).get(name);
        if (taken != null) {
            return noun + " '" + name + "' is already provided by " + owner(taken.pluginId());
        }
        Map<String, ExtensionEntry> mine = found.extensions().computeIfAbsent(point, k -> new LinkedHashMap<>());
        if (mine.containsKey(name)) {
            return "it provides " + noun + " '" + name + "' twice";
        }
        mine.put(name, new ExtensionEntry(point, extension, pluginId));
        return null;
    }

    private static boolean badName(String name) {
        return name == null || name.isEmpty()
                || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    /** {@code plugin 'x', which ...}: whether the plugin that has a name is shipped or was merely loaded first. */
    private String owner(String pluginId) {
        PluginWrapper owner = manager.getPlugin(pluginId);
        boolean builtIn = owner != null && manager.isBundled(owner.getPluginPath());
        return "plugin '" + pluginId + "'" + (builtIn ? ", which is shipped with sockit"
                : ", which was loaded first (by file name)");
    }

    /**
     * The extension interfaces {@code type} implements: those that extend {@link NamedExtension} directly, such
     * as {@link ProcessKind} and {@link CodecKind}.
     */
    static List<Class<?>> extensionPoints(Class<?> type) {
        List<Class<?>> points = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            todo.addAll(List.of(c.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> i = todo.poll();
            if (!seen.add(i) || !NamedExtension.class.isAssignableFrom(i) || i == NamedExtension.class) {
                continue;
            }
            if (List.of(i.getInterfaces()).contains(NamedExtension.class)) {
                points.add(i);
            }
            todo.addAll(List.of(i.getInterfaces()));
        }
        return points;
    }

    /**
     * What messages call an extension of {@code point}: a {@code CodecKind} a codec, a {@code FrameHandlerKind} a
     * frame handler.
     */
    static String noun(Class<?> point) {
        String simple = point.getSimpleName();
        String base = simple.endsWith("Kind") && simple.length() > 4 ? simple.substring(0, simple.length() - 4)
                : simple;
        return base.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
