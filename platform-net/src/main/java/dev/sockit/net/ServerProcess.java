package dev.sockit.net;

import dev.sockit.api.Transport;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every server process keeps for its instances, whatever it serves: its context and the transport it runs
 * on, the "first binds, the others join" protocol of its instances ({@link BindOrJoin}) with the address the first
 * one bound, how many instances are up, the counters its status reports, and the status keys every server writes
 * alike. A plugin's process extends it with its own state and writes its status from {@link #putAddresses},
 * {@link #counters} and {@link #putOptions}, so that every server reports these keys the same way.
 *
 * <p>Its instances call {@link #deployment}, {@link #firstBound}, {@link #instanceUp} and {@link #instanceDown}
 * from their event loops; everything here is thread-safe.
 *
 * @param <C> the process's config
 * @param <B> what the first instance binds and the others join
 */
public abstract class ServerProcess<C, B> implements SockitProcess {

    /** The counters {@link #status()} reports, in its order; a subclass adds its own as it declares them. */
    protected final StatusCounters counters = new StatusCounters();

    private final ProcessContext<C> context;
    private final Transport transport;
    private final BindOrJoin<B> instancesBind = new BindOrJoin<>();
    private final AtomicInteger instancesUp = new AtomicInteger();
    private volatile String boundAddress = "";

    /** A server process of {@code context}, on the transport the context reports. */
    protected ServerProcess(ProcessContext<C> context) {
        this.context = Objects.requireNonNull(context, "context");
        this.transport = context.transport();
    }

    /** The process's context: its id, config, Vert.x, journal and logger. */
    public final ProcessContext<C> context() {
        return context;
    }

    /** The process's config, as its context gives it; the same for the process's life. */
    public final C config() {
        return context.config();
    }

    /** The Vert.x transport the process runs on. */
    public final Transport transport() {
        return transport;
    }

    /** Where the first instance bound, as audit lines and the status show it; empty until it has. */
    @Override
    public final String address() {
        return boundAddress;
    }

    /** Where the config says to listen, as audit lines and the status show an address. */
    public abstract String configuredAddress();

    /** What the mapping of the config's socket options onto the transport set and left unset. */
    protected abstract OptionReport optionReport();

    /** How {@link #address()} shows what the first instance bound. */
    protected abstract String addressOf(B bound);

    /**
     * The shared state of the instances deployed under {@code deploymentId}: the first binds, the others join what
     * it bound.
     */
    public final BindOrJoin.Deployment<B> deployment(String deploymentId) {
        return instancesBind.deployment(deploymentId);
    }

    /** Called by the first instance with the outcome of its bind, before the others join. */
    public final void firstBound(AsyncResult<B> result) {
        if (result.succeeded()) {
            boundAddress = addressOf(result.result());
        }
    }

    /** Counts an instance of {@code deployment} that is up: bound, or joined the first one's bind. */
    protected final void instanceUp(BindOrJoin.Deployment<B> deployment) {
        deployment.up();
        instancesUp.incrementAndGet();
    }

    /** Counts an instance of {@code deployment} that has stopped; true for the last one. */
    protected final boolean instanceDown(BindOrJoin.Deployment<B> deployment) {
        instancesUp.decrementAndGet();
        return deployment.down();
    }

    /** How many instances are up now. */
    protected final int instancesUp() {
        return instancesUp.get();
    }

    /**
     * Puts where the server listens into {@code status}: {@code configuredAddress}, {@code address} (empty until
     * bound), {@code transport} and {@code instances} (as configured).
     */
    protected final JsonObject putAddresses(JsonObject status) {
        return status.put("configuredAddress", configuredAddress())
                .put("address", boundAddress)
                .put("transport", transport.json())
                .put("instances", context.instances());
    }

    /**
     * Puts what became of the socket options into {@code status}: {@code appliedOptions} and
     * {@code ignoredOptions} from the {@link #optionReport()}, then {@code effective} as {@code effectiveOptions}
     * and {@code recommendations}.
     */
    protected final JsonObject putOptions(JsonObject status, JsonObject effective, JsonArray recommendations) {
        OptionReport report = optionReport();
        return status.put("appliedOptions", new JsonObject(new LinkedHashMap<>(report.applied())))
                .put("ignoredOptions", new JsonObject(new LinkedHashMap<>(report.ignored())))
                .put("effectiveOptions", effective)
                .put("recommendations", recommendations);
    }
}
