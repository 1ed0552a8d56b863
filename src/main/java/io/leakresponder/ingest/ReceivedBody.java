package io.leakresponder.ingest;

import java.io.IOException;
import java.io.InputStream;

/** A request body as it is received: read as a stream, counted, held to the size limit, and hashed. */
interface ReceivedBody {

    /** The body went over the limit. */
    class TooLargeException extends IOException {
        TooLargeException() {
            super("request body over the limit");
        }
    }

    /** The body's bytes; a read past the limit throws {@link TooLargeException}. */
    InputStream stream();

    /** Bytes received so far. */
    long count();

    /** Reads (counts and hashes) what the parser left, and returns the SHA-256 of the whole body in hex. */
    String finishSha256() throws IOException;
}
