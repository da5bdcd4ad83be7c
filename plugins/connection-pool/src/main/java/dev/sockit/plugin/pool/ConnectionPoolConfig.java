package dev.sockit.plugin.pool;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.HostPort;
import dev.sockit.api.OptionKey;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;
import dev.sockit.api.frame.CodecSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The config of a {@code connection-pool} process ({@code processes.<id>.config}), in HikariCP's vocabulary. Only
 * {@code targets} is required; every default is a {@code DEFAULT_*} constant, and docs/connection-pool.md says
 * where it follows HikariCP and why it does not where it does not. A time of {@code 0s} turns off what it
 * limits ({@code idleTimeout}, {@code maxLifetime}, {@code keepalive}, {@code leakDetectionThreshold}).
 *
 * @param targets                the backends, {@code host:port} each ({@code [::1]:7100} for IPv6); at least one
 * @param balance                how connections spread over the targets ({@link #DEFAULT_BALANCE})
 * @param maxSize                the most connections, 1-10000 ({@link #DEFAULT_MAX_SIZE})
 * @param minIdle                idle connections kept ready, 0-maxSize ({@link #DEFAULT_MIN_IDLE})
 * @param maxWaiters             sends that may wait for a connection, 0-100000; one more fails at once with 503
 *                               ({@link #DEFAULT_MAX_WAITERS})
 * @param acquireTimeout         how long a send waits for a connection, 10ms-10m ({@link #DEFAULT_ACQUIRE_TIMEOUT})
 * @param connectTimeout         how long one connect may take, 10ms-10m ({@link #DEFAULT_CONNECT_TIMEOUT})
 * @param idleTimeout            how long a connection beyond minIdle may stay idle ({@link #DEFAULT_IDLE_TIMEOUT})
 * @param maxLifetime            how long a connection may live, less up to 2.5% at random
 *                               ({@link #DEFAULT_MAX_LIFETIME})
 * @param keepalive              how long a connection may stay idle before it is probed ({@link #DEFAULT_KEEPALIVE})
 * @param leakDetectionThreshold how long a send may hold a connection before it is logged as a possible leak,
 *                               with the stack that took it ({@link #DEFAULT_LEAK_DETECTION_THRESHOLD})
 * @param options                socket options of the connections, from the shared table
 * @param tls                    TLS to the targets; {@code null} for plain TCP
 * @param codec                  how requests and responses are framed ({@link #DEFAULT_CODEC})
 * @param requestTimeout         how long a send waits for its response, 10ms-10m ({@link #DEFAULT_REQUEST_TIMEOUT})
 * @param reconnectDelay         the first wait after a failed connect, doubled per failure
 *                               ({@link #DEFAULT_RECONNECT_DELAY})
 * @param reconnectMaxDelay      the longest wait between connects to a target that keeps failing
 *                               ({@link #DEFAULT_RECONNECT_MAX_DELAY})
 * @param keepaliveProbe         a request payload (UTF-8) the keepalive sends, expecting one response frame within
 *                               requestTimeout; {@code null}: the probe only checks the connection is open and
 *                               quiet
 * @param explainWith            the id of an {@code analyzer} process whose {@code explain} verb adds its advice to
 *                               a connect error; {@code null}: the pool's own words
 * @param pipelining             how many requests one connection may have outstanding, 1-1024
 *                               ({@link #DEFAULT_PIPELINING}: one, a connection serves one request at a time); above
 *                               one, sends fill a connection up to it before they use another; only for a backend
 *                               that answers every request, in order, on its connection
 */
public record ConnectionPoolConfig(
        List<String> targets,
        Balance balance,
        Integer maxSize,
        Integer minIdle,
        Integer maxWaiters,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration acquireTimeout,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration connectTimeout,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration idleTimeout,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration maxLifetime,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration keepalive,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration leakDetectionThreshold,
        SocketOptions options,
        PoolTlsConfig tls,
        CodecSpec codec,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration requestTimeout,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration reconnectDelay,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration reconnectMaxDelay,
        String keepaliveProbe,
        String explainWith,
        Integer pipelining) {

    /** Each target in turn. */
    public static final Balance DEFAULT_BALANCE = Balance.ROUND_ROBIN;
    /** HikariCP's {@code maximumPoolSize}. */
    public static final int DEFAULT_MAX_SIZE = 10;
    /**
     * One, not HikariCP's "same as maxSize": a socket pool that opens maxSize connections to every backend at start
     * holds server resources nobody uses; one ready connection saves the first send its connect and lets the
     * keepalive notice a dead backend before a send does.
     */
    public static final int DEFAULT_MIN_IDLE = 1;
    /** HikariCP has no bound (a thread waits per borrow); on an event loop the queue must have one. */
    public static final int DEFAULT_MAX_WAITERS = 1024;
    /**
     * 2s, not HikariCP's 30s {@code connectionTimeout}: the 503 must reach the sender before its own timeout, or
     * the clear reason is lost to a bare timeout; acquire and response together (2s + 2s) stay within an
     * event-handler's default {@code routeTimeout} of 5s.
     */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    /** HikariCP has none of its own (JDBC's login timeout); 1s, half of acquireTimeout, so a retry fits in. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** HikariCP's {@code idleTimeout}, 10 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** HikariCP's {@code maxLifetime}, 30 minutes. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    /** HikariCP's {@code keepaliveTime}, 2 minutes. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofMinutes(2);
    /** HikariCP's {@code leakDetectionThreshold}: off. */
    public static final Duration DEFAULT_LEAK_DETECTION_THRESHOLD = Duration.ZERO;
    /** Bytes as they come: every read is a response. A request/response protocol wants a real codec. */
    public static final CodecSpec DEFAULT_CODEC = CodecSpec.of(CodecSpec.RAW);
    /** 2s: with acquireTimeout, within an event-handler's default routeTimeout (5s), so the 504 arrives. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** The first wait after a failed connect. */
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofMillis(100);
    /** The longest wait between connects to a target that keeps failing. */
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(5);

    /**
     * One request per connection at a time, as a JDBC pool lends a connection. A larger value lets sends share a
     * connection that is waiting for responses, up to that many each before another connection is used (HTTP/1.1
     * pipelining, for a framed protocol): fewer connections and far fewer syscalls under load, but only correct for
     * a backend that answers each request with one response, in order.
     */
    public static final int DEFAULT_PIPELINING = 1;
    /** The largest {@code pipelining} accepted. */
    public static final int PIPELINING_LIMIT = 1024;

    /** The largest {@code maxSize} accepted. */
    public static final int MAX_SIZE_LIMIT = 10_000;
    /** The largest {@code maxWaiters} accepted. */
    public static final int MAX_WAITERS_LIMIT = 100_000;

    private static final Duration MIN_WAIT = Duration.ofMillis(10);
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private static final Duration MAX_TIME = Duration.ofDays(7);

    /** Applies the defaults and checks every value, naming the key. */
    public ConnectionPoolConfig {
        targets = checkTargets(targets);
        balance = balance == null ? DEFAULT_BALANCE : balance;
        maxSize = Checks.inRange(maxSize == null ? DEFAULT_MAX_SIZE : maxSize, 1, MAX_SIZE_LIMIT, "maxSize");
        minIdle = minIdle == null ? Math.min(DEFAULT_MIN_IDLE, maxSize) : minIdle;
        if (minIdle < 0 || minIdle > maxSize) {
            throw new ConfigException("minIdle", minIdle + " (expected: 0-" + maxSize + ", at most maxSize)");
        }
        maxWaiters = Checks.inRange(maxWaiters == null ? DEFAULT_MAX_WAITERS : maxWaiters, 0, MAX_WAITERS_LIMIT,
                "maxWaiters");
        acquireTimeout = wait(acquireTimeout, DEFAULT_ACQUIRE_TIMEOUT, "acquireTimeout");
        connectTimeout = wait(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        idleTimeout = offOr(idleTimeout, DEFAULT_IDLE_TIMEOUT, "idleTimeout");
        maxLifetime = offOr(maxLifetime, DEFAULT_MAX_LIFETIME, "maxLifetime");
        keepalive = offOr(keepalive, DEFAULT_KEEPALIVE, "keepalive");
        leakDetectionThreshold = offOr(leakDetectionThreshold, DEFAULT_LEAK_DETECTION_THRESHOLD,
                "leakDetectionThreshold");
        options = options == null ? SocketOptions.NONE : options;
        codec = codec == null ? DEFAULT_CODEC : codec;
        requestTimeout = wait(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "requestTimeout");
        reconnectDelay = wait(reconnectDelay, DEFAULT_RECONNECT_DELAY, "reconnectDelay");
        reconnectMaxDelay = wait(reconnectMaxDelay, DEFAULT_RECONNECT_MAX_DELAY, "reconnectMaxDelay");
        if (reconnectMaxDelay.compareTo(reconnectDelay) < 0) {
            throw new ConfigException("reconnectMaxDelay", Units.format(reconnectMaxDelay)
                    + " (expected: at least reconnectDelay, " + Units.format(reconnectDelay) + ")");
        }
        if (keepaliveProbe != null && keepaliveProbe.isEmpty()) {
            throw new ConfigException("keepaliveProbe", "is empty (expected: a request payload, or no key)");
        }
        explainWith = explainWith == null ? null : Checks.processId(explainWith, "explainWith");
        pipelining = Checks.inRange(pipelining == null ? DEFAULT_PIPELINING : pipelining, 1, PIPELINING_LIMIT,
                "pipelining");
        for (OptionKey<?> key : options.keys()) {
            if (!key.appliesTo(OptionKey.Role.CONNECTION)) {
                throw new ConfigException("options." + key.name(), "applies to " + (key.appliesTo(Protocol.TCP)
                        ? "a listening socket" : "UDP sockets") + ", not to a pool's connections (expected: an"
                        + " option of a TCP connection, such as tcpNoDelay or keepAlive)");
            }
        }
    }

    /** A config with {@code targets} and every default. */
    public static ConnectionPoolConfig of(String... targets) {
        return new ConnectionPoolConfig(List.of(targets), null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    /** The targets, parsed. */
    public List<HostPort> targetAddresses() {
        return targets.stream().map(HostPort::parse).toList();
    }

    /** The numbers the pool core runs by. */
    public PoolSettings settings() {
        return new PoolSettings(maxSize, minIdle, maxWaiters, acquireTimeout.toNanos(), idleTimeout.toNanos(),
                maxLifetime.toNanos(), keepalive.toNanos(), leakDetectionThreshold.toNanos(),
                reconnectDelay.toNanos(), reconnectMaxDelay.toNanos(), balance);
    }

    private static List<String> checkTargets(List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new ConfigException("targets", "is missing (expected: a list of host:port, such as"
                    + " [\"127.0.0.1:7100\"])");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String t = targets.get(i);
            String path = "targets[" + i + "]";
            HostPort hp;
            try {
                hp = HostPort.parse(Checks.notBlank(t, path).trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path, Checks.quote(t) + " is not host:port (expected: such as"
                        + " 127.0.0.1:7100 or [::1]:7100)");
            }
            Checks.host(hp.host(), path);
            if (hp.port() == 0) {
                throw new ConfigException(path, Checks.quote(t) + " has port 0 (expected: 1-65535)");
            }
            if (out.contains(hp.toString())) {
                throw new ConfigException(path, hp + " is listed twice (expected: each target once)");
            }
            out.add(hp.toString());
        }
        return List.copyOf(out);
    }

    private static Duration wait(Duration value, Duration def, String name) {
        return Checks.inRangeOrNull(value == null ? def : value, MIN_WAIT, MAX_WAIT, name);
    }

    private static Duration offOr(Duration value, Duration def, String name) {
        Duration d = value == null ? def : value;
        if (d.isZero()) {
            return d;
        }
        return Checks.inRangeOrNull(d, Duration.ofMillis(100), MAX_TIME, name);
    }
}
