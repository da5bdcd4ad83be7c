package dev.sockit.bench.pool;

import dev.sockit.api.HostPort;
import dev.sockit.plugin.pool.Balance;
import dev.sockit.plugin.pool.Lease;
import dev.sockit.plugin.pool.AcquireCallback;
import dev.sockit.plugin.pool.Pool;
import dev.sockit.plugin.pool.PoolEnv;
import dev.sockit.plugin.pool.PoolSettings;
import dev.sockit.plugin.pool.PoolSlot;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.FixedChannelPool;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Acquire then release, on a pool of 8 ready connections, in one run: sockit's {@link Pool}, Netty's
 * {@link FixedChannelPool} and commons-pool2's {@link GenericObjectPool}. sockit's and Netty's pools belong to one
 * event loop each (a JMH thread has its own), and each invocation runs a batch of {@value #BATCH} pairs in one task
 * on that loop, as a server's event loop would; commons-pool2 is shared by the JMH threads and borrowed from on
 * them, as it is meant to be used. Run with {@code -t 1} and {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PoolAcquireBench {

    static final int BATCH = 1_000;
    static final int SIZE = 8;

    /** One event loop with a sockit pool and a Netty pool of {@link #SIZE} ready connections each. */
    @State(Scope.Thread)
    public static class LoopState {
        DefaultEventLoopGroup group;
        EventLoop loop;
        Pool<Object> sockit;
        FixedChannelPool netty;
        Channel server;
        Lease<Object> lease;
        final AcquireCallback<Object> keep = (l, failure) -> lease = l;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            group = new DefaultEventLoopGroup(1);
            loop = group.next();
            sockit = loop.submit(() -> {
                ReadyEnv env = new ReadyEnv();
                Pool<Object> p = new Pool<>(new PoolSettings(SIZE, SIZE, 0, TimeUnit.SECONDS.toNanos(1), 0, 0, 0, 0,
                        TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(1), Balance.ROUND_ROBIN),
                        List.of(HostPort.of("127.0.0.1", 1)), env);
                env.pool = p;
                p.start();
                env.completeAll();
                return p;
            }).get();
            LocalAddress address = new LocalAddress("pool-bench-" + System.nanoTime());
            server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                        }
                    }).bind(address).sync().channel();
            Bootstrap client = new Bootstrap().group(group).channel(LocalChannel.class).remoteAddress(address);
            netty = new FixedChannelPool(client, new AbstractChannelPoolHandler() {
                @Override
                public void channelCreated(Channel ch) {
                }
            }, SIZE);
            List<Channel> warm = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                warm.add(netty.acquire().sync().getNow());
            }
            for (Channel ch : warm) {
                netty.release(ch).sync();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            loop.submit(() -> sockit.close()).get();
            netty.close();
            server.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** One commons-pool2 pool of {@link #SIZE} objects, shared by the JMH threads. */
    @State(Scope.Benchmark)
    public static class SharedState {
        GenericObjectPool<Object> commons;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            commons = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
                @Override
                public Object create() {
                    return new Object();
                }

                @Override
                public PooledObject<Object> wrap(Object o) {
                    return new DefaultPooledObject<>(o);
                }
            });
            commons.setMaxTotal(SIZE);
            commons.setMaxIdle(SIZE);
            commons.setMinIdle(SIZE);
            commons.preparePool();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            commons.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object sockitPool(LoopState s) throws Exception {
        return s.loop.submit(() -> {
            for (int i = 0; i < BATCH; i++) {
                s.sockit.acquire(s.keep);
                s.lease.release();
            }
            return s.lease;
        }).get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object nettyFixedChannelPool(LoopState s) throws Exception {
        return s.loop.submit(() -> {
            Channel last = null;
            for (int i = 0; i < BATCH; i++) {
                Channel ch = s.netty.acquire().getNow();
                if (ch == null) {
                    throw new IllegalStateException("FixedChannelPool did not hand out a ready channel at once");
                }
                s.netty.release(ch);
                last = ch;
            }
            return last;
        }).get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object commonsPool2(SharedState s) throws Exception {
        Object last = null;
        for (int i = 0; i < BATCH; i++) {
            Object o = s.commons.borrowObject();
            s.commons.returnObject(o);
            last = o;
        }
        return last;
    }

    /** Connections that are ready at once: the pool's own accounting is what is measured. */
    static final class ReadyEnv implements PoolEnv<Object> {
        Pool<Object> pool;
        final List<PoolSlot<Object>> pending = new ArrayList<>();

        void completeAll() {
            for (PoolSlot<Object> slot : pending) {
                pool.connected(slot, new Object());
            }
            pending.clear();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            return () -> { };
        }

        @Override
        public double random() {
            return 0.5;
        }

        @Override
        public void connect(PoolSlot<Object> slot) {
            pending.add(slot);
        }

        @Override
        public void close(PoolSlot<Object> slot, Object connection, String reason) {
        }

        @Override
        public boolean usable(Object connection) {
            return true;
        }

        @Override
        public void probe(Object connection, Consumer<Boolean> done) {
            done.accept(true);
        }

        @Override
        public void leak(PoolSlot<Object> slot, long heldNanos, Throwable acquiredAt) {
        }
    }
}
