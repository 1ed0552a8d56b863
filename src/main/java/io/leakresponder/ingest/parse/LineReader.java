package io.leakresponder.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a report line by line as bytes, without decoding what nobody looks at, and refuses a line longer than a
 * bound, so one endless line cannot exhaust the heap. Lines end as {@link java.io.BufferedReader#readLine()} ends
 * them: at {@code \n}, {@code \r} or {@code \r\n}; a last line without a terminator counts, an empty tail does not.
 * A leading UTF-8 byte order mark is dropped.
 *
 * <p>The current line is {@code array()[start() .. start() + length())}, valid until the next {@link #next()}.
 */
final class LineReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The longest line accepted unless told otherwise; a TruffleHog result line is a few KiB. */
    static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** The previous line ended with {@code \r}: a {@code \n} right after it belongs to that terminator. */
    private boolean skipLf;
    private int lineStart;
    private int lineLength;
    private int number;
    private boolean ascii;

    LineReader(InputStream in) throws IOException {
        this(in, DEFAULT_MAX_LINE_BYTES);
    }

    LineReader(InputStream in, int maxLineBytes) throws IOException {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1");
        }
        this.in = Inputs.skipBom(in);
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[(int) Math.min(64 * 1024, (long) maxLineBytes + 1)];
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the stream
     * @throws ReportFormatException when the line is longer than the bound; it names the line
     */
    boolean next() throws IOException {
        if (skipLf) {
            if (pos == limit) {
                fill();
            }
            if (pos < limit) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                }
            }
        }
        int scanned = 0; // bytes of the pending line already looked at
        int high = 0; // the bytes looked at, or-ed: negative when one is not ASCII
        long highWords = 0; // the same for the words skipped eight bytes at a time
        while (true) {
            int i = pos + scanned;
            // Eight bytes at a time while none can be a terminator; the word that may hold one is looked at
            // byte by byte below (the test has false positives, never false negatives).
            for (; i + 8 <= limit; i += 8) {
                long w = (long) LONGS.get(buf, i);
                long lf = w ^ 0x0A0A0A0A0A0A0A0AL;
                long cr = w ^ 0x0D0D0D0D0D0D0D0DL;
                if (hasTerminator(lf, cr)) {
                    break;
                }
                highWords |= w;
            }
            if ((highWords & HIGHS) != 0) {
                high = -1;
            }
            for (; i < limit; i++) {
                byte b = buf[i];
                high |= b;
                if (b == '\n' || b == '\r') {
                    if (i - pos > maxLineBytes) {
                        throw tooLong();
                    }
                    lineStart = pos;
                    lineLength = i - pos;
                    pos = i + 1;
                    skipLf = b == '\r';
                    ascii = high >= 0;
                    number++;
                    return true;
                }
            }
            scanned = limit - pos;
            if (scanned > maxLineBytes) {
                throw tooLong();
            }
            if (eof) {
                if (scanned == 0) {
                    return false;
                }
                lineStart = pos;
                lineLength = scanned;
                pos = limit;
                ascii = high >= 0;
                number++;
                return true;
            }
            fill();
        }
    }

    /**
     * Keeps the unread bytes at the front of the buffer, growing it (up to the bound plus one byte, enough to
     * see the terminator of the longest line allowed) when they fill it, and reads more.
     *
     * Sets {@code eof} at the end of the stream.
     */
    private void fill() throws IOException {
        int pending = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, pending);
            pos = 0;
            limit = pending;
        }
        if (limit == buf.length) {
            long grown = Math.min((long) buf.length * 2, (long) maxLineBytes + 1);
            buf = java.util.Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** Whether a word xor-ed with {@code \n} and with {@code \r} bytes has a zero byte in either. */
    private static boolean hasTerminator(long lf, long cr) {
        return (((lf - ONES) & ~lf) & HIGHS) != 0 || (((cr - ONES) & ~cr) & HIGHS) != 0;
    }

    private ReportFormatException tooLong() {
        int line = number + 1;
        return new ReportFormatException("line " + line + ": longer than " + maxLineBytes
                + " bytes; refusing the report rather than holding the line in memory", line, null);
    }

    /** Whether the current line is all ASCII (so it is valid UTF-8 and decodes byte for char). */
    boolean ascii() {
        return ascii;
    }

    /** 1-based number of the current line. */
    int number() {
        return number;
    }

    byte[] array() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    int length() {
        return lineLength;
    }

    /** The current line decoded as UTF-8, malformed bytes as U+FFFD (as an {@code InputStreamReader} does). */
    String text() {
        return new String(buf, lineStart, lineLength, StandardCharsets.UTF_8);
    }

    /** The next line as text, or null at the end of the stream. */
    String readLine() throws IOException {
        return next() ? text() : null;
    }
}
