package dev.sockit.plugin.eventhandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connections an {@code event-handler} has been told of ({@code opened}) and not yet told are gone
 * ({@code closed}), up to a cap: past it a connection is served but not remembered (its frames then show no peer
 * in logs), and counted. Thread-safe; per connection it keeps its two addresses, nothing that grows.
 */
final class Connections {

    private final int cap;
    private final Map<Key, Connection> open = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder untracked = new LongAdder();

    Connections(int cap) {
        this.cap = cap;
    }

    /** Remembers connection {@code id} of {@code source}, unless the cap is reached; answers whether it did. */
    boolean opened(String source, long id, String local, String remote) {
        opened.increment();
        if (size.incrementAndGet() > cap) {
            size.decrementAndGet();
            untracked.increment();
            return false;
        }
        if (open.putIfAbsent(new Key(source, id), new Connection(local, remote)) != null) {
            size.decrementAndGet();
        }
        return true;
    }

    /** The connection, or {@code null} if it was not remembered. */
    Connection get(String source, long id) {
        return open.get(new Key(source, id));
    }

    /** Forgets the connection; answers it, or {@code null} if it was not remembered. */
    Connection closed(String source, long id) {
        closed.increment();
        Connection c = open.remove(new Key(source, id));
        if (c != null) {
            size.decrementAndGet();
        }
        return c;
    }

    /** How many are remembered now. */
    int size() {
        return size.get();
    }

    /** The cap. */
    int cap() {
        return cap;
    }

    /** A connection of a source process. */
    record Key(String source, long id) {

        // Written out: looked up once per frame that asks for its addresses, and the generated ones go through
        // a method handle per call.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && id == k.id && source.equals(k.source);
        }

        @Override
        public int hashCode() {
            return 31 * source.hashCode() + Long.hashCode(id);
        }
    }

    /**
     * What is kept of one connection.
     *
     * @param local  its local {@code host:port}
     * @param remote its peer's {@code host:port}
     */
    record Connection(String local, String remote) {
    }
}
