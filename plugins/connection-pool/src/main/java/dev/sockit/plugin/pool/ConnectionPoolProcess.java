package dev.sockit.plugin.pool;

import dev.sockit.api.Addresses;
import dev.sockit.api.ConfigException;
import dev.sockit.api.HostPort;
import dev.sockit.api.Journal;
import dev.sockit.api.Protocol;
import dev.sockit.api.Result;
import dev.sockit.api.Units;
import dev.sockit.api.VerbConsumer;
import dev.sockit.api.frame.FrameCodec;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.SockitProcess;
import dev.sockit.contracts.AnalyzerContract;
import dev.sockit.contracts.PoolContract;
import dev.sockit.contracts.SharedBufferCodec;
import dev.sockit.net.EventLoops;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code connection-pool} process: one {@link Pool} on one event loop, its connections made by a Vert.x
 * {@link NetClient} and framed by the configured codec, serving {@code send} and {@code stats}
 * ({@link PoolContract}). Every pool operation runs on that event loop: the consumers and timers are registered
 * there, so the pool's fields need no lock. The loop is the pool's home loop ({@link PoolContract#homeLoop}), not
 * the one its verticle was given, so that an {@code event-handler} routing to it can run on the same thread.
 */
final class ConnectionPoolProcess implements SockitProcess {

    private static final long EXPLAIN_TIMEOUT_MS = 1_000;
    /** A response payload is read for one reply and never touched again: handed over, not copied. */
    private static final DeliveryOptions REPLY = SharedBufferCodec.options();

    private final ProcessContext<ConnectionPoolConfig> ctx;
    private final ConnectionPoolConfig cfg;
    private final FrameCodec codec;
    private final Journal journal;
    private final ClientOptionsMapper.Mapping mapping;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile JsonObject stats = new JsonObject();

    ConnectionPoolProcess(ProcessContext<ConnectionPoolConfig> ctx) {
        this.ctx = ctx;
        this.cfg = ctx.config();
        if (ctx.instances() != 1) {
            throw new ConfigException("instances", ctx.instances() + " (expected: 1; a pool is the state of one"
                    + " event loop: raise maxSize instead)");
        }
        try {
            this.codec = ctx.codecs().create(cfg.codec());
        } catch (ConfigException e) {
            throw e.under("codec");
        }
        this.journal = ctx.journal().on(Protocol.TCP);
        this.mapping = ClientOptionsMapper.map(cfg.options(), ctx.transport());
    }

    @Override
    public Deployable newInstance() {
        return new PoolVerticle();
    }

    @Override
    public JsonObject status() {
        return new JsonObject()
                .put("targets", new JsonArray(cfg.targets())).put("balance", cfg.balance().json())
                .put("maxSize", cfg.maxSize()).put("minIdle", cfg.minIdle()).put("codec", cfg.codec().toString())
                .put("sent", sent.get()).put("failed", failed.get())
                .put("appliedOptions", new JsonObject(Map.copyOf(mapping.report().applied())))
                .put("ignoredOptions", new JsonObject(Map.copyOf(mapping.report().ignored())))
                .put("tls", cfg.tls() == null ? null : cfg.tls().toJson())
                .put("stats", stats);
    }

    @Override
    public String address() {
        return String.join(",", cfg.targets());
    }

    private NetClientOptions clientOptions() {
        NetClientOptions o = mapping.client();
        o.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, cfg.connectTimeout().toMillis()));
        PoolTlsConfig tls = cfg.tls();
        if (tls != null) {
            o.setSsl(true).setTrustAll(tls.trustAll()).setHostnameVerificationAlgorithm(tls.verifyHost() ? "HTTPS"
                    : "");
            if (tls.trust() != null) {
                o.setTrustOptions(new PemTrustOptions().addCertPath(tls.trust()));
            }
            if (tls.cert() != null) {
                o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key()));
            }
        }
        return o;
    }

    /** The one instance: the pool, its client and its consumers, all on this verticle's event loop. */
    private final class PoolVerticle extends VerticleBase {

        private NetClient client;
        private Pool<PoolConnection> pool;
        private SharedLeases sends;
        private List<MessageConsumer<Object>> consumers = List.of();
        private VerbConsumer statsVerb;
        private Context home;
        private long statsTimer = -1;

        @Override
        public Future<?> start() {
            for (String warning : mapping.report().warnings()) {
                ctx.logger().log(Level.WARNING, "'" + ctx.id() + "' " + warning);
            }
            SharedBufferCodec.register(vertx.eventBus());
            // Everything of the pool runs on its home loop (PoolContract.homeLoop), where a caller can join it.
            home = EventLoops.contextOn(vertx, PoolContract.homeLoop(ctx.id(), EventLoops.count(vertx)));
            Promise<Void> started = Promise.promise();
            home.runOnContext(v -> {
                try {
                    startHome().<Void>mapEmpty().onComplete(started);
                } catch (RuntimeException e) {
                    started.fail(e);
                }
            });
            return started.future();
        }

        private Future<?> startHome() {
            client = vertx.createNetClient(clientOptions());
            Buffer probe = cfg.keepaliveProbe() == null ? null
                    : Buffer.buffer(cfg.keepaliveProbe().getBytes(StandardCharsets.UTF_8));
            NetPoolEnv env = new NetPoolEnv(vertx, client, codec, journal, cfg.tls() != null,
                    cfg.tls() == null ? null : cfg.tls().serverName(), probe, cfg.requestTimeout().toMillis(),
                    cfg.pipelining(), this::leak);
            pool = new Pool<>(cfg.settings(), cfg.targetAddresses(), env);
            sends = new SharedLeases(pool, cfg.pipelining(), cfg.requestTimeout().toMillis());
            env.pool(pool);
            pool.start();
            MessageConsumer<Object> local = vertx.eventBus().localConsumer(PoolContract.send(ctx.id()), this::send);
            MessageConsumer<Object> cluster = vertx.eventBus().consumer(
                    Addresses.nodeRequest(ctx.nodeId(), ctx.id(), PoolContract.VERB_SEND), this::send);
            statsVerb = ctx.serve(PoolContract.STATS, request -> statsResult());
            consumers = List.of(local, cluster);
            statsTimer = vertx.setPeriodic(1_000, t -> stats = pool.stats().toJson());
            stats = pool.stats().toJson();
            return Future.all(local.completion(), cluster.completion(), statsVerb.completion());
        }

        @Override
        public Future<?> stop() {
            // Consumers and timers made on the home context do not go with the verticle's: stopped here, there.
            Promise<Void> stopped = Promise.promise();
            home.runOnContext(v -> {
                vertx.cancelTimer(statsTimer);
                if (pool != null) {
                    pool.close();
                    stats = pool.stats().toJson();
                }
                List<Future<Void>> gone = new java.util.ArrayList<>(consumers.stream()
                        .map(MessageConsumer::unregister).toList());
                if (statsVerb != null) {
                    gone.add(statsVerb.unregister());
                }
                Future.all(gone)
                        .compose(x -> client == null ? Future.succeededFuture() : client.close())
                        .<Void>mapEmpty().onComplete(stopped);
            });
            return stopped.future();
        }

        private Result statsResult() {
            JsonObject figures = pool.stats().toJson();
            stats = figures;
            return Result.builder("stats", ctx.id()).address(address())
                    .finding(figures.getInteger(PoolContract.STAT_ACTIVE) + " of " + cfg.maxSize()
                            + " connections in use, " + figures.getInteger(PoolContract.STAT_IDLE) + " idle, "
                            + figures.getInteger(PoolContract.STAT_PENDING) + " waiting")
                    .data(figures).build();
        }

        private void send(Message<Object> msg) {
            if (!(msg.body() instanceof Buffer payload)) {
                msg.fail(Addresses.FAILURE_BAD_REQUEST, "send: the body is " + (msg.body() == null ? "empty"
                        : "a " + msg.body().getClass().getSimpleName()) + " (expected: a Buffer, the payload of one"
                        + " request frame)");
                return;
            }
            if (payload.length() > codec.maxFrame()) {
                msg.fail(Addresses.FAILURE_BAD_REQUEST, "send: the payload is " + payload.length() + " bytes"
                        + " (expected: at most the codec's maxFrame, " + codec.maxFrame() + ")");
                return;
            }
            sends.send(payload, (ar, lease) -> {
                if (ar.succeeded()) {
                    sent.incrementAndGet();
                    msg.reply(ar.result(), REPLY);
                    return;
                }
                failed.incrementAndGet();
                if (ar.cause() instanceof AcquireException failure) {
                    unavailable(msg, failure);
                } else if (ar.cause() instanceof TimeoutException) {
                    msg.fail(PoolContract.FAILURE_TIMEOUT, FailureText.timedOut(ctx.id(),
                            lease.slot().target().address(), cfg.requestTimeout()));
                } else {
                    msg.fail(PoolContract.FAILURE_BAD_GATEWAY, FailureText.badGateway(ctx.id(),
                            lease.slot().target().address(), ar.cause()));
                }
            });
        }

        private void unavailable(Message<Object> msg, AcquireException failure) {
            String text = FailureText.unavailable(ctx.id(), failure, cfg.connectTimeout(), cfg.maxSize());
            if (cfg.explainWith() == null || failure.getCause() == null) {
                msg.fail(PoolContract.FAILURE_UNAVAILABLE, text);
                return;
            }
            JsonObject ask = AnalyzerContract.EXPLAIN.body(
                    new AnalyzerContract.ExplainRequest(PoolConnection.reason(failure.getCause())));
            vertx.eventBus().<JsonObject>request(AnalyzerContract.EXPLAIN.address(cfg.explainWith()), ask,
                    new DeliveryOptions().setSendTimeout(EXPLAIN_TIMEOUT_MS)).onComplete(ar -> {
                        String advice = ar.succeeded() ? advice(ar.result().body()) : "";
                        msg.fail(PoolContract.FAILURE_UNAVAILABLE, advice.isEmpty() ? text
                                : text + "; analyzer '" + cfg.explainWith() + "': " + advice);
                    });
        }

        private String advice(JsonObject body) {
            try {
                List<String> sentences = Result.fromJson(body).sentences();
                return String.join(" ", sentences.subList(0, Math.min(2, sentences.size())));
            } catch (RuntimeException e) {
                return "";
            }
        }

        private void leak(PoolConnection c, long heldNanos, Throwable acquiredAt) {
            ctx.logger().log(Level.WARNING, "'" + ctx.id() + "' connection " + c.id() + " to " + c.target()
                    + " has been leased for " + heldNanos / 1_000_000 + "ms, beyond leakDetectionThreshold "
                    + Units.format(cfg.leakDetectionThreshold()) + ": a possible leak; it was taken here:",
                    acquiredAt);
        }
    }
}
