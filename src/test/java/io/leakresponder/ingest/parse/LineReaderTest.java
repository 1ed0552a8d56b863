package io.leakresponder.ingest.parse;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineReaderTest {

    @Test
    void splitsLikeBufferedReader() throws IOException {
        for (String text : new String[]{"", "a", "a\n", "a\r\nb", "a\rb\r", "\n\n", "\r\r\n\n", "x\r", "é\n€\r\n😀",
                "\uFEFFbom\nline", "a\n\r\nb\n"}) {
            assertThat(lines(text.getBytes(StandardCharsets.UTF_8), 1 << 20, 1))
                    .as(text.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(reference(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void splitsLikeBufferedReaderWhateverTheChunksAndBuffer() throws IOException {
        Random random = new Random(7);
        byte[] alphabet = "ab\r\n\r\n{}é".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 300; round++) {
            byte[] text = new byte[random.nextInt(300)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet[random.nextInt(alphabet.length)];
            }
            // Malformed UTF-8 (a lone continuation byte, a cut sequence) decodes to U+FFFD as a reader does.
            if (text.length > 3 && random.nextBoolean()) {
                text[random.nextInt(text.length)] = (byte) 0xA9;
            }
            int chunk = 1 + random.nextInt(17);
            assertThat(lines(text, 1 << 20, chunk)).as("round %d", round).isEqualTo(reference(text));
        }
    }

    @Test
    void aLineUpToTheBoundIsRead() throws IOException {
        byte[] text = ("ab\n" + "x".repeat(100) + "\r\n" + "y".repeat(100)).getBytes(StandardCharsets.UTF_8);
        assertThat(lines(text, 100, 7)).containsExactly("ab", "x".repeat(100), "y".repeat(100));
    }

    @Test
    void aLineOverTheBoundIsRefusedWithItsNumberAndNoContent() {
        byte[] text = ("ok\n" + ACCOUNT_SID.repeat(4) + "\nnext").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> lines(text, 100, 5))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith("line 2: longer than 100 bytes").doesNotContain(ACCOUNT_SID);
                });
        // also when the long line is the last, without a terminator
        byte[] last = ("ok\n" + "z".repeat(101)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> lines(last, 100, 64))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void anEndlessLineIsRefusedAfterTheBoundNotAtTheEndOfTheStream() {
        // A stream that never ends and never breaks its line: the reader must stop by itself.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                return len;
            }
        };
        assertThatThrownBy(() -> {
            LineReader reader = new LineReader(endless, 1 << 16);
            while (reader.next()) {
                // reading
            }
        }).isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.line()).isEqualTo(1));
    }

    @Test
    void defaultBoundIsFourMebibytes() {
        assertThat(LineReader.DEFAULT_MAX_LINE_BYTES).isEqualTo(4 * 1024 * 1024);
    }

    private static List<String> lines(byte[] bytes, int max, int chunk) throws IOException {
        LineReader reader = new LineReader(new Chunked(bytes, chunk), max);
        List<String> out = new ArrayList<>();
        while (reader.next()) {
            assertThat(reader.number()).isEqualTo(out.size() + 1);
            out.add(reader.text());
        }
        assertThat(reader.next()).isFalse();
        return out;
    }

    private static List<String> reference(byte[] bytes) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(
                Inputs.skipBom(new ByteArrayInputStream(bytes)), StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            out.add(line);
        }
        return out;
    }

    /** Hands out at most {@code chunk} bytes per read, as a network stream may. */
    private static final class Chunked extends ByteArrayInputStream {
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }

    @Test
    void wellFormedUtf8AsJavaDecodesIt() {
        java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
        Random random = new Random(3);
        byte[] interesting = {0x41, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2, (byte) 0xDF,
                (byte) 0xE0, (byte) 0xA0, (byte) 0x9F, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0x90, (byte) 0x8F,
                (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};
        for (int round = 0; round < 50_000; round++) {
            byte[] bytes = new byte[random.nextInt(6)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = interesting[random.nextInt(interesting.length)];
            }
            boolean expected;
            try {
                strict.reset().decode(java.nio.ByteBuffer.wrap(bytes));
                expected = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                expected = false;
            }
            assertThat(Inputs.isWellFormedUtf8(bytes, 0, bytes.length)).as(java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(expected);
        }
        byte[] ok = "é€😀".getBytes(StandardCharsets.UTF_8);
        assertThat(Inputs.isWellFormedUtf8(ok, 0, ok.length)).isTrue();
        assertThat(Inputs.isWellFormedUtf8(ok, 0, ok.length - 1)).isFalse();
    }

    @Test
    void tellsAsciiLines() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream("a\né\rb".getBytes(StandardCharsets.UTF_8)));
        List<Boolean> ascii = new ArrayList<>();
        while (reader.next()) {
            ascii.add(reader.ascii());
        }
        assertThat(ascii).containsExactly(true, false, true);
    }

    @Test
    void longLinesWithRareTerminatorsAndNonAscii() throws IOException {
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            byte[] text = new byte[random.nextInt(2_000)];
            for (int i = 0; i < text.length; i++) {
                int r = random.nextInt(1_000);
                text[i] = r < 8
                        ? (byte) '\n'
                        : r < 12
                                ? (byte) '\r'
                                : r < 14
                                        ? (byte) 0xC3
                                        : r < 16
                                                ? (byte) 0xA9
                                                : (byte) ('a' + r % 26);
            }
            int chunk = 1 + random.nextInt(100);
            LineReader reader = new LineReader(new Chunked(text, chunk), 1 << 20);
            List<String> got = new ArrayList<>();
            while (reader.next()) {
                String line = reader.text();
                got.add(line);
                boolean ascii = true;
                for (int i = reader.start(); i < reader.start() + reader.length(); i++) {
                    ascii &= reader.array()[i] >= 0;
                }
                assertThat(reader.ascii()).isEqualTo(ascii);
            }
            assertThat(got).as("round %d", round).isEqualTo(reference(text));
        }
    }
}
