package io.leakresponder.ingest.parse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A {@link BufferedInputStream} for looking at the head of a report (format detection, the empty-body check) and
 * then streaming the rest: once its buffer is drained and no mark can still be reset to, reads go straight to the
 * underlying stream into the caller's array, instead of through the buffer. A parser reading a large report in
 * blocks of a few KiB would otherwise have every byte copied twice.
 */
public final class PeekInputStream extends BufferedInputStream {

    public PeekInputStream(InputStream in, int size) {
        super(in, size);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        byte[] buffer = buf;
        InputStream source = in;
        if (buffer == null || source == null) {
            throw new IOException("Stream closed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int buffered = count - pos;
        if (buffered > 0) {
            // What is buffered, and no more: the next read then starts on an empty buffer and can go straight.
            int n = Math.min(buffered, len);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }
        if (markpos < 0 || pos - markpos >= marklimit) {
            // Nothing buffered, and no mark that reset() must honour once more bytes are read: the mark goes only
            // when some are (at the end of the stream, reset() still works as BufferedInputStream's does).
            int n = source.read(b, off, len);
            if (n > 0) {
                markpos = -1;
            }
            return n;
        }
        return super.read(b, off, len);
    }
}
