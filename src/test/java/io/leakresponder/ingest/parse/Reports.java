package io.leakresponder.ingest.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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

    /** The refusal a parser answers the fixture with; the test fails if the parser takes it. */
    static ReportFormatException refusal(ReportFormat format, String path) {
        return refusalOf(() -> parse(format, path));
    }

    /** The refusal a parser answers the text with; the test fails if the parser takes it. */
    static ReportFormatException refusalOfText(ReportFormat format, String content) {
        return refusalOf(() -> parseText(format, content));
    }

    /** The {@link ReportFormatException} the call throws; the test fails if it throws nothing or anything else. */
    static ReportFormatException refusalOf(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ReportFormatException.class);
        return (ReportFormatException) thrown;
    }
}
