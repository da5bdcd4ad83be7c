package dev.sockit.api.spi;

import dev.sockit.api.Endpoint;
import dev.sockit.api.frame.CodecSpec;
import java.util.List;
import java.util.Map;

/**
 * A kind of process a plugin contributes, such as {@code tcp-server}. Mark the implementation with PF4J's
 * {@code @Extension}; the runtime finds it in the plugin file, binds {@code processes.<id>.config} to
 * {@link #configType()} and calls {@link #create(ProcessContext)} once per configured process.
 *
 * @param <C> the typed config: a record or bean Jackson can bind; unknown keys are rejected
 */
public interface ProcessKind<C> extends NamedExtension {

    /** The name configs use in {@code kind:}; lower case, words joined by '-'. */
    @Override
    String name();

    /** The class {@code processes.<id>.config} is bound to. */
    Class<C> configType();

    /** One line for {@code sockit plugins list}. */
    default String description() {
        return name();
    }

    /**
     * Whether processes of this kind open raw sockets. The runtime refuses to create them unless
     * {@code runtime.policy.allowRawSockets} is true.
     */
    default boolean usesRawSockets() {
        return false;
    }

    /**
     * The addresses a process of this config will listen on. The runtime calls this when it loads the config,
     * before {@link #create(ProcessContext)}, and refuses a process whose endpoint overlaps one of another
     * process (same protocol and port on the same host or a wildcard, or the same unix socket path), naming both
     * config paths. A kind that does not declare its endpoints is still checked when it starts, through
     * {@link ProcessContext#checkPort}. Must not bind or resolve anything.
     */
    default List<Endpoint> endpoints(C config) {
        return List.of();
    }

    /**
     * The other processes a config refers to ({@code forwardTo: events}), by the config path that names each,
     * relative to {@code processes.<id>.config}. The runtime refuses, with that path and its line, a config that
     * names a process the config does not have, or the process itself. None by default.
     */
    default Map<String, String> processReferences(C config) {
        return Map.of();
    }

    /**
     * The codecs a config names ({@code codec: {type: length-field, length: 4}}), by the config path of each,
     * relative to {@code processes.<id>.config}. The runtime creates each from its codecs when it loads the config
     * and refuses, with that path, the setting at fault and its line, a codec it does not know or a bad setting:
     * {@code processes.frames.config.codec.length: 5 (expected: 1, 2, 3, 4 or 8)  [sockit.yaml line 9]}. None by
     * default.
     */
    default Map<String, CodecSpec> codecs(C config) {
        return Map.of();
    }

    /**
     * Creates the process; called once per configured process, before it is deployed. May throw a
     * {@link dev.sockit.api.ConfigException} for a config that binds but makes no sense.
     */
    SockitProcess create(ProcessContext<C> context);
}
