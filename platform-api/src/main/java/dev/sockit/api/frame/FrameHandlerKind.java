package dev.sockit.api.frame;

import dev.sockit.api.spi.NamedExtension;
import dev.sockit.api.spi.ProcessContext;

/**
 * A kind of frame handler a plugin contributes, such as {@code upper}: a step of an {@code event-handler}'s
 * {@code chain}. Mark the implementation with PF4J's {@code @Extension}; the {@code event-handler} finds it through
 * {@link ProcessContext#extensions(Class)} and creates it for every chain entry {@code { <name>: <config> }}.
 *
 * <pre>{@code
 * @Extension
 * public final class UpperKind implements FrameHandlerKind<UpperKind.Config> {
 *     public record Config() { }
 *     public String name() { return "upper"; }
 *     public Class<Config> configType() { return Config.class; }
 *     public FrameHandler create(Config config, ProcessContext<?> process) {
 *         return (frame, payload) -> Future.succeededFuture(FrameAction.next(upper(payload)));
 *     }
 * }
 * }</pre>
 *
 * @param <C> the typed config: a record Jackson can bind from the entry's value (an empty object when the entry
 *            says {@code {}} or nothing); unknown keys are rejected
 */
public interface FrameHandlerKind<C> extends NamedExtension {

    /** The class an entry's value is bound to. */
    Class<C> configType();

    /**
     * The handler of one chain entry, created once when its process is created and shared by all its connections.
     * Throws a {@link dev.sockit.api.ConfigException}, its path relative to the entry's value ({@code timeout}),
     * for a config that binds but makes no sense.
     *
     * @param config  the entry's bound config
     * @param process the {@code event-handler} process that runs the chain: its id, Vert.x, logger and journal
     */
    FrameHandler create(C config, ProcessContext<?> process);
}
