package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pool's accounting under every interleaving a seeded random loop makes of acquire, release (clean and
 * broken), double release, cancel, acquire timeout, connect success and failure, connections dying, backend
 * down and up, probes, housekeeping and close, with the invariants checked after each event.
 */
class PoolPropertyTest {

    private static final int SEEDS = 40;
    private static final int EVENTS = 3_000;
    private static final long MS = 1_000_000L;

    /** One run's model of what the callers hold. */
    private static final class Run {
        final VirtualEnv env;
        final Pool<VirtualEnv.Conn> pool;
        final PoolSettings settings;
        final Random r;
        final List<Lease<VirtualEnv.Conn>> held = new ArrayList<>();
        final List<Lease<VirtualEnv.Conn>> released = new ArrayList<>();
        final List<Waiter<VirtualEnv.Conn>> waiting = new ArrayList<>();
        final Map<Waiter<VirtualEnv.Conn>, Integer> answers = new IdentityHashMap<>();
        boolean up = true;
        long handedOut;
        long failures;

        Run(long seed) {
            r = new Random(seed);
            env = new VirtualEnv(seed);
            int max = 1 + r.nextInt(8);
            settings = new PoolSettings(max, r.nextInt(max + 1), r.nextInt(12), (1 + r.nextInt(50)) * MS,
                    r.nextBoolean() ? 0 : (1 + r.nextInt(100)) * MS, r.nextBoolean() ? 0 : (50 + r.nextInt(500)) * MS,
                    r.nextBoolean() ? 0 : (5 + r.nextInt(50)) * MS, r.nextBoolean() ? 0 : (5 + r.nextInt(50)) * MS,
                    MS, (1 + r.nextInt(20)) * MS, Balance.values()[r.nextInt(3)]);
            List<HostPort> targets = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                targets.add(HostPort.of("127.0.0.1", 7000 + i));
            }
            pool = new Pool<>(settings, targets, env);
            env.pool = pool;
            pool.start();
        }

        void acquire() {
            AtomicReference<Waiter<VirtualEnv.Conn>> self = new AtomicReference<>();
            self.set(pool.acquire((lease, failure) -> {
                Waiter<VirtualEnv.Conn> w = self.get();
                if (w != null) {
                    answers.merge(w, 1, Integer::sum);
                    waiting.remove(w);
                }
                if (lease != null) {
                    assertTrue(lease.connection().open, "a closed connection was handed out");
                    for (Lease<VirtualEnv.Conn> other : held) {
                        assertFalse(other.connection() == lease.connection(), "one connection leased twice");
                    }
                    held.add(lease);
                    handedOut++;
                } else {
                    failures++;
                }
            }));
            Waiter<VirtualEnv.Conn> w = self.get();
            if (!w.done()) {
                waiting.add(w);
            } else {
                answers.putIfAbsent(w, 1);
            }
        }

        void step() {
            int e = r.nextInt(100);
            if (e < 25) {
                acquire();
            } else if (e < 45 && !held.isEmpty()) {
                Lease<VirtualEnv.Conn> lease = held.remove(r.nextInt(held.size()));
                assertTrue(r.nextInt(5) == 0 ? lease.releaseBroken("test: broken") : lease.release());
                released.add(lease);
            } else if (e < 48 && !released.isEmpty()) {
                assertFalse(released.get(r.nextInt(released.size())).release(), "a second release was taken");
            } else if (e < 53 && !waiting.isEmpty()) {
                Waiter<VirtualEnv.Conn> w = waiting.remove(r.nextInt(waiting.size()));
                assertTrue(pool.cancel(w), "a waiting acquire could not be cancelled");
                answers.merge(w, 1, Integer::sum);
            } else if (e < 70 && !env.connects.isEmpty()) {
                env.completeConnect(r.nextInt(env.connects.size()), up && r.nextInt(10) > 0);
            } else if (e < 80) {
                env.advance(r.nextInt(20) * MS);
            } else if (e < 84) {
                up = !up;
            } else if (e < 88) {
                List<PoolSlot<VirtualEnv.Conn>> live = pool.slots().stream()
                        .filter(s -> s.state() != PoolSlot.State.CONNECTING).toList();
                if (!live.isEmpty()) {
                    PoolSlot<VirtualEnv.Conn> s = live.get(r.nextInt(live.size()));
                    VirtualEnv.Conn c = env.opened.stream().filter(x -> x.slotId == s.id()).findFirst().orElseThrow();
                    c.open = false;
                    pool.lost(s, "test: reset by peer");
                }
            } else if (e < 92 && !env.probes.isEmpty()) {
                VirtualEnv.Probe p = env.probes.remove(r.nextInt(env.probes.size()));
                p.done().accept(up && p.conn().open);
            } else if (e < 94) {
                pool.housekeep();
            } else if (e < 96 && !held.isEmpty()) {
                // A holder that keeps its lease while time passes: leak detection and lifetime at work.
                env.advance(r.nextInt(60) * MS);
            }
        }

        void check() {
            PoolStats s = pool.stats();
            int probing = s.total() - s.connecting() - s.idle() - s.active();
            assertTrue(s.total() <= settings.maxSize(), () -> "total " + s.total() + " > maxSize " + s);
            assertTrue(probing >= 0, () -> "negative probing count " + s);
            assertTrue(s.pending() <= settings.maxWaiters(), () -> "waiters over maxWaiters " + s);
            assertEquals(waiting.size(), s.pending(), "waiters the pool and the callers count");
            assertEquals(held.size(), s.active(), "leases the pool and the callers count");
            assertEquals(s.created() - s.destroyed(), s.idle() + s.active() + probing,
                    () -> "created - destroyed is not what is open " + s);
            assertEquals(s.acquired(), s.released() + s.active(), () -> "acquired != released + active " + s);
            assertEquals(handedOut, s.acquired());
            assertEquals(env.connects.size(), s.connecting());
            long open = env.opened.stream().filter(c -> c.closes == 0).count();
            assertEquals(s.created() - s.destroyed(), open, "connections the env holds open");
            for (VirtualEnv.Conn c : env.opened) {
                assertTrue(c.closes <= 1, "a connection closed twice");
            }
            Set<Long> ids = new HashSet<>();
            for (PoolSlot<VirtualEnv.Conn> slot : pool.slots()) {
                assertTrue(ids.add(slot.id()), "a slot listed twice");
            }
            answers.forEach((w, n) -> assertEquals(1, n, "an acquire answered more than once"));
        }

        void finish() {
            pool.close();
            check();
            for (Lease<VirtualEnv.Conn> lease : List.copyOf(held)) {
                held.remove(lease);
                assertTrue(lease.release());
            }
            env.completeConnects(up);
            while (!env.probes.isEmpty()) {
                VirtualEnv.Probe p = env.probes.remove(0);
                p.done().accept(true);
            }
            check();
            PoolStats s = pool.stats();
            assertEquals(0, s.total(), () -> "a closed pool keeps connections " + s);
            assertEquals(s.created(), s.destroyed());
            for (VirtualEnv.Conn c : env.opened) {
                assertEquals(1, c.closes, "every connection closed exactly once at the end");
            }
        }
    }

    @Test
    void accounting_holds_after_every_event_of_thousands_of_random_interleavings() {
        long events = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run run = new Run(seed);
            try {
                for (int i = 0; i < EVENTS; i++) {
                    run.step();
                    run.check();
                    events++;
                }
                run.finish();
            } catch (AssertionError e) {
                fail("seed " + seed + " (" + run.settings + "): " + e.getMessage(), e);
            }
        }
        assertEquals((long) SEEDS * EVENTS, events);
    }

    @Test
    void the_loop_reaches_every_kind_of_outcome() {
        long timeouts = 0;
        long rejected = 0;
        long connectFailures = 0;
        long leaks = 0;
        long acquired = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run run = new Run(seed);
            for (int i = 0; i < EVENTS; i++) {
                run.step();
            }
            PoolStats s = run.pool.stats();
            timeouts += s.timeouts();
            rejected += s.rejected();
            connectFailures += s.connectFailures();
            leaks += s.leaks();
            acquired += s.acquired();
        }
        // Not a tautology: a loop that never times out or never fails a connect would prove nothing.
        assertTrue(timeouts > 0, "no acquire timed out");
        assertTrue(rejected > 0, "no acquire was refused for maxWaiters");
        assertTrue(connectFailures > 0, "no connect failed");
        assertTrue(leaks > 0, "no leak was detected");
        assertTrue(acquired > 1000, "few leases: " + acquired);
    }
}
