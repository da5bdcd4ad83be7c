package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's rules one at a time, on virtual time. */
class PoolTest {

    private static final long MS = 1_000_000L;
    private static final long MINUTE = 60_000 * MS;

    private final List<Lease<VirtualEnv.Conn>> leases = new ArrayList<>();
    private final List<AcquireException> failures = new ArrayList<>();

    private static PoolSettings settings(int maxSize, int minIdle, int maxWaiters) {
        return new PoolSettings(maxSize, minIdle, maxWaiters, 100 * MS, 0, 0, 0, 0, 10 * MS, 80 * MS,
                Balance.ROUND_ROBIN);
    }

    private Pool<VirtualEnv.Conn> pool(VirtualEnv env, PoolSettings settings, int targets) {
        List<HostPort> list = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            list.add(HostPort.of("127.0.0.1", 7000 + i));
        }
        Pool<VirtualEnv.Conn> pool = new Pool<>(settings, list, env);
        env.pool = pool;
        pool.start();
        return pool;
    }

    private void acquire(Pool<VirtualEnv.Conn> pool) {
        pool.acquire((lease, failure) -> {
            if (lease != null) {
                leases.add(lease);
            } else {
                failures.add(failure);
            }
        });
    }

    @Test
    void min_idle_connections_are_made_at_start_and_an_acquire_takes_one_at_once() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(4, 2, 8), 1);
        assertEquals(2, env.connects.size());
        env.completeConnects(true);
        assertEquals(2, pool.stats().idle());

        acquire(pool);
        assertEquals(1, leases.size());
        assertEquals(1, pool.stats().active());
        assertEquals(2, env.connects.size() + pool.stats().idle(), "minIdle is refilled");
    }

    @Test
    void a_closed_idle_connection_is_evicted_on_acquire_never_handed_out() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(2, 1, 8), 1);
        env.completeConnects(true);
        VirtualEnv.Conn first = env.opened.get(0);
        first.open = false;

        acquire(pool);
        assertTrue(leases.isEmpty(), "the closed connection was not handed out");
        assertEquals(1, first.closes);
        assertEquals("failed validation", first.closeReason);
        env.completeConnects(true);
        assertEquals(1, leases.size());
        assertTrue(leases.get(0).connection().open);
    }

    @Test
    void beyond_max_waiters_an_acquire_fails_at_once() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(1, 0, 2), 1);
        acquire(pool);
        acquire(pool);
        acquire(pool);
        assertEquals(1, failures.size());
        assertEquals(AcquireException.Reason.TOO_MANY_WAITERS, failures.get(0).reason());
        assertEquals("2 acquires are already waiting (maxWaiters 2)", failures.get(0).getMessage());
        assertEquals(1, env.connects.size(), "maxSize 1: one connect for two waiters");
    }

    @Test
    void with_the_backend_down_an_acquire_fails_after_acquire_timeout_naming_the_last_connect_error() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(2, 0, 8), 1);
        acquire(pool);
        env.completeConnects(false);
        env.advance(99 * MS);
        env.completeConnects(false);
        assertTrue(failures.isEmpty(), "still within acquireTimeout");
        env.advance(1 * MS);

        assertEquals(1, failures.size());
        AcquireException e = failures.get(0);
        assertEquals(AcquireException.Reason.TIMEOUT, e.reason());
        assertEquals("127.0.0.1:7000", e.target().address().toString());
        assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("no connection within acquireTimeout 100ms (0 of maxSize 2 in use"),
                e.getMessage());
        assertEquals(1, pool.stats().timeouts());
    }

    @Test
    void reconnects_back_off_per_target_and_the_pool_recovers_by_itself() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(2, 1, 8), 1);
        List<Long> attempts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, env.connects.size(), "one connect at a time for minIdle 1");
            attempts.add(env.now);
            env.completeConnects(false);
            env.advance(200 * MS);
        }
        for (int i = 1; i < attempts.size() - 1; i++) {
            assertTrue(attempts.get(i + 1) - attempts.get(i) >= attempts.get(i) - attempts.get(i - 1) - 50 * MS,
                    "waits do not shrink: " + attempts);
        }
        // Backend back: the next attempt succeeds, no one asked for it.
        env.advance(100 * MS);
        env.completeConnects(true);
        assertEquals(1, pool.stats().idle());
        assertEquals(0, pool.targets().get(0).failures());
        assertNull(pool.targets().get(0).lastError());
    }

    @Test
    void lifetime_jitter_spreads_the_expiry_of_connections_made_together() {
        VirtualEnv env = new VirtualEnv(7);
        PoolSettings s = new PoolSettings(64, 64, 8, 100 * MS, 0, 30 * MINUTE, 0, 0, 10 * MS, 80 * MS,
                Balance.ROUND_ROBIN);
        pool(env, s, 1);
        long madeAt = env.now;
        env.completeConnects(true);

        long earliest = env.expiries.stream().mapToLong(Long::longValue).min().orElseThrow();
        long latest = env.expiries.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(64, env.expiries.stream().distinct().count(), "64 connections, 64 expiry times");
        assertTrue(latest <= madeAt + 30 * MINUTE, "never beyond maxLifetime");
        assertTrue(earliest >= madeAt + 30 * MINUTE - (long) (30 * MINUTE * PoolSettings.LIFETIME_JITTER));
        assertTrue(latest - earliest > 30 * MINUTE * PoolSettings.LIFETIME_JITTER / 2,
                "spread over more than half of the 2.5% window: " + (latest - earliest) / MS + "ms");
    }

    @Test
    void a_lease_held_beyond_the_leak_threshold_is_reported_once_with_the_stack_where_it_was_taken() {
        VirtualEnv env = new VirtualEnv(1);
        PoolSettings s = new PoolSettings(2, 0, 8, 100 * MS, 0, 0, 0, 50 * MS, 10 * MS, 80 * MS,
                Balance.ROUND_ROBIN);
        Pool<VirtualEnv.Conn> pool = pool(env, s, 1);
        acquire(pool);
        env.completeConnects(true);
        env.advance(49 * MS);
        assertTrue(env.leaks.isEmpty());
        env.advance(200 * MS);

        assertEquals(1, env.leaks.size(), "reported once, however long it is held");
        VirtualEnv.Leak leak = env.leaks.get(0);
        assertTrue(leak.heldNanos() >= 50 * MS);
        assertNotNull(leak.acquiredAt());
        StackTraceElement[] stack = leak.acquiredAt().getStackTrace();
        assertTrue(List.of(stack).stream().anyMatch(e -> e.getMethodName().equals("acquire")
                && e.getClassName().equals(PoolTest.class.getName())), "the stack names the acquiring code");
        assertEquals(1, pool.stats().leaks());
    }

    @Test
    void idle_connections_beyond_min_idle_are_closed_after_idle_timeout() {
        VirtualEnv env = new VirtualEnv(1);
        PoolSettings s = new PoolSettings(4, 1, 8, 100 * MS, 500 * MS, 0, 0, 0, 10 * MS, 80 * MS,
                Balance.ROUND_ROBIN);
        Pool<VirtualEnv.Conn> pool = pool(env, s, 1);
        for (int i = 0; i < 3; i++) {
            acquire(pool);
        }
        env.completeConnects(true);
        leases.forEach(Lease::release);
        assertEquals(3, pool.stats().idle());
        env.advance(2_000 * MS);
        assertEquals(1, pool.stats().idle(), "minIdle stays");
        assertEquals(2, pool.stats().destroyed());
    }

    @Test
    void round_robin_spreads_new_connections_over_the_targets() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(6, 6, 8), 3);
        Map<String, Integer> perTarget = new TreeMap<>();
        env.connects.forEach(slot -> perTarget.merge(slot.target().address().toString(), 1, Integer::sum));
        assertEquals(Map.of("127.0.0.1:7000", 2, "127.0.0.1:7001", 2, "127.0.0.1:7002", 2), perTarget);
        assertEquals(6, pool.stats().connecting());
    }

    @Test
    void a_target_that_refuses_is_skipped_while_it_backs_off() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(4, 0, 8), 2);
        acquire(pool);
        PoolSlot<VirtualEnv.Conn> first = env.connects.get(0);
        env.completeConnect(0, false);
        assertEquals(1, env.connects.size(), "the waiter's connect is retried at once on the other target");
        assertTrue(env.connects.get(0).target() != first.target());
        env.completeConnects(true);
        assertEquals(1, leases.size());
        assertEquals(1, pool.stats().connectFailures());
    }

    @Test
    void a_connection_being_probed_counts_toward_min_idle_so_a_probe_opens_no_other() {
        VirtualEnv env = new VirtualEnv(1);
        PoolSettings s = new PoolSettings(4, 1, 8, 100 * MS, 0, 0, 50 * MS, 0, 10 * MS, 80 * MS,
                Balance.ROUND_ROBIN);
        Pool<VirtualEnv.Conn> pool = pool(env, s, 1);
        env.completeConnects(true);
        env.advance(300 * MS);
        assertEquals(1, env.probes.size(), "the idle connection is probed");
        assertTrue(env.connects.isEmpty(), "and no connection is opened beside it");
        env.probes.remove(0).done().accept(true);
        assertEquals(1, pool.stats().idle());
        assertEquals(1, pool.stats().created());
    }

    @Test
    void one_acquire_timer_times_out_each_waiter_acquire_timeout_after_its_own_acquire() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(1, 0, 8), 1);
        acquire(pool);
        env.completeConnects(true);
        assertEquals(1, leases.size(), "the one connection is leased");
        int timersBefore = env.tasks.size();
        acquire(pool);                    // waits from t0
        env.advance(30 * MS);
        acquire(pool);                    // waits from t0 + 30 ms
        acquire(pool);                    // waits from t0 + 30 ms
        assertTrue(env.tasks.size() <= timersBefore + 1, "three waiters, at most one timer more: " + env.tasks.size()
                + " timers, " + timersBefore + " before");

        env.advance(69 * MS);
        assertTrue(failures.isEmpty(), "99 ms: nobody has waited 100 ms yet");
        env.advance(1 * MS);
        assertEquals(1, failures.size(), "100 ms: the first waiter times out, the others wait on");
        assertEquals("no connection within acquireTimeout 100ms (1 of maxSize 1 in use, 0 connecting)",
                failures.get(0).getMessage());
        env.advance(29 * MS);
        assertEquals(1, failures.size(), "129 ms: the later waiters have waited 99 ms");
        env.advance(1 * MS);
        assertEquals(3, failures.size(), "130 ms: both later waiters time out together");
        assertEquals(3, pool.stats().timeouts());
        assertEquals(0, pool.stats().pending());
    }

    @Test
    void a_waiter_served_before_its_deadline_does_not_time_out_and_the_next_waits_its_full_timeout() {
        VirtualEnv env = new VirtualEnv(1);
        Pool<VirtualEnv.Conn> pool = pool(env, settings(1, 0, 8), 1);
        acquire(pool);
        env.completeConnects(true);
        acquire(pool);                    // waits from t0, served at t0 + 50 ms
        env.advance(50 * MS);
        acquire(pool);                    // waits from t0 + 50 ms
        leases.remove(0).release();
        assertEquals(1, leases.size(), "the first waiter got the connection");

        env.advance(60 * MS);
        assertTrue(failures.isEmpty(), "t0 + 110 ms: the timer armed for the served waiter re-arms for the next");
        env.advance(39 * MS);
        assertTrue(failures.isEmpty(), "the second waiter has waited 99 ms");
        env.advance(1 * MS);
        assertEquals(1, failures.size());
        assertEquals(AcquireException.Reason.TIMEOUT, failures.get(0).reason());
    }
}
