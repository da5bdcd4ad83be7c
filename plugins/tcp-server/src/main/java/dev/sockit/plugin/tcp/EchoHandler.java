package dev.sockit.plugin.tcp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * Sends every byte back to its sender, in order (RFC 862). Backpressure: reading pauses while the write queue is
 * full and resumes when it drains. Writes the received buffer itself, so it allocates nothing.
 */
final class EchoHandler implements ConnectionHandler {

    private final NetSocket socket;

    EchoHandler(TcpConnection connection) {
        this.socket = connection.socket();
    }

    @Override
    public void start() {
        socket.drainHandler(v -> socket.resume());
    }

    @Override
    public int received(Buffer buffer) {
        int n = buffer.length();
        socket.write(buffer);
        if (socket.writeQueueFull()) {
            socket.pause();
        }
        return n;
    }
}
