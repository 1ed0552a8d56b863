package io.leakresponder.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Overlaps receiving a request body with consuming it: the calling thread reads the body (and, through a
 * {@link LimitedInputStream}, counts and hashes it) while a consumer on another thread parses what arrived
 * before. At most {@link #BUFFERS} buffers of {@link #BUFFER_BYTES} are in flight, so memory stays bounded
 * whatever the body's size, and a slow consumer slows the reading down (and through it, the sender).
 *
 * <p>The consumer sees exactly the bytes the source gave before an error, then that error, as if it read the
 * source itself. When the consumer returns before the end, the rest of the body is still read (and hashed) here.
 */
final class BodyPipe {

    /** What runs on the other thread, over the body as a stream. */
    interface Consumer<T> {
        T consume(InputStream body) throws IOException;
    }

    /** Large enough that hand-offs between the threads are rare, small enough to keep the heap flat. */
    static final int BUFFER_BYTES = 256 * 1024;
    static final int BUFFERS = 4;

    /** A filled buffer, or the end (error null) or failure (error set) of the body. */
    private record Chunk(byte[] bytes, int length, IOException error, boolean last) {
    }

    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final ArrayDeque<Chunk> filled = new ArrayDeque<>();
    private int allocated;
    /** The consumer returned or failed: the reader stops handing buffers over. */
    private boolean consumerDone;
    /** The reader gave up without a last chunk (interrupted, or a runtime failure): the consumer stops too. */
    private boolean readerGone;
    /** The reader reached the body's end or failure; {@code sourceError} is the failure. */
    private boolean sourceEnded;
    private IOException sourceError;

    private BodyPipe() {
    }

    /**
     * Reads {@code source} to its end on this thread while {@code consumer} runs on {@code executor} over the
     * same bytes.
     *
     * @return what the consumer returned
     * @throws IOException what the consumer threw (including the source's errors it saw), or what reading the
     *                     rest of the body threw after the consumer had returned
     */
    static <T> T run(InputStream source, ExecutorService executor, Consumer<T> consumer) throws IOException {
        BodyPipe pipe = new BodyPipe();
        Future<T> result = executor.submit(() -> {
            try {
                return consumer.consume(pipe.new Input());
            } finally {
                pipe.consumerFinished();
            }
        });
        boolean handedOver = false;
        try {
            handedOver = pipe.feed(source);
        } finally {
            if (!handedOver) {
                pipe.readerGone();
            }
        }
        T value = outcome(result);
        if (pipe.sourceError != null) {
            // The consumer returned without minding the failure; reading the rest would have failed all the same.
            throw pipe.sourceError;
        }
        if (!pipe.sourceEnded) {
            // The consumer did not need the rest, but the count, the limit and the hash cover the whole body.
            drain(source);
        }
        return value;
    }

    /** Hands the body over buffer by buffer; false when the consumer stopped early (the rest is not read). */
    private boolean feed(InputStream source) throws IOException {
        while (true) {
            byte[] buffer = takeFree();
            if (buffer == null) {
                return true;
            }
            int length = 0;
            IOException error = null;
            boolean end = false;
            try {
                while (length < buffer.length) {
                    int n = source.read(buffer, length, buffer.length - length);
                    if (n < 0) {
                        end = true;
                        break;
                    }
                    length += n;
                }
            } catch (IOException e) {
                error = e;
            }
            put(new Chunk(buffer, length, error, end || error != null));
            if (end || error != null) {
                sourceEnded = true;
                sourceError = error;
                return true;
            }
        }
    }

    private static <T> T outcome(Future<T> result) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // The consumer ends on its own once the reader is gone; wait for it, then keep the flag.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void drain(InputStream source) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES / 4];
        while (source.read(buffer, 0, buffer.length) >= 0) {
            // counted and hashed by the source
        }
    }

    private synchronized byte[] takeFree() throws InterruptedIOException {
        while (!consumerDone && free.isEmpty() && allocated == BUFFERS) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while handing the request body over");
            }
        }
        if (consumerDone) {
            return null;
        }
        if (!free.isEmpty()) {
            return free.pop();
        }
        allocated++;
        return new byte[BUFFER_BYTES];
    }

    private synchronized void put(Chunk chunk) {
        filled.add(chunk);
        notifyAll();
    }

    private synchronized void consumerFinished() {
        consumerDone = true;
        filled.clear();
        notifyAll();
    }

    private synchronized void readerGone() {
        readerGone = true;
        notifyAll();
    }

    private synchronized Chunk takeFilled() throws IOException {
        while (filled.isEmpty()) {
            if (readerGone) {
                throw new IOException("the request body stopped being read");
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the request body");
            }
        }
        return filled.pop();
    }

    private synchronized void recycle(byte[] buffer) {
        free.push(buffer);
        notifyAll();
    }

    /** The consumer's view: the chunks in order, then the end or the source's error (again on every read). */
    private final class Input extends InputStream {
        private Chunk current;
        private int pos;
        private boolean atEnd;
        private IOException failure;

        /** Whether bytes are ready, taking the next chunk when the current one is used up. */
        private boolean ready() throws IOException {
            while (current == null || pos == current.length()) {
                if (atEnd) {
                    return false;
                }
                if (failure != null) {
                    throw failure;
                }
                if (current != null) {
                    recycle(current.bytes());
                    if (current.last()) {
                        atEnd = current.error() == null;
                        failure = current.error();
                        current = null;
                        continue;
                    }
                }
                current = takeFilled();
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return ready() ? current.bytes()[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!ready()) {
                return -1;
            }
            int n = Math.min(len, current.length() - pos);
            System.arraycopy(current.bytes(), pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.length() - pos;
        }
    }
}
