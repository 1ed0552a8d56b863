package io.leakresponder.ingest.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/** Byte-level helpers shared by the parsers. */
final class Inputs {

    private Inputs() {
    }

    /** Drops a leading UTF-8 byte order mark, which Windows tools like to write. */
    static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] head = new byte[3];
        int n = pushback.readNBytes(head, 0, 3);
        boolean bom = n == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        if (!bom && n > 0) {
            pushback.unread(head, 0, n);
        }
        return pushback;
    }

    /** A UTF-8 line reader over the stream, without its BOM; malformed bytes become U+FFFD. */
    static BufferedReader lines(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(skipBom(in), StandardCharsets.UTF_8));
    }
}
