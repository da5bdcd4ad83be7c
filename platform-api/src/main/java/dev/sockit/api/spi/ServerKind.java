package dev.sockit.api.spi;

import dev.sockit.api.Endpoint;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The kind of a server: a process that listens on the one endpoint its {@link ServerConfig} names and may forward
 * what it receives to the process its {@code forwardTo} names. A subclass states only its name, config type,
 * description and process factory; the endpoint and the process reference come from the config:
 *
 * <pre>{@code
 * @Extension
 * public final class UdpServerKind extends ServerKind<UdpServerConfig> {
 *     public UdpServerKind() {
 *         super("udp-server", UdpServerConfig.class, "UDP server ...", UdpServerProcess::new);
 *     }
 * }
 * }</pre>
 *
 * @param <C> the typed config
 */
public abstract class ServerKind<C extends ServerConfig> extends BasicProcessKind<C> {

    /** The config key that names the process a server forwards to. */
    public static final String FORWARD_TO = "forwardTo";

    /**
     * A server kind named {@code name}, bound to {@code configType}, whose processes {@code factory} creates.
     *
     * @param name        the name configs use in {@code kind:}
     * @param configType  the class {@code processes.<id>.config} is bound to
     * @param description one line for {@code sockit plugins list}
     * @param factory     creates a process from its context; called once per configured process
     */
    protected ServerKind(String name, Class<C> configType, String description,
                         Function<ProcessContext<C>, SockitProcess> factory) {
        super(name, configType, description, factory);
    }

    /** The one endpoint the config names. */
    @Override
    public List<Endpoint> endpoints(C config) {
        return List.of(config.endpoint());
    }

    /** {@code forwardTo}: the process that receives what this one forwards, when the config names one. */
    @Override
    public Map<String, String> processReferences(C config) {
        return reference(FORWARD_TO, config.forwardTo());
    }
}
