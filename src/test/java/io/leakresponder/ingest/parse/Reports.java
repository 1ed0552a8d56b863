package io.leakresponder.ingest.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Runs parsers over fixtures under {@code src/test/resources/ingest/}. */
final class Reports {

    private Reports() {
    }

    static InputStream resource(String path) {
        InputStream in = Reports.class.getResourceAsStream("/ingest/" + path);
        if (in == null) {
            throw new IllegalArgumentException("no fixture " + path);
        }
        return in;
    }

    static byte[] bytes(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordingSink parse(ReportFormat format, String path) {
        try (InputStream in = resource(path)) {
            return parse(format, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordingSink parseText(ReportFormat format, String content) {
        return parse(format, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    static RecordingSink parse(ReportFormat format, InputStream in) {
        RecordingSink sink = new RecordingSink();
        try {
            ReportParsers.forFormat(format).parse(in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink;
    }
}
