package dev.sockit.plugin.analyzer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that fails with {@link TooLongException} once more than {@code max} bytes were read from it: the bound
 * on input whose size is not known before it is read (a pipe, a FIFO, a device).
 */
final class BoundedInputStream extends FilterInputStream {

    /** More than the bound was read. */
    static final class TooLongException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLongException(long max) {
            super("more than " + max + " bytes");
        }
    }

    private final long max;
    private long read;

    BoundedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws TooLongException {
        read += n;
        if (read > max) {
            throw new TooLongException(max);
        }
    }
}
