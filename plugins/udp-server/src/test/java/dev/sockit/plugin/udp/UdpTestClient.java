package dev.sockit.plugin.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.util.Arrays;

/**
 * A blocking UDP client for tests: a JDK {@link DatagramSocket} bound to an ephemeral port of one loopback
 * address. Every receive waits at most a timeout, so every loop over it is bounded in time. Call it off the
 * event loop ({@code vertx.executeBlocking}).
 */
final class UdpTestClient implements AutoCloseable {

    /** Larger than any UDP payload, so that nothing the server sends is cut short on the way in. */
    private static final int RECEIVE_BUFFER = 65_536;

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[RECEIVE_BUFFER];
    private final DatagramPacket incoming = new DatagramPacket(buffer, buffer.length);

    private UdpTestClient(DatagramSocket socket) {
        this.socket = socket;
    }

    /** A client bound to {@code host} (a loopback address) on an ephemeral port. */
    static UdpTestClient bound(String host) {
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
            return new UdpTestClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a socket option, such as SO_RCVBUF or IP_MULTICAST_IF. */
    <T> UdpTestClient option(SocketOption<T> option, T value) {
        try {
            socket.setOption(option, value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends multicast datagrams out of {@code networkInterface}. */
    UdpTestClient multicastInterface(NetworkInterface networkInterface) {
        return option(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
    }

    /** The receive buffer the kernel applied (SO_RCVBUF as read back). */
    int receiveBufferSize() {
        try {
            return socket.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This client's address, as the server sees it on loopback. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends {@code payload} as one datagram to {@code host:port}. */
    void send(byte[] payload, String host, int port) {
        try {
            socket.send(new DatagramPacket(payload, payload.length, InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram received within {@code timeoutMillis}, or {@code null} if none came. */
    byte[] receive(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            incoming.setData(buffer);
            socket.receive(incoming);
            return Arrays.copyOf(buffer, incoming.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code payload} and returns the first datagram back within {@code timeoutMillis}, or {@code null}. */
    byte[] exchange(byte[] payload, String host, int port, int timeoutMillis) {
        send(payload, host, port);
        return receive(timeoutMillis);
    }

    @Override
    public void close() {
        socket.close();
    }
}
