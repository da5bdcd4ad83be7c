package dev.sockit.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * "The first instance binds, the others join": how the instances of one socket process share one bind. Vert.x
 * deploys a process's {@code instances} verticles at once (and a restart deploys anew, under another deployment
 * id). The first instance of a deployment to start checks the port and binds; the others wait for what it bound
 * (a port, an address) and join it: share its listener, or bind the same port with SO_REUSEPORT. A failed first
 * bind fails every instance of the deployment. The last instance to stop ends the deployment.
 *
 * <p>One per process; every method is thread-safe. Futures complete on the caller's context.
 *
 * @param <B> what the first instance bound, which the others join
 */
public final class BindOrJoin<B> {

    private final Map<String, Deployment<B>> deployments = new ConcurrentHashMap<>();

    /** The protocol for one process, with no deployment yet. */
    public BindOrJoin() {
    }

    /** The shared state of the instances deployed under {@code deploymentId}. */
    public Deployment<B> deployment(String deploymentId) {
        return deployments.computeIfAbsent(deploymentId, id -> new Deployment<>(this, id));
    }

    /** {@code future}, completed on {@code context} whichever thread completes the original. */
    public static <T> Future<T> on(Context context, Future<T> future) {
        Promise<T> promise = Promise.promise();
        future.onComplete(ar -> context.runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }

    /**
     * The instances of one deployment: the first to start binds, the others join what it bound; counters of the
     * instances that are up and whose socket is open tell the last one to stop.
     *
     * @param <B> what the first instance bound
     */
    public static final class Deployment<B> {
        private final BindOrJoin<B> owner;
        private final String id;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final Promise<B> bound = Promise.promise();
        private final AtomicInteger up = new AtomicInteger();
        private final AtomicInteger open = new AtomicInteger();

        private Deployment(BindOrJoin<B> owner, String id) {
            this.owner = owner;
            this.id = id;
        }

        /** The deployment id. */
        public String id() {
            return id;
        }

        /**
         * Starts one instance on {@code context}. The first instance runs {@code bind} (check the port, bind),
         * hands its outcome to the others, then runs {@code announce} with it; every other instance waits for that
         * outcome and runs {@code join} with it, or fails with the first one's failure.
         */
        public Future<B> start(Context context, Supplier<Future<B>> bind, Function<B, Future<B>> announce,
                               Function<B, Future<B>> join) {
            if (claimed.compareAndSet(false, true)) {
                return bind.get().andThen(bound::handle).compose(announce);
            }
            return on(context, bound.future()).compose(join);
        }

        /** What the first instance bound, once it has; failed if it could not. */
        public Future<B> bound() {
            return bound.future();
        }

        /** Counts an instance that is up (bound or joined); returns how many are. */
        public int up() {
            return up.incrementAndGet();
        }

        /**
         * Counts an instance that has stopped; true for the last one, after which the deployment is forgotten (a
         * restart starts a new one).
         */
        public boolean down() {
            return up.decrementAndGet() == 0 && owner.deployments.remove(id, this);
        }

        /** Counts an instance whose socket (or listener) is open; returns how many are. */
        public int opened() {
            return open.incrementAndGet();
        }

        /** Counts an instance whose socket is closed; true for the last one. */
        public boolean closed() {
            return open.decrementAndGet() == 0;
        }
    }
}
