package io.leakresponder.ingest;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A request body read straight from Vert.x: the event loop counts, limits and hashes each piece as it arrives
 * and queues it, and the thread that parses reads the queue as an {@link InputStream}. No worker thread sits in
 * between (Quarkus REST's blocking {@code InputStream} would copy every piece through one), so receiving costs the
 * parser nothing but the one copy into its own buffer.
 *
 * <p>At most {@link #HIGH_WATER} bytes wait in the queue: beyond that the request is paused, so the sender waits
 * for the parser and the heap stays flat whatever the body's size, and it resumes once the parser has taken the
 * queue below {@link #LOW_WATER}. When the parser stops before the end, what follows is still counted and hashed
 * but no longer kept.
 */
final class StreamedBody extends InputStream implements ReceivedBody {

    static final int HIGH_WATER = 4 * 1024 * 1024;
    static final int LOW_WATER = 1024 * 1024;

    private final HttpServerRequest request;
    private final long limit;
    /** How long the consumer waits for the next piece (or the end) before it gives up on the sender. */
    private final long readTimeoutNanos;
    private final MessageDigest sha256;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    /** The event loop's context, once known: pause and resume happen there. */
    private Context context;
    private long count;
    private int queued;
    private boolean paused;
    private int pauses;
    private boolean ended;
    private IOException failure;
    /** The parser is done with the stream (returned, failed or closed it): pieces are no longer kept. */
    private boolean closed;

    // The consumer's current piece.
    private Buffer current;
    private int pos;

    private StreamedBody(HttpServerRequest request, long limit, java.time.Duration readTimeout) {
        this.request = request;
        this.limit = limit;
        this.readTimeoutNanos = readTimeout.toNanos();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts reading the request's body into a new stream; call once, before anything else reads the body. */
    static StreamedBody attach(HttpServerRequest request, long limit, java.time.Duration readTimeout) {
        if (request.isEnded()) {
            // Something read the body first (a form read, say): a bug here, not the client's doing.
            throw new IllegalStateException("the request body was read before the findings endpoint");
        }
        StreamedBody body = new StreamedBody(request, limit, readTimeout);
        body.context = Vertx.currentContext();
        // Also called when the connection closes before the body's end.
        request.exceptionHandler(body::failed);
        request.endHandler(v -> body.ended());
        request.handler(body::received);
        request.resume();
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            // The client waits for this before it sends a large body (curl does above 1 MiB).
            request.response().writeContinue();
        }
        return body;
    }

    /** Event loop: one piece of the body. */
    private void received(Buffer piece) {
        boolean pause = false;
        synchronized (this) {
            if (context == null) {
                context = Vertx.currentContext();
            }
            if (ended || failure instanceof TooLargeException) {
                return;
            }
            count += piece.length();
            if (count > limit) {
                failure = new TooLargeException();
                queue.clear();
                queued = 0;
                notifyAll();
                return;
            }
            ByteBuf bytes = piece.getByteBuf();
            sha256.update(bytes.nioBuffer());
            if (!closed) {
                queue.add(piece);
                queued += piece.length();
                if (queued > HIGH_WATER && !paused) {
                    paused = true;
                    pauses++;
                    pause = true;
                }
                notifyAll();
            }
        }
        if (pause) {
            request.pause();
        }
    }

    private synchronized void ended() {
        ended = true;
        notifyAll();
    }

    private synchronized void failed(Throwable error) {
        if (ended || failure != null) {
            return;
        }
        failure = error instanceof IOException io ? io : new IOException("the request body could not be read", error);
        notifyAll();
    }

    /** Consumer: the next piece, or null at the end; throws the body's failure. */
    private Buffer take() throws IOException {
        boolean resume = false;
        Buffer next;
        synchronized (this) {
            awaitPiece(() -> !queue.isEmpty());
            next = queue.poll();
            if (next != null) {
                queued -= next.length();
                if (paused && queued < LOW_WATER) {
                    paused = false;
                    resume = true;
                }
            }
        }
        if (resume) {
            resumeRequest();
        }
        return next;
    }

    /**
     * Waits (holding this object's lock) until {@code ready}, the body's end or its failure; throws the failure.
     * Gives up when nothing arrives for the read timeout: the body then fails, and the request is left to Vert.x.
     */
    private void awaitPiece(java.util.function.BooleanSupplier ready) throws IOException {
        long seen = count;
        long deadline = System.nanoTime() + readTimeoutNanos;
        while (!ready.getAsBoolean() && !ended && failure == null) {
            long left = deadline - System.nanoTime();
            if (count != seen) {
                // Bytes came in (counted, maybe not kept): the sender is alive, the clock starts again.
                seen = count;
                deadline = System.nanoTime() + readTimeoutNanos;
                left = readTimeoutNanos;
            }
            if (left <= 0) {
                failure = new IOException("no part of the request body arrived for "
                        + java.time.Duration.ofNanos(readTimeoutNanos).toSeconds() + " s");
                break;
            }
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the request body");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void resumeRequest() {
        Context loop = context;
        if (loop != null) {
            loop.runOnContext(v -> request.resume());
        } else {
            request.resume();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (current == null || pos == current.length()) {
            current = take();
            pos = 0;
            if (current == null) {
                return -1;
            }
        }
        int n = Math.min(len, current.length() - pos);
        current.getBytes(pos, pos + n, b, off);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return (current == null ? 0 : current.length() - pos) + queued;
    }

    /** The parser is done: later pieces are only counted and hashed, and a paused request goes on. */
    @Override
    public void close() {
        boolean resume;
        synchronized (this) {
            closed = true;
            queue.clear();
            queued = 0;
            resume = paused;
            paused = false;
            current = null;
        }
        if (resume) {
            resumeRequest();
        }
    }

    /** How often the request was paused for the parser to catch up (tests). */
    synchronized int pauses() {
        return pauses;
    }

    @Override
    public InputStream stream() {
        return this;
    }

    @Override
    public synchronized long count() {
        return count;
    }

    /** Waits for the rest of the body (counted and hashed, not kept) and returns the SHA-256 of all of it. */
    @Override
    public String finishSha256() throws IOException {
        close();
        synchronized (this) {
            awaitPiece(() -> false);
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
