package dev.sockit.net;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCountersTest {

    @Test
    void puts_each_counters_current_value_in_the_order_they_were_added() {
        StatusCounters counters = new StatusCounters();
        AtomicLong open = counters.add("open", new AtomicLong());
        LongAdder accepted = counters.add("accepted", new LongAdder());
        LongAdder bytesIn = counters.add("bytesIn", new LongAdder());
        open.incrementAndGet();
        accepted.add(3);
        bytesIn.add(1500);

        JsonObject status = counters.putInto(new JsonObject().put("handler", "echo"));

        assertEquals(List.of("handler", "open", "accepted", "bytesIn"), List.copyOf(status.fieldNames()));
        assertEquals(1L, status.getValue("open"));
        assertEquals(3L, status.getValue("accepted"));
        assertEquals(1500L, status.getValue("bytesIn"));

        accepted.increment();
        assertEquals(4L, counters.putInto(new JsonObject()).getValue("accepted"));
    }

    @Test
    void hands_back_the_counter_it_was_given() {
        StatusCounters counters = new StatusCounters();
        LongAdder adder = new LongAdder();
        assertSame(adder, counters.add("errors", adder));
    }

    @Test
    void refuses_a_name_added_twice() {
        StatusCounters counters = new StatusCounters();
        counters.add("errors", new LongAdder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> counters.add("errors", new LongAdder()));
        assertTrue(e.getMessage().contains("errors"), e.getMessage());
    }
}
