package io.leakresponder.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeekInputStreamTest {

    /** A source that remembers into which arrays it was asked to read. */
    private static final class Recording extends ByteArrayInputStream {
        final List<byte[]> targets = new ArrayList<>();

        Recording(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            targets.add(b);
            return super.read(b, off, len);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void peekedHeadIsReadAgainAndTheRestGoesStraightIntoTheCallersArray() throws IOException {
        byte[] body = bytes(300_000);
        Recording source = new Recording(body);
        PeekInputStream in = new PeekInputStream(source, 1024);
        assertThat(FormatDetector.PEEK_BYTES).isLessThan(body.length);
        in.mark(FormatDetector.PEEK_BYTES + 1);
        byte[] head = in.readNBytes(FormatDetector.PEEK_BYTES);
        in.reset();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] block = new byte[4000];
        int n;
        while ((n = in.read(block, 0, block.length)) >= 0) {
            out.write(block, 0, n);
        }
        assertThat(out.toByteArray()).isEqualTo(body);
        assertThat(java.util.Arrays.copyOf(body, head.length)).isEqualTo(head);
        // Past the peeked head, the source filled the caller's block itself, not the stream's buffer.
        assertThat(source.targets.getLast()).isSameAs(block);
        assertThat(source.targets.stream().filter(t -> t == block).count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aMarkStillWithinItsLimitKeepsTheBytesForReset() throws IOException {
        byte[] body = bytes(10_000);
        PeekInputStream in = new PeekInputStream(new ByteArrayInputStream(body), 16);
        in.mark(5_000);
        byte[] first = in.readNBytes(4_000);
        in.reset();
        assertThat(in.readNBytes(10_000)).isEqualTo(body);
        assertThat(java.util.Arrays.copyOf(body, 4_000)).isEqualTo(first);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void unbufferedSingleBytesAndBadArgumentsBehaveAsAnInputStream() throws IOException {
        byte[] body = {1, 2, 3};
        InputStream in = new PeekInputStream(new ByteArrayInputStream(body), 2);
        assertThat(in.read()).isEqualTo(1);
        assertThat(in.read(new byte[0], 0, 0)).isZero();
        assertThatThrownBy(() -> in.read(new byte[2], 1, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(in.readAllBytes()).containsExactly(2, 3);
        in.close();
        assertThatThrownBy(() -> in.read(new byte[2], 0, 2)).isInstanceOf(IOException.class);
    }

    @Test
    void theEndOfTheStreamRightAtTheMarkLimitKeepsTheMark() throws IOException {
        PeekInputStream in = new PeekInputStream(new ByteArrayInputStream(new byte[]{1, 2, 3, 4}), 2);
        in.mark(4);
        assertThat(in.readNBytes(4)).containsExactly(1, 2, 3, 4);
        assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
        in.reset();
        assertThat(in.readAllBytes()).containsExactly(1, 2, 3, 4);
    }
}
