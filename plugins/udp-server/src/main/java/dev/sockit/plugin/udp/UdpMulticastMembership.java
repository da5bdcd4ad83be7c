package dev.sockit.plugin.udp;

import dev.sockit.api.Journal;
import dev.sockit.api.SockitException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramChannel;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The multicast groups one {@code udp-server} socket has joined: joins them one after the other, journalling each
 * join ({@code option_set join …}) or refusal ({@code error}), leaves them when the socket closes, and keeps the
 * process's group table up to date. Used on the socket's event loop only.
 */
final class UdpMulticastMembership {

    private final UdpServerProcess process;
    private final Journal journal;
    private final ContextInternal loop;
    private final List<UdpServerProcess.Join> joined = new ArrayList<>();

    /** The membership of a socket of {@code process} that runs on {@code loop}. */
    UdpMulticastMembership(UdpServerProcess process, Journal journal, ContextInternal loop) {
        this.process = process;
        this.journal = journal;
        this.loop = loop;
    }

    /** How many groups are joined. */
    int size() {
        return joined.size();
    }

    /** Joins every group of {@code joins} on {@code channel}, bound to {@code local}; fails at the first refusal. */
    Future<Void> joinAll(DatagramChannel channel, List<UdpServerProcess.Join> joins, String local) {
        Future<Void> all = Future.succeededFuture();
        for (UdpServerProcess.Join j : joins) {
            all = all.compose(v -> netty(channel.joinGroup(j.group(), j.networkInterface(), j.source()))
                    .transform(ar -> {
                        String what = j.group().getHostAddress() + " on " + j.networkInterface().getName()
                                + (j.source() == null ? "" : " from " + j.source().getHostAddress());
                        if (ar.failed()) {
                            journal.failed(local, "join " + what + ": " + reason(ar.cause()));
                            return Future.failedFuture(new SockitException("cannot join multicast group "
                                    + what + ": " + reason(ar.cause()), ar.cause()));
                        }
                        joined.add(j);
                        process.groupJoined(j.config(), j.networkInterface().getName(), true);
                        journal.optionSet(local, "", "join " + what);
                        return Future.<Void>succeededFuture();
                    }));
        }
        return all;
    }

    /** Leaves every joined group on {@code channel}, journalling each; completes once all have answered. */
    Future<?> leaveAll(DatagramChannel channel, String local) {
        List<Future<Void>> leaving = new ArrayList<>();
        for (UdpServerProcess.Join j : joined) {
            leaving.add(netty(channel.leaveGroup(j.group(), j.networkInterface(), j.source())).andThen(ar -> {
                process.groupJoined(j.config(), j.networkInterface().getName(), false);
                if (ar.succeeded()) {
                    journal.optionSet(local, "",
                            "leave " + j.group().getHostAddress() + " on " + j.networkInterface().getName());
                } else {
                    process.context().logger().log(Level.WARNING, () -> "'" + journal.process()
                            + "' could not leave multicast group " + j.config() + ": " + reason(ar.cause()));
                }
            }));
        }
        joined.clear();
        return Future.join(leaving);
    }

    /** Forgets the groups joined by a start that failed (its socket is closed, which leaves them). */
    void forget() {
        for (UdpServerProcess.Join j : joined) {
            process.groupJoined(j.config(), j.networkInterface().getName(), false);
        }
        joined.clear();
    }

    private Future<Void> netty(ChannelFuture future) {
        PromiseInternal<Void> promise = loop.promise();
        future.addListener(promise);
        return promise.future();
    }

    private static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
