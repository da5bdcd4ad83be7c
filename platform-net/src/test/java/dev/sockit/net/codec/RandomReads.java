package dev.sockit.net.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Cuts a byte stream into reads of random sizes, empty ones included, as a socket might deliver it. */
final class RandomReads {

    private RandomReads() {
    }

    static List<byte[]> cut(byte[] stream, Random random) {
        List<byte[]> reads = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int n = Math.min(stream.length - at, random.nextInt(Math.min(stream.length, 40) + 1));
            reads.add(Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        return reads;
    }
}
