package io.leakresponder.ingest.parse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The parser for each {@link ReportFormat}, and detection plus parsing in one call. */
public final class ReportParsers {

    private ReportParsers() {
    }

    /** A parser for the format; parsers are stateless, each call may return a new one. */
    public static ReportParser forFormat(ReportFormat format) {
        return switch (format) {
            case GITLEAKS -> new GitleaksJsonParser();
            case GITLEAKS_CSV -> new GitleaksCsvParser();
            case SARIF -> new SarifParser();
            case TRUFFLEHOG -> new TrufflehogParser();
            case GITHUB -> new GithubAlerts.Parser();
            case GITGUARDIAN -> new GitguardianParser();
            case GGSHIELD -> new GgshieldParser();
            case DETECT_SECRETS -> new DetectSecretsParser();
            case NOSEYPARKER -> new NoseyParkerParser();
            case KINGFISHER -> new KingfisherParser();
            case TEXT -> new TextDetector();
        };
    }

    /**
     * Parses the report in the given format, or in the detected one when {@code format} is null.
     *
     * @return the format that was used
     */
    public static ReportFormat parse(InputStream in, ReportFormat format, FindingSink sink) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new PeekInputStream(in, 8192);
        ReportFormat used = format != null ? format : FormatDetector.detect(buffered);
        forFormat(used).parse(buffered, sink);
        return used;
    }
}
