package dev.sockit.contracts;

import dev.sockit.api.BadRequestException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pool's addresses and its stats request on the wire. */
class PoolContractTest {

    @Test
    void send_and_stats_are_verbs_of_the_pool_s_own_address() {
        assertEquals("sockit.pool.send", PoolContract.send("pool"));
        assertEquals("sockit.pool.stats", PoolContract.STATS.address("pool"));
    }

    @Test
    void a_stats_request_is_an_empty_object_and_refuses_any_key() {
        assertEquals(new PoolContract.StatsRequest(), PoolContract.STATS.bind(new JsonObject()));
        assertEquals(new PoolContract.StatsRequest(), PoolContract.STATS.bind(null));
        assertEquals("{}", PoolContract.STATS.body(new PoolContract.StatsRequest()).encode());
        assertThrows(BadRequestException.class, () -> PoolContract.STATS.bind(new JsonObject().put("all", true)));
    }

    @Test
    void the_home_loop_of_a_pool_is_the_same_for_every_caller_and_within_the_loops() {
        for (int loops = 1; loops <= 16; loops++) {
            for (String id : new String[] {"pool", "db", "a-very-long-pool-id-0123456789", "Zz"}) {
                int home = PoolContract.homeLoop(id, loops);
                assertEquals(home, PoolContract.homeLoop(id, loops), id + " over " + loops + " loops");
                assertEquals(true, home >= 0 && home < loops, id + " over " + loops + " loops: " + home);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> PoolContract.homeLoop("pool", 0));
    }
}
