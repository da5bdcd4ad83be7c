package dev.sockit.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link ProcessKind} whose name, config type, description and process factory are given once, to the
 * constructor, so that a plugin's kind writes only what is its own: its endpoints and the processes it refers to.
 * Extend it and mark the subclass with PF4J's {@code @Extension}:
 *
 * <pre>{@code
 * @Extension
 * public final class GreeterKind extends BasicProcessKind<GreeterConfig> {
 *     public GreeterKind() {
 *         super("greeter", GreeterConfig.class, "says hello", GreeterProcess::new);
 *     }
 * }
 * }</pre>
 *
 * @param <C> the typed config
 */
public abstract class BasicProcessKind<C> implements ProcessKind<C> {

    private final String name;
    private final Class<C> configType;
    private final String description;
    private final Function<ProcessContext<C>, SockitProcess> factory;

    /**
     * A kind named {@code name}, bound to {@code configType}, whose processes {@code factory} creates.
     *
     * @param name        the name configs use in {@code kind:}
     * @param configType  the class {@code processes.<id>.config} is bound to
     * @param description one line for {@code sockit plugins list}
     * @param factory     creates a process from its context; called once per configured process
     */
    protected BasicProcessKind(String name, Class<C> configType, String description,
                               Function<ProcessContext<C>, SockitProcess> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.configType = Objects.requireNonNull(configType, "configType");
        this.description = Objects.requireNonNull(description, "description");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Class<C> configType() {
        return configType;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public SockitProcess create(ProcessContext<C> context) {
        return factory.apply(context);
    }

    /**
     * A {@link #processReferences} answer: {@code key} to {@code processId}, or none when {@code processId} is
     * {@code null} (the config refers to no process).
     */
    protected static Map<String, String> reference(String key, String processId) {
        Objects.requireNonNull(key, "key");
        return processId == null ? Map.of() : Map.of(key, processId);
    }
}
