package io.leakresponder.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consumer on the other thread sees the body as if it read it itself; the reader always covers the whole body. */
class BodyPipeTest {

    final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void theConsumerSeesEveryByteInOrder() throws IOException {
        byte[] body = new byte[5 * BodyPipe.BUFFER_BYTES + 123];
        new Random(7).nextBytes(body);
        byte[] seen = BodyPipe.run(new ByteArrayInputStream(body), executor, InputStream::readAllBytes);
        assertThat(seen).isEqualTo(body);
        Integer first = BodyPipe.run(new ByteArrayInputStream(new byte[0]), executor, in -> in.read());
        assertThat(first).isEqualTo(-1);
    }

    @Test
    void theSourcesErrorReachesTheConsumerAfterTheBytesBeforeIt() {
        IOException broken = new IOException("connection reset");
        InputStream source = new SequenceInputStream(new ByteArrayInputStream(new byte[1000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        });
        AtomicLong before = new AtomicLong();
        assertThatThrownBy(() -> BodyPipe.run(source, executor, in -> {
            while (in.read() >= 0) {
                before.incrementAndGet();
            }
            return null;
        })).isSameAs(broken);
        assertThat(before).hasValue(1000);
    }

    @Test
    void theRestIsStillReadWhenTheConsumerStopsEarly() throws IOException {
        CountingStream source = new CountingStream(new byte[20 * BodyPipe.BUFFER_BYTES]);
        Integer first = BodyPipe.run(source, executor, in -> in.read());
        assertThat(first).isZero();
        assertThat(source.count).isEqualTo(20L * BodyPipe.BUFFER_BYTES);
    }

    @Test
    void theConsumersFailureStopsTheReading() {
        CountingStream source = new CountingStream(new byte[20 * BodyPipe.BUFFER_BYTES]);
        IllegalStateException refused = new IllegalStateException("not a report");
        assertThatThrownBy(() -> BodyPipe.run(source, executor, in -> {
            in.read();
            throw refused;
        })).isSameAs(refused);
        // at most the buffers in flight, plus the one being filled when the failure was seen
        assertThat(source.count).isLessThanOrEqualTo((BodyPipe.BUFFERS + 1L) * BodyPipe.BUFFER_BYTES);
    }

    private static final class CountingStream extends ByteArrayInputStream {
        long count;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
