package dev.sockit.plugin.udp;

import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The read buffer of a multi-datagram read ({@code recvmmsg}): one buffer of {@code slots} datagram slots, and a
 * read loop that stops as soon as a read did not fill every slot. A batch with a free slot means the socket's queue
 * is drained, so asking the kernel once more would only hear EAGAIN; Netty's datagram channels otherwise read again
 * until then, a system call (and a buffer) per wake-up for nothing.
 */
final class DatagramBatchAllocator extends DefaultMaxMessagesRecvByteBufAllocator {

    private final int bufferSize;

    /** Buffers of {@code bufferSize} bytes; at most {@code maxMessagesPerRead} datagrams per wake-up. */
    DatagramBatchAllocator(int bufferSize, int maxMessagesPerRead) {
        super(maxMessagesPerRead);
        this.bufferSize = bufferSize;
    }

    @Override
    public MaxMessageHandle newHandle() {
        return new MaxMessageHandle() {
            /** Whether the last read filled its whole buffer: every slot, so there may be more. */
            private final UncheckedBooleanSupplier filled = () -> attemptedBytesRead() == lastBytesRead();

            @Override
            public int guess() {
                return bufferSize;
            }

            @Override
            public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
                return super.continueReading(filled);
            }
        };
    }
}
